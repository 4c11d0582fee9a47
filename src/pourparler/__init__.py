"""Pourparler: negotiation support for structured, multi-round talks."""

from pourparler.domain.error import (
    Conflict,
    IntegrityFailure,
    InvalidInput,
    NotAllowed,
    NotFound,
    PourparlerError,
    RuleViolation,
    StoreUnavailable,
)

__all__ = [
    "Conflict",
    "IntegrityFailure",
    "InvalidInput",
    "NotAllowed",
    "NotFound",
    "PourparlerError",
    "RuleViolation",
    "StoreUnavailable",
    "__version__",
]

__version__ = "0.1.0"
