"""The signed record from the command line: verify a database and an export, pin a key, check
that a later export extends an earlier one, import what does not verify, rotate the key."""

from __future__ import annotations

import json

from support.cli import Cli, cli_on

ENVOY, OBSERVER = "envoy@harbour.example", "observer@eastmark.example"


def _ceasefire(cli: Cli) -> str:
    assert cli("demo").code == 0
    found = cli("talks", "list", "--json").json()
    return next(t["id"] for t in found if t["title"].startswith("Northland"))


def test_verify_names_the_key_and_an_export_verifies_offline(cli: Cli, tmp_path) -> None:
    talks = _ceasefire(cli)
    here = cli("record", "verify", talks)
    assert here.code == 0, here.stderr
    shown = cli("talks", "show", talks, as_=OBSERVER).stdout
    key = shown.split("record heads signed by key ")[1].split()[0]
    assert key in here.stdout
    export = tmp_path / "talks.json"
    export.write_text(cli("talks", "export", talks, as_=OBSERVER).stdout)
    offline = cli("record", "verify", str(export), "--key", key)
    assert offline.code == 0, offline.stderr
    assert key in offline.stdout
    wrong = cli("record", "verify", str(export), "--key", "0000:0000:0000:0000:0000:0000:0000:0000")
    assert wrong.code == 1
    assert "not by key 0000" in wrong.stderr
    assert key in cli("minutes", json.loads(export.read_text())["talks"]["rounds"][0]["id"],
                      as_=OBSERVER).stdout  # fmt: skip


def test_a_later_export_must_extend_an_earlier_one(cli: Cli, tmp_path) -> None:
    talks = _ceasefire(cli)
    earlier, later = tmp_path / "earlier.json", tmp_path / "later.json"
    earlier.write_text(cli("talks", "export", talks, as_=OBSERVER).stdout)
    assert cli("note", "add", talks, "A note", as_=ENVOY).code == 0
    later.write_text(cli("talks", "export", talks, as_=OBSERVER).stdout)
    extends = cli("record", "verify", str(later), "--against", str(earlier))
    assert extends.code == 0, extends.stderr
    assert "extends" in extends.stdout
    backwards = cli("record", "verify", str(earlier), "--against", str(later))
    assert backwards.code == 1


def test_an_edited_export_is_refused_and_an_unsigned_one_imported_only_as_unverified(
    cli: Cli, tmp_path
) -> None:
    talks = _ceasefire(cli)
    document = json.loads(cli("talks", "export", talks, as_=OBSERVER).stdout)
    other = cli_on(f"sqlite+pysqlite:///{tmp_path / 'other.db'}")
    assert other("db", "upgrade").code == 0
    edited = json.loads(json.dumps(document))
    edited["talks"]["title"] = "Something else"
    (tmp_path / "edited.json").write_text(json.dumps(edited))
    refused = other("talks", "import", str(tmp_path / "edited.json"))
    assert refused.code == 1
    assert "does not verify" in refused.stderr
    unsigned = json.loads(json.dumps(document))
    unsigned["signatures"] = []
    (tmp_path / "unsigned.json").write_text(json.dumps(unsigned))
    assert other("record", "verify", str(tmp_path / "unsigned.json")).code == 1
    assert other("talks", "import", str(tmp_path / "unsigned.json")).code == 1
    kept = other("talks", "import", str(tmp_path / "unsigned.json"), "--unverified")
    assert kept.code == 0, kept.stderr
    assert "UNVERIFIED" in other("talks", "show", talks, as_=OBSERVER).stdout
    assert other("record", "verify", talks).code == 1


def test_a_rotated_key_hands_over_and_keeps_signing(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("POURPARLER_SIGNING_KEY", str(tmp_path / "own.signing-key"))
    cli = cli_on(f"sqlite+pysqlite:///{tmp_path / 'rotated.db'}")
    assert cli("db", "upgrade").code == 0
    talks = _ceasefire(cli)
    before = cli("talks", "show", talks, as_=OBSERVER).stdout
    old = before.split("record heads signed by key ")[1].split()[0].rstrip(",")
    rotated = cli("db", "rotate-key")
    assert rotated.code == 0, rotated.stderr
    assert cli("note", "add", talks, "After the rotation", as_=ENVOY).code == 0
    export = tmp_path / "talks.json"
    export.write_text(cli("talks", "export", talks, as_=OBSERVER).stdout)
    pinned = cli("record", "verify", str(export), "--key", old)
    assert pinned.code == 0, pinned.stderr
    assert cli("record", "verify", talks).code == 0
    assert list(tmp_path.glob("own.signing-key.retired-*"))  # the old key is kept


def test_fingerprints_are_read_however_written_and_garbage_is_bad_input(cli: Cli, tmp_path) -> None:
    talks = _ceasefire(cli)
    shown = cli("talks", "show", talks, as_=OBSERVER).stdout
    key = shown.split("record heads signed by key ")[1].split()[0]
    export = tmp_path / "talks.json"
    export.write_text(cli("talks", "export", talks, as_=OBSERVER).stdout)
    for written in (key.upper(), key.replace(":", ""), f" {key} "):
        assert cli("record", "verify", str(export), "--key", written).code == 0, written
    garbage = cli("record", "verify", str(export), "--key", "garbage")
    assert garbage.code == 2
    assert "not a key fingerprint" in garbage.stderr
    missing = cli("record", "verify", str(tmp_path / "nothing.json"))
    assert (missing.code, missing.stderr.strip()) == (
        2,
        f"error: no such export file: {tmp_path / 'nothing.json'}",
    )


def test_swapped_exports_are_named_as_such_not_as_a_rewrite(cli: Cli, tmp_path) -> None:
    talks = _ceasefire(cli)
    earlier, later = tmp_path / "earlier.json", tmp_path / "later.json"
    earlier.write_text(cli("talks", "export", talks, as_=OBSERVER).stdout)
    assert cli("note", "add", talks, "A note", as_=ENVOY).code == 0
    later.write_text(cli("talks", "export", talks, as_=OBSERVER).stdout)
    swapped = cli("record", "verify", str(earlier), "--against", str(later))
    assert swapped.code == 1
    assert "give the newer export first" in swapped.stderr


def test_talks_imported_unverified_stay_unverified_after_new_acts(cli: Cli, tmp_path) -> None:
    talks = _ceasefire(cli)
    document = json.loads(cli("talks", "export", talks, as_=ENVOY).stdout)
    document["signatures"] = []
    (tmp_path / "unsigned.json").write_text(json.dumps(document))
    other = cli_on(f"sqlite+pysqlite:///{tmp_path / 'other.db'}")
    assert other("db", "upgrade").code == 0
    assert other("talks", "import", str(tmp_path / "unsigned.json"), "--unverified").code == 0
    assert other("note", "add", talks, "After the import", as_=ENVOY).code == 0
    verified = other("record", "verify", talks)
    assert verified.code == 1
    assert "imported UNVERIFIED" in verified.stderr


def test_an_import_can_require_a_pinned_key(cli: Cli, tmp_path) -> None:
    talks = _ceasefire(cli)
    (tmp_path / "t.json").write_text(cli("talks", "export", talks, as_=OBSERVER).stdout)
    other = cli_on(f"sqlite+pysqlite:///{tmp_path / 'other.db'}")
    assert other("db", "upgrade").code == 0
    wrong = "0000:0000:0000:0000:0000:0000:0000:0000"
    refused = other("talks", "import", str(tmp_path / "t.json"), "--key", wrong)
    assert refused.code == 1
    assert "not by key" in refused.stderr


def test_a_deleted_note_is_named_to_the_mediator_who_may_read_it(cli: Cli, tmp_path) -> None:
    url = f"sqlite+pysqlite:///{tmp_path / 'notes.db'}"
    run = cli_on(url)
    assert run("db", "upgrade").code == 0
    talks = _ceasefire(run)
    assert run("note", "add", talks, "A note", as_=ENVOY).code == 0
    import sqlite3

    with sqlite3.connect(tmp_path / "notes.db") as db:
        db.execute("DELETE FROM mediator_notes")
    seen = run("record", "verify", talks, as_=ENVOY)
    assert seen.code == 1
    assert "note:" in seen.stderr
    hidden = run("record", "verify", talks, as_=OBSERVER)
    assert hidden.code == 1
    assert "note:" not in hidden.stderr
    assert "an item you may not read" in hidden.stderr
