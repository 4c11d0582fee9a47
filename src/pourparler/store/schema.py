"""What every table shares: the metadata with its naming convention, and column helpers."""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Integer, MetaData, String
from sqlalchemy.orm import registry

__all__ = [
    "ID",
    "id_column",
    "mapper_registry",
    "metadata",
    "position_column",
    "reference",
    "talks_id_column",
]

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s",
    "pk": "pk_%(table_name)s",
}
metadata = MetaData(naming_convention=NAMING)
mapper_registry = registry(metadata=metadata)

ID = 36  # a generated id has 12 hex digits; room for UUIDs from elsewhere


def id_column() -> Column[str]:
    return Column("id", String(ID), primary_key=True)


def talks_id_column() -> Column[str]:
    """The link of a child row to its talks: deleting the talks deletes the child."""
    return Column(
        "talks_id",
        String(ID),
        ForeignKey("talks.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    )


def reference(
    name: str, target: str, *, nullable: bool = False, index: bool = False
) -> Column[str]:
    """A reference checked at commit, so the order of inserts in a flush does not matter."""
    key = ForeignKey(target, deferrable=True, initially="DEFERRED")
    return Column(name, String(ID), key, nullable=nullable, index=index)


def position_column() -> Column[int]:
    """Where a child stands in its talks' list, so lists come back in the order kept."""
    return Column("position", Integer, nullable=False)
