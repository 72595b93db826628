"""Working days for BE, NL and England & Wales."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from casetui.errors import InputError
from casetui.workdays import (
    add_business_days,
    is_working_day,
    next_working_day,
    roll_forward,
)


def test_weekends_and_holidays_are_not_working_days() -> None:
    assert is_working_day(date(2024, 3, 1), "BE")  # Friday
    assert not is_working_day(date(2024, 3, 2), "BE")  # Saturday
    assert not is_working_day(date(2025, 7, 21), "BE")  # National Day
    assert is_working_day(date(2025, 7, 21), "BE", count_holidays=False)
    assert not is_working_day(date(2024, 4, 27), "NL")  # Saturday anyway
    assert not is_working_day(date(2023, 4, 27), "NL")  # King's Day, Thursday
    assert not is_working_day(date(2024, 3, 29), "GB")  # Good Friday
    assert not is_working_day(date(2026, 12, 28), "UK")  # Boxing Day observed


def test_nl_liberation_day_counts_every_year() -> None:
    # Algemene termijnenwet: 5 May every year, not only in lustrum years.
    assert not is_working_day(date(2023, 5, 5), "NL")
    assert not is_working_day(date(2025, 5, 5), "NL")
    assert is_working_day(date(2023, 5, 5), "BE")


def test_add_business_days_skips_weekends_and_holidays() -> None:
    assert add_business_days(date(2024, 3, 1), 5, "BE") == date(2024, 3, 8)
    assert add_business_days(date(2024, 3, 1), 0, "BE") == date(2024, 3, 1)
    # Thursday 31 Oct 2024, Friday 1 Nov is All Saints (BE) but not an English holiday.
    assert add_business_days(date(2024, 10, 31), 1, "BE") == date(2024, 11, 4)
    assert add_business_days(date(2024, 10, 31), 1, "GB") == date(2024, 11, 1)
    # Over Christmas in England: 25, 26 Dec and the weekend.
    assert add_business_days(date(2024, 12, 24), 1, "GB") == date(2024, 12, 27)
    with pytest.raises(InputError):
        add_business_days(date(2024, 3, 1), -1, "BE")


def test_next_working_day_and_roll_forward() -> None:
    assert next_working_day(date(2024, 3, 1), "NL") == date(2024, 3, 4)
    assert next_working_day(date(2024, 3, 4), "NL") == date(2024, 3, 5)
    assert roll_forward(date(2024, 3, 4), "NL") == date(2024, 3, 4)
    assert roll_forward(date(2024, 3, 30), "NL") == date(2024, 4, 2)  # Sat, Easter Sun + Mon


def test_unknown_country_is_an_input_error() -> None:
    with pytest.raises(InputError, match="no holiday calendar"):
        is_working_day(date(2024, 3, 1), "XX")


def test_the_bundled_holiday_table_is_what_the_package_says() -> None:
    from casetui.workdays import TABLE_COUNTRIES, package_holidays, public_holidays

    for country in TABLE_COUNTRIES:
        for year in (2000, 2024, 2026, 2027, 2060):
            assert public_holidays(country, year) == package_holidays(country, year), (
                country,
                year,
            )


def test_working_days_from_the_table_do_not_load_the_package() -> None:
    import subprocess
    import sys

    code = (
        "import sys\nfrom datetime import date\n"
        "from casetui.workdays import roll_forward\n"
        "assert roll_forward(date(2026, 4, 4), 'BE') == date(2026, 4, 7)  # Easter Monday\n"
        "print('holidays' in sys.modules)\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "False"


def test_without_a_country_only_weekends_are_days_off() -> None:
    from casetui.workdays import roll_forward

    assert roll_forward(date(2026, 12, 26), "") == date(2026, 12, 28)
    assert roll_forward(date(2026, 12, 25), "") == date(2026, 12, 25)


def test_a_holiday_table_saved_by_a_spreadsheet_still_reads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The tables are data a user may update: a byte-order mark, CRLF line ends and a name
    quoted for its comma do not change the days (read without the csv module)."""
    from casetui import workdays

    table = tmp_path / "BE.csv"
    table.write_bytes(
        b"\xef\xbb\xbfdate,name\r\n2026-04-06,Easter Monday\r\n"
        b'2026-07-21,"National Day, Belgium"\r\n\r\n'
    )
    monkeypatch.setattr(workdays, "holidays_file", lambda code: table)
    workdays._holiday_table.cache_clear()
    workdays.public_holidays.cache_clear()
    try:
        assert not workdays.is_working_day(date(2026, 4, 6), "BE")
        assert not workdays.is_working_day(date(2026, 7, 21), "BE")
        assert workdays.is_working_day(date(2026, 7, 22), "BE")
        table.write_text("day,name\n2026-04-06,Easter Monday\n", encoding="utf-8")
        workdays._holiday_table.cache_clear()
        workdays.public_holidays.cache_clear()
        with pytest.raises(ValueError, match="not a holiday table"):
            workdays.is_working_day(date(2026, 4, 6), "BE")
    finally:
        workdays._holiday_table.cache_clear()
        workdays.public_holidays.cache_clear()
