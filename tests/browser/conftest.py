"""A real server for the browser tests: `uvicorn` on a free 127.0.0.1 port over a SQLite file
with the demo loaded, driven by Debian's Chromium through Playwright (never a downloaded
browser). Without /usr/bin/chromium the tests skip, saying so."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "test-output" / "screenshots"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def require_chromium() -> None:
    if not CHROMIUM.exists():
        pytest.skip(
            "browser tests need Debian's Chromium at /usr/bin/chromium (apt-get install chromium)"
        )


@contextmanager
def demo_server(folder: Path) -> Iterator[str]:
    """`pourparler serve`'s application over a database of its own in `folder`, with the demo
    loaded, on a free port of 127.0.0.1; yields its base URL and stops it afterwards."""
    env = {
        **os.environ,
        "POURPARLER_DATABASE_URL": f"sqlite+pysqlite:///{folder / 'pourparler.db'}",
        "POURPARLER_SIGNING_KEY": str(folder / "pourparler.signing-key"),
    }
    cli = [str(Path(sys.executable).parent / "pourparler")]
    subprocess.run([*cli, "db", "upgrade"], env=env, check=True, capture_output=True)
    subprocess.run([*cli, "demo"], env=env, check=True, capture_output=True)
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "--factory", "pourparler.server.asgi:application",
         "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
        env=env,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):  # wait until it answers; not a timing assertion
            try:
                with urllib.request.urlopen(f"{base}/healthz") as answer:
                    if answer.status == 200:
                        break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("the server did not start")
        yield base
    finally:
        process.terminate()
        process.wait()


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    require_chromium()
    with demo_server(tmp_path_factory.mktemp("served")) as base:
        yield base


@pytest.fixture(scope="session")
def browser():
    """Chromium, launched once. It needs no served demo: a test on a server of its own (a
    module's `own_server`) does not start the shared one as well."""
    require_chromium()
    shutil.rmtree(SCREENSHOTS, ignore_errors=True)  # this run's screenshots only
    os.environ["PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD"] = "1"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        yield launched
        launched.close()
