"""One definition per document: the published schema, the example and the reader agree."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from typer.testing import CliRunner

from pourparler.cli.main import app
from pourparler.domain.error import InvalidInput
from pourparler.services.document import DOCUMENTS, read_document, schema_of, schema_text

DOCS = Path(__file__).resolve().parents[3] / "docs"


@pytest.mark.parametrize("kind", list(DOCUMENTS))
def test_the_shipped_schema_is_the_one_generated_from_the_reader(kind: str) -> None:
    shipped = (DOCS / "schemas" / f"{kind}.schema.json").read_text(encoding="utf-8")
    assert shipped == schema_text(kind), f"run: pourparler schema {kind} > docs/schemas/..."
    Draft202012Validator.check_schema(json.loads(shipped))


@pytest.mark.parametrize("kind", list(DOCUMENTS))
def test_the_schema_command_prints_the_shipped_schema(kind: str) -> None:
    printed = CliRunner().invoke(app, ["schema", kind])
    assert printed.exit_code == 0
    assert printed.stdout == (DOCS / "schemas" / f"{kind}.schema.json").read_text(encoding="utf-8")


def test_the_schema_command_refuses_an_unknown_document_in_one_line() -> None:
    printed = CliRunner().invoke(app, ["schema", "treaty"])
    assert printed.exit_code == 2
    assert printed.stderr.strip() == (
        "error: no document 'treaty': use one of memorandum, clauses, profile, export"
    )


def documented_examples() -> list[Any]:
    text = (DOCS / "documents.md").read_text(encoding="utf-8")
    return [json.loads(block) for block in re.findall(r"```json\n(.*?)```", text, re.DOTALL)]


def test_every_documented_example_is_valid_by_the_schema_and_by_the_reader() -> None:
    examples = documented_examples()
    assert len(examples) == len(DOCUMENTS)
    for kind, example in zip(DOCUMENTS, examples, strict=True):
        Draft202012Validator(schema_of(kind)).validate(example)
        read_document(DOCUMENTS[kind], example, kind)


POSITION = {"issue": "Scope", "asked_options": ["Line"]}
ALTERNATIVE = {"parties": ["North"], "text": "Line"}
CLAUSE = {"key": "c1", "heading": "Scope", "status": "bracketed"}


@pytest.mark.parametrize(
    ("kind", "document"),
    [
        ("memorandum", {"position": [POSITION]}),
        ("memorandum", {"positions": [{**POSITION, "issue_id": "x"}]}),
        ("memorandum", {"positions": [{"asked_options": ["Line"]}]}),
        ("memorandum", {"positions": [{**POSITION, "asked_range": [1, 2, 3]}]}),
        ("memorandum", {"positions": [{**POSITION, "asked_range": [1, "2"]}]}),
        ("memorandum", {"positions": [{**POSITION, "red_line": "yes"}]}),
        ("clauses", [{**CLAUSE, "alternatives": [{**ALTERNATIVE, "party_id": "n"}]}]),
        ("clauses", [{**CLAUSE, "alternatives": [{"text": "Line"}]}]),
        ("clauses", [{**CLAUSE, "issues": ["Scope"], "issue_ids": ["x"]}]),
        ("clauses", [{**CLAUSE, "status": "agreed"}]),
        ("clauses", {"clauses": []}),
        ("profile", {"issues": [{"issue": "Scope", "rating": {"Line": 1}}]}),
        ("profile", {"reservation": 1.5, "issues": []}),
        ("profile", {"issues": [{"issue": "Scope", "weight": -1}]}),
    ],
)
def test_what_the_schema_refuses_the_reader_refuses(kind: str, document: Any) -> None:
    assert not Draft202012Validator(schema_of(kind)).is_valid(document)
    with pytest.raises(InvalidInput, match=f"^{kind}: "):
        read_document(DOCUMENTS[kind], document, kind)
