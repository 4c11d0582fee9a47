"""What people write prints as they wrote it: square brackets are text, never terminal styles."""

from __future__ import annotations

import json

from support.cli import Cli

DELEGATE = "delegate@northland.example"
WRITTEN = "Text with [bold]markup[/bold] and [/oops] [red line]"


def test_brackets_in_a_memorandum_and_an_issue_print_as_written(cli: Cli, tmp_path) -> None:
    assert cli("demo").code == 0
    talks = next(
        t["id"] for t in cli("talks", "list", "--json").json() if "ceasefire" in t["title"]
    )
    memo = cli("memo", "create", talks, "Brackets [/x]", as_=DELEGATE).stdout.strip()
    file = tmp_path / "memo.json"
    file.write_text(json.dumps({"sections": [{"key": "a", "heading": "H [/x]", "body": WRITTEN}]}))
    assert cli("memo", "save", talks, memo, str(file), as_=DELEGATE).code == 0
    shown = cli("memo", "show", talks, memo, as_=DELEGATE)
    assert shown.code == 0, shown.stderr
    assert WRITTEN in shown.stdout
    added = cli("talks", "issue", talks, "Odd [/x] issue", "--kind", "clause")
    assert added.code == 0, added.stderr
    overview = cli("talks", "show", talks)
    assert overview.code == 0, overview.stderr
    assert "Odd [/x] issue" in overview.stdout
