"""Rate tables: bundled data, coverage and extrapolation, user rows, bad files."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from casetui.errors import InputError
from casetui.law import compute_claim
from casetui.law.rates import (
    SERIES,
    RateBook,
    be_b2b_from_reference,
    bundled_rates_dir,
    default_rate_book,
    read_rate_file,
)

D = Decimal
HEADER = "series,from,rate,confidence,source,note\n"


def test_every_series_is_bundled_with_sources(book: RateBook) -> None:
    assert set(book.names()) == set(SERIES)
    for name in SERIES:
        series = book.series(name)
        assert series.first_day == date(2019, 1, 1)
        for row in series.rows:
            assert row.source.strip(), row.origin
            assert row.confidence in ("H", "M", "L", "derived")


@pytest.mark.parametrize(
    ("series", "end"),
    [
        ("eu", date(2026, 6, 30)),
        ("be-b2b", date(2026, 6, 30)),
        ("be-legal", date(2026, 12, 31)),
        ("nl-handelsrente", date(2026, 6, 30)),
        ("nl-wettelijke", date(2026, 6, 30)),
        ("uk", date(2026, 6, 30)),
    ],
)
def test_coverage_ends_with_the_last_verified_period(book: RateBook, series: str, end: date):
    assert book.series(series).coverage_end == end


@pytest.mark.parametrize(
    ("series", "day", "rate"),
    [
        ("eu", date(2022, 12, 31), "8.00"),
        ("eu", date(2023, 1, 1), "10.50"),
        ("eu", date(2025, 7, 1), "10.15"),
        ("be-b2b", date(2019, 8, 1), "8.00"),  # not the 8.5 two newsletters give
        ("be-b2b", date(2024, 7, 1), "12.50"),
        ("be-b2b", date(2025, 3, 1), "11.50"),
        ("be-legal", date(2023, 6, 1), "5.25"),
        ("be-legal", date(2024, 6, 1), "5.75"),
        ("nl-handelsrente", date(2024, 7, 1), "12.25"),
        ("nl-wettelijke", date(2024, 12, 31), "7.00"),
        ("nl-wettelijke", date(2025, 7, 1), "5.00"),  # issue 18, item 12: not 6 carried on
        ("nl-wettelijke", date(2026, 1, 1), "4.00"),
        ("uk", date(2022, 7, 1), "9.25"),
        ("uk", date(2026, 1, 1), "11.75"),
    ],
)
def test_table_values(book: RateBook, series: str, day: date, rate: str) -> None:
    assert book.series(series).quote(day).rate == D(rate)


def test_be_b2b_table_agrees_with_the_rounding_rule(book: RateBook) -> None:
    eu, be = book.series("eu"), book.series("be-b2b")
    for row in be.rows:
        assert row.rate == be_b2b_from_reference(eu.quote(row.start).rate), row.start
    assert be_b2b_from_reference(D("12.25")) == D("12.5")
    assert be_b2b_from_reference(D("11.15")) == D("11.5")
    assert be_b2b_from_reference(D("10.50")) == D("10.5")


def test_extrapolation_is_flagged_and_explained() -> None:
    claim = compute_claim(
        regime="nl-b2b",
        currency="EUR",
        principal=D("1000"),
        due=date(2026, 5, 31),
        until=date(2026, 11, 23),
    )
    assert claim.extrapolated
    assert [p.extrapolated for p in claim.periods] == [False, True]
    assert claim.periods[1].rate == D("10.15")
    assert (
        "No NL handelsrente for 2026 H2 in the rate table; last known rate 10.15 % (2026 H1) used"
        in claim.warnings
    )
    assert claim.to_json()["extrapolated"] is True


def test_extrapolation_over_several_periods_names_the_span() -> None:
    claim = compute_claim(
        regime="nl-b2c",
        currency="EUR",
        principal=D("1000"),
        due=date(2025, 12, 1),
        until=date(2027, 11, 23),
    )
    assert (
        "No NL wettelijke rente for 2026 H2 to 2027 H2 in the rate table; last known rate "
        "4.00 % (2026 H1) used" in claim.warnings
    )


def test_uk_extrapolates_only_by_the_start_half_year() -> None:
    inside = compute_claim(
        regime="uk-b2b",
        currency="GBP",
        principal=D("1000"),
        due=date(2026, 6, 1),
        until=date(2026, 11, 23),
    )
    assert not inside.extrapolated  # started in 2026 H1: fixed, never split later
    late = compute_claim(
        regime="uk-b2b",
        currency="GBP",
        principal=D("1000"),
        due=date(2026, 7, 1),
        until=date(2026, 11, 23),
    )
    assert late.extrapolated
    assert late.warnings[0] == (
        "No UK statutory rate (BoE + 8) for 2026 H2 in the rate table; last known rate "
        "11.75 % (2026 H1) used"
    )


def test_no_rate_before_the_table_starts() -> None:
    with pytest.raises(InputError, match="no BE B2B rate before 2019-01-01"):
        compute_claim(
            regime="be-b2b",
            currency="EUR",
            principal=D("100"),
            due=date(2018, 6, 1),
            until=date(2019, 6, 1),
        )


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_user_rows_add_and_override(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CASETUI_CONFIG_DIR", str(tmp_path))
    write(
        tmp_path / "rates",
        "mine.csv",
        HEADER
        + "# a comment line, then a new half-year and a correction\n"
        + "nl-handelsrente,2026-07-01,9.90,H,Staatscourant,test row\n"
        + "\n"
        + "be-b2b,2024-07-01,12.00,H,corrected,test override\n",
    )
    book = default_rate_book()
    nl = book.series("nl-handelsrente")
    assert nl.coverage_end == date(2026, 12, 31)
    assert nl.quote(date(2026, 8, 1)).rate == D("9.90")
    assert not nl.quote(date(2026, 8, 1)).extrapolated
    assert book.series("be-b2b").quote(date(2024, 8, 1)).rate == D("12.00")
    assert book.series("be-b2b").quote(date(2025, 2, 1)).rate == D("11.50")  # bundled stays

    claim = compute_claim(
        regime="nl-b2b",
        currency="EUR",
        principal=D("1000"),
        due=date(2026, 5, 31),
        until=date(2026, 11, 23),
    )
    assert not claim.extrapolated
    assert claim.periods[1].rate == D("9.90")


def test_default_book_is_cached_until_a_user_file_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CASETUI_CONFIG_DIR", str(tmp_path))
    first = default_rate_book()
    assert default_rate_book() is first
    write(tmp_path / "rates", "new.csv", HEADER + "uk,2026-07-01,11.50,M,BoE,test\n")
    second = default_rate_book()
    assert second is not first
    assert second.series("uk").quote(date(2026, 7, 1)).rate == D("11.50")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("nl-handelsrente,2026-07-02,9.90,H,src,\n", "start on 1 January or 1 July"),
        ("be-legal,2027-07-01,4.00,H,src,\n", "start on 1 January, not 2027-07-01"),
        ("nl-handelsrente,01/07/2026,9.90,H,src,\n", "YYYY-MM-DD"),
        ("nl-handelrente,2026-07-01,9.90,H,src,\n", "unknown series 'nl-handelrente'"),
        ("nl-handelsrente,2026-07-01,9,90,H,src,\n", "expected 6 columns"),
        ("nl-handelsrente,2026-07-01,ten,H,src,\n", "rate must be a number"),
        ("nl-handelsrente,2026-07-01,-1,H,src,\n", "between 0 and 100"),
        ("nl-handelsrente,2026-07-01,9.90,sure,src,\n", "confidence must be one of"),
        ("nl-handelsrente,2026-07-01,9.90,H,,\n", "source is required"),
        (
            "uk,2026-07-01,11.5,M,a,\nuk,2026-07-01,11.0,M,b,\n",
            "a second row for uk from 2026-07-01",
        ),
    ],
)
def test_bad_user_row_names_file_and_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, body: str, message: str
) -> None:
    monkeypatch.setenv("CASETUI_CONFIG_DIR", str(tmp_path))
    path = write(tmp_path / "rates", "bad.csv", HEADER + "\n" + body)
    with pytest.raises(InputError) as caught:
        default_rate_book()
    text = str(caught.value)
    assert text.startswith(f"{path}:3: ") or text.startswith(f"{path}:4: ")
    assert message in text


def test_bad_header_and_empty_file(tmp_path: Path) -> None:
    bad = write(tmp_path, "a.csv", "series;from;rate\n")
    with pytest.raises(InputError, match=r"a\.csv:1: the header must be"):
        read_rate_file(bad)
    empty = write(tmp_path, "b.csv", "# nothing here\n")
    with pytest.raises(InputError, match="empty rate file"):
        read_rate_file(empty)


def test_bom_from_a_spreadsheet_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"
    path.write_bytes(("\ufeff" + HEADER + "uk,2026-07-01,11.50,M,BoE,\n").encode("utf-8"))
    (row,) = read_rate_file(path)
    assert row.rate == D("11.50")


def test_bundled_files_parse_strictly() -> None:
    for path in sorted(bundled_rates_dir().glob("*.csv")):
        assert read_rate_file(path, user_file=False)


def test_nl_statutory_table_agrees_with_the_decree_method(book: RateBook) -> None:
    """Issue 18, item 12: the NL non-commercial rate had no 2026 row and carried 6 % on; the
    decree's method (ECB MRO at the end of April / October + 2.25, whole percent, halves up,
    at most 2 points a step) gives every published figure since 2023 and the two newer ones."""
    from casetui.law.rates import nl_statutory_from_mro

    mro_at_reference_date = {  # ECB main refinancing rate at the end of October / April
        date(2023, 1, 1): "2.00",
        date(2023, 7, 1): "3.50",
        date(2024, 1, 1): "4.50",
        date(2024, 7, 1): "4.50",
        date(2025, 1, 1): "3.40",
        date(2025, 7, 1): "2.40",
        date(2026, 1, 1): "2.15",
    }
    series = book.series("nl-wettelijke")
    for day, mro in mro_at_reference_date.items():
        previous = series.quote(date.fromordinal(day.toordinal() - 1)).rate
        assert series.quote(day).rate == nl_statutory_from_mro(D(mro), previous), day
    assert series.quote(date(2026, 1, 1)).confidence == "derived"
