"""The store tests run the command line in this process: each starts from a fresh read of
the business profile (it is cached per run, and another test may have left its own)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from casetui.cli.common import business_profile


@pytest.fixture(autouse=True)
def _fresh_profile() -> Iterator[None]:
    business_profile.cache_clear()
    yield
    business_profile.cache_clear()
