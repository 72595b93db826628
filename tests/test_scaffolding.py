"""The tests' own scaffolding stays single (issue 19, item 7): one day the tests pretend it
is, values and helpers imported from support modules rather than from a conftest, and one
runner for `async def` tests."""

from __future__ import annotations

import re
from pathlib import Path

TESTS = Path(__file__).parent
SOURCES = {path: path.read_text(encoding="utf-8") for path in sorted(TESTS.rglob("*.py"))}


def where(pattern: str) -> list[str]:
    found = re.compile(pattern, re.MULTILINE)
    return [str(path.relative_to(TESTS)) for path, text in SOURCES.items() if found.search(text)]


def test_today_is_defined_once() -> None:
    # A test with a day of its own names it for what it is (A_WEDNESDAY, IMPORT_DAY...).
    assert where(r"^TODAY\s*[:=]") == ["support.py"]


def test_nothing_is_imported_from_a_conftest() -> None:
    assert where(r"^\s*from\s+(\.+|[\w.]*\.)?conftest\s+import|^\s*import\s+[\w.]*conftest") == []


def test_one_runner_for_async_tests() -> None:
    assert where(r"^def pytest_pyfunc_call") == ["conftest.py"]
    assert where(r"^\s*@pytest\.mark\.asyncio|asyncio\.run\(") == ["conftest.py"]
