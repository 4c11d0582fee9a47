"""Pourparler: negotiation support for structured, multi-round talks."""

from pourparler.domain.error import (
    Conflict,
    IntegrityFailure,
    InvalidInput,
    NotAllowed,
    NotFound,
    PourparlerError,
    RuleViolation,
)

__all__ = [
    "Conflict",
    "IntegrityFailure",
    "InvalidInput",
    "NotAllowed",
    "NotFound",
    "PourparlerError",
    "RuleViolation",
    "__version__",
]

__version__ = "0.1.0"
