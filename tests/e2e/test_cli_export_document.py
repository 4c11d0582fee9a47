"""The demo's exports, as `talks export` prints them, are valid by the published definition of
the export; a damaged one is refused on the command line in one line naming the path."""

from __future__ import annotations

import json

import pytest
from jsonschema import Draft202012Validator

from pourparler.services.export_document import read_export
from support.cli import Cli

READERS = [
    None,  # the secretariat
    "envoy@harbour.example",
    "head@northland.example",
    "delegate@southland.example",
    "observer@eastmark.example",
]


@pytest.fixture
def demo(cli: Cli) -> tuple[Cli, str]:
    assert cli("demo").code == 0
    found = cli("talks", "list", "--json").json()
    return cli, next(t["id"] for t in found if t["title"].startswith("Northland"))


def test_every_demo_export_is_valid_by_the_published_schema(demo: tuple[Cli, str]) -> None:
    cli, talks = demo
    schema = json.loads(cli("schema", "export").stdout)
    for who in READERS:
        printed = cli("talks", "export", talks, as_=who)
        assert printed.code == 0, printed.stderr
        document = json.loads(printed.stdout)
        read_export(document)
        Draft202012Validator(schema).validate(document)


def test_a_damaged_export_is_refused_in_one_line_naming_the_path(
    demo: tuple[Cli, str], tmp_path
) -> None:
    cli, talks = demo
    document = json.loads(cli("talks", "export", talks, as_="envoy@harbour.example").stdout)
    document["talks"]["members"][1]["rol"] = document["talks"]["members"][1].pop("role")
    damaged = tmp_path / "damaged.json"
    damaged.write_text(json.dumps(document))
    for args in (["talks", "import", str(damaged)], ["record", "verify", str(damaged)]):
        refused = cli(*args)
        assert refused.code == 2, (args, refused.stderr)
        assert refused.stderr.strip().splitlines() == [
            "error: malformed export: unknown key 'rol' in talks.members[1] "
            "(known keys: person, name, email, role, party, confirmed)"
        ]
