"""Walk the demo talks through the JSON API, as a program would.

Usage: python examples/api_walk.py [BASE_URL] [EMAIL] [PASSWORD]
(defaults: http://127.0.0.1:8000, the Northland head of the demo and its printed password).

Signs in for an API token, then reads the talks it has a seat in, the rounds, the memoranda it
may read, the single text and the last entries of the record; prints a short summary of each.
Only the standard library is used, so it runs anywhere Python does.
"""

from __future__ import annotations

import json
import sys
import urllib.error
import urllib.request
from typing import Any


def call(base: str, path: str, token: str | None = None, body: Any = None) -> Any:
    request = urllib.request.Request(
        base + path,
        data=None if body is None else json.dumps(body).encode(),
        headers={"Content-Type": "application/json"}
        | ({"Authorization": f"Bearer {token}"} if token else {}),
        method="POST" if body is not None else "GET",
    )
    with urllib.request.urlopen(request, timeout=30) as answer:
        return json.loads(answer.read())


def main() -> None:
    base = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
    email = sys.argv[2] if len(sys.argv) > 2 else "head@northland.example"
    password = sys.argv[3] if len(sys.argv) > 3 else "northland-head-demo"
    token = call(
        base, "/api/tokens", body={"email": email, "password": password, "name": "api walk"}
    )["token"]
    for talks in call(base, "/api/talks", token)["items"]:
        tid = talks["id"]
        print(f"{talks['title']} ({talks['status']}), parties: {', '.join(talks['parties'])}")
        for r in call(base, f"/api/talks/{tid}/rounds", token)["items"]:
            print(f"  round {r['number']}: {r['status']}, {r['venue']}")
        for m in call(base, f"/api/talks/{tid}/memoranda", token)["items"]:
            print(f"  memorandum: {m['title']}")
        try:
            text = call(base, f"/api/talks/{tid}/text", token)
            clauses = text["version"].get("clauses", [])
            print(f"  single text: version {text['version']['number']}, {len(clauses)} clauses")
        except urllib.error.HTTPError as refused:
            if refused.code != 404:  # talks without a single text yet answer 404
                raise
        seen, after = 0, 0
        while after is not None:  # the record comes a page at a time
            page = call(base, f"/api/talks/{tid}/record?after={after}", token)
            seen, after = seen + len(page["items"]), page["next"]
        print(f"  record: {seen} entries you may see (others' private acts as stubs)")


if __name__ == "__main__":
    try:
        main()
    except urllib.error.HTTPError as refused:  # a problem document: say what it says
        problem = json.loads(refused.read() or b"{}")
        sys.exit(f"{refused.code} {problem.get('title', '')}: {problem.get('detail', '')}")
    except urllib.error.URLError as down:
        sys.exit(f"cannot reach the server: {down.reason}")
