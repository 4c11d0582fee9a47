"""The `api` fixture: the application over the standard cast, called as any member."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from support.api import Api, serve


@pytest.fixture
def api() -> Iterator[Api]:
    served = serve()
    with served.client:
        yield served
