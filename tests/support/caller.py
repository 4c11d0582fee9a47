"""Callers of use cases in tests: the operator, or a person named by e-mail."""

from pourparler.services.principal import OPERATOR, Principal

__all__ = ["OPERATOR", "by"]


def by(who: str | Principal | None) -> Principal:
    """The person with this e-mail, as the command line's `--as` names them; `None` or the
    operator itself stand for the installation's operator (tables of roles list it so)."""
    if isinstance(who, Principal):
        return who
    return OPERATOR if who is None else Principal.named(who)
