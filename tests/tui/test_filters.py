"""The filter language of the case lists (pure: no app)."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casetui.filters import Facts, parse
from casetui.ledger import Ledger
from tests.support import TODAY


@pytest.fixture
def facts(ledger: Ledger) -> list[Facts]:
    return [
        Facts(state, ledger.customer(state.customer_id).name, TODAY) for state in ledger.cases()
    ]


def ids(query: str, facts: list[Facts]) -> set[str]:
    parsed = parse(query)
    assert not parsed.errors, parsed.errors
    return {f.case_id for f in parsed.select(facts)}


def test_empty_query_matches_everything(facts: list[Facts]) -> None:
    assert not parse("")
    assert not parse("   ")
    assert len(parse("").select(facts)) == len(facts)


def test_free_text_searches_customer_invoice_and_notes(facts: list[Facts]) -> None:
    one = facts[0]
    assert one.case_id in ids(one.customer.split()[0].upper(), facts)
    assert ids(one.invoice.lower(), facts) == {
        f.case_id for f in facts if f.invoice.lower() == one.invoice.lower()
    }
    noted = next(f for f in facts if any(raw["kind"] == "note" for raw in f.state.raw_events))
    note = next(raw["text"] for raw in noted.state.raw_events if raw["kind"] == "note")
    assert noted.case_id in ids(f'"{note[:25]}"', facts)


def test_terms(facts: list[Facts]) -> None:
    assert ids("stage:formal-notice", facts) == {
        f.case_id for f in facts if f.stage.value == "formal-notice"
    }
    assert ids("stage:formal", facts) == ids("stage:formal-notice", facts)
    assert ids("overdue>30", facts) == {f.case_id for f in facts if f.days_overdue > 30}
    assert ids("amount>500", facts) == {f.case_id for f in facts if f.outstanding > 500}
    # A currency sign or code limits the amount to that currency's cases (issue 18, item 22).
    assert ids("amount>€500", facts) == {
        f.case_id for f in facts if f.currency == "EUR" and f.outstanding > 500
    }
    assert (
        ids("amount>£500", facts)
        == ids("amount>500gbp", facts)
        == {f.case_id for f in facts if f.currency == "GBP" and f.outstanding > 500}
    )
    assert ids("amount>=1.000,50", facts) == {f.case_id for f in facts if f.outstanding >= 1000.5}
    assert ids("disputed", facts) == {f.case_id for f in facts if f.disputed}
    assert ids("promised", facts) == {f.case_id for f in facts if f.promised}
    assert ids("closed", facts) == {f.case_id for f in facts if f.closed}
    assert ids("!closed", facts) == ids("open", facts) == {f.case_id for f in facts if not f.closed}
    assert ids("level>=2", facts) == {
        f.case_id for f in facts if not f.closed and f.stage.rank >= 2
    }
    name = facts[0].customer
    assert ids(f"customer:{name.split()[0].lower()}", facts) == {
        f.case_id for f in facts if name.split()[0].lower() in f.customer.lower()
    }
    assert ids("currency:gbp", facts) == {f.case_id for f in facts if f.currency == "GBP"}
    # Terms combine with AND.
    assert ids("open amount>500 overdue>10", facts) == (
        ids("open", facts) & ids("amount>500", facts) & ids("overdue>10", facts)
    )


def test_problems_are_reported_and_the_rest_still_filters(facts: list[Facts]) -> None:
    query = parse("colour:red amount>lots stage:nowhere overdue>soon closed")
    assert len(query.errors) == 4
    assert {f.case_id for f in query.select(facts)} == {f.case_id for f in facts if f.closed}
    assert "ambiguous" in parse("amount>1,500").errors[0]
    # regression: 29 digits ran out of Decimal's 28: the filter line crashed the app
    assert "is more than casetui takes" in parse("amount>" + "9" * 29).errors[0]


def test_quotes_and_negation() -> None:
    query = parse('"open source" -acme !"big corp')
    assert query.words == ("open source",)
    assert len(query.predicates) == 3


@given(st.text(max_size=60))
def test_any_text_parses_without_raising(text: str) -> None:
    query = parse(text)
    assert query.source == text


def test_facts_of_a_closed_case_are_not_overdue(facts: list[Facts]) -> None:
    closed = [f for f in facts if f.closed]
    assert closed
    assert all(f.days_overdue == 0 and not f.promised for f in closed)
    assert date(2026, 11, 23) == TODAY


def test_the_filter_language_loads_no_ui() -> None:
    """casetui.filters is core: a fresh interpreter importing it loads neither textual nor rich."""
    code = (
        "import sys, casetui.filters\n"
        "print(sorted({'textual', 'rich'} & {m.split('.')[0] for m in sys.modules}))"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "[]"


# --------------------------------------------------------------------------- issue 18, item 22


def test_currency_signs_are_currencies(facts: list[Facts]) -> None:
    gbp = {f.case_id for f in facts if f.currency == "GBP"}
    assert gbp and ids("currency:£", facts) == ids("currency:gbp", facts) == gbp
    assert ids("currency:€", facts) == {f.case_id for f in facts if f.currency == "EUR"}
    assert "currency:xx" in parse("currency:xx").errors[0]


def test_an_amount_with_a_sign_matches_only_that_currency(facts: list[Facts]) -> None:
    pounds = ids("amount>£500", facts)
    assert pounds and all(f.currency == "GBP" for f in facts if f.case_id in pounds)
    assert ids("amount<=500eur", facts) == {
        f.case_id for f in facts if f.currency == "EUR" and f.outstanding <= 500
    }
    assert "a number" in parse("amount>£").errors[0]


def test_a_quoted_value_keeps_its_spaces(facts: list[Facts]) -> None:
    name = next(f.customer for f in facts if " " in f.customer)
    wanted = {f.case_id for f in facts if f.customer == name}
    assert ids(f'customer:"{name.lower()}"', facts) == wanted
    assert ids(f'customer:"{name.upper()}', facts) == wanted  # still typing the quote
    assert ids(f'-customer:"{name}"', facts) == {f.case_id for f in facts} - wanted


def test_or_joins_the_terms_beside_it(facts: list[Facts]) -> None:
    either = ids("stage:formal OR stage:second", facts)
    assert either == ids("stage:formal", facts) | ids("stage:second", facts)
    assert ids("stage:formal OR stage:second overdue>30", facts) == either & ids(
        "overdue>30", facts
    )
    assert ids("currency:£ OR disputed", facts) == ids("currency:£", facts) | ids("disputed", facts)
    # What it cannot read is said; the rest still filters.
    for text in ("OR closed", "closed OR", "closed OR OR open"):
        query = parse(text)
        assert query.errors == ("OR: put it between two terms (a OR b)",), text
    assert {f.case_id for f in parse("closed OR").select(facts)} == ids("closed", facts)


def test_tags(ledger: Ledger) -> None:
    from casetui.model import Amended

    state = ledger.cases()[0]
    ledger.append(state.id, Amended(date=TODAY, tags=("VIP", "agency-2026")))
    facts = [Facts(s, ledger.customer(s.customer_id).name, TODAY) for s in ledger.cases()]
    assert ids("tag:vip", facts) == ids("tag:agency", facts) == {state.id}
    assert ids("-tag:vip", facts) == {f.case_id for f in facts} - {state.id}
    assert parse("tag:").errors == ("tag: what? e.g. tag:vip",)


def test_closed_is_a_flag_the_caller_can_ask_for() -> None:
    assert parse("closed amount>5").mentions("closed")
    assert not parse("!closed").mentions("closed")


def test_an_index_rows_event_words_are_searched_where_they_are(ledger: Ledger) -> None:
    """The lists' facts come from index rows; the events' words (read in the background,
    casefolded) are searched as given, not copied into the row's own haystack: at 50,000
    cases one copy of every case's words is some 20 MiB."""
    row = ledger.rows()[0]
    words = "called the harbourmaster\nsays friday"
    facts = Facts(row, ledger.customer(row.customer_id).name, TODAY, "", words)
    assert parse("harbourmaster").matches(facts) and parse('"says fri"').matches(facts)
    assert parse(row.id).matches(facts) and not parse("harbourmasters").matches(facts)
    assert "harbourmaster" not in facts.text
    later = Facts(row, ledger.customer(row.customer_id).name, TODAY)
    assert not parse("harbourmaster").matches(later)
    later.with_event_text(words)  # the background read arrived after the first search
    assert parse("harbourmaster").matches(later)


def test_free_text_finds_a_stage_by_the_start_of_its_words(facts: list[Facts]) -> None:
    """The stage as the lists name it is found by the start of its words ("handed",
    "formal notice", "second"), never by a piece of one ("mind", "pen", "otice")."""
    for word, label in (("formal", "Formal notice"), ('"formal notice"', "Formal notice")):
        at = {f.case_id for f in facts if f.stage.label == label}
        assert at and at <= ids(word, facts)
    from casetui.filters import searchable_text

    def own_words(f: Facts) -> str:
        parts = [f.case_id, f.invoice, f.customer, f.customer_notes]
        return "\n".join([*parts, searchable_text(f.state.raw_events)]).casefold()

    stage_words = {w for f in facts for w in f.stage.label.casefold().split()}
    for piece in ("mind", "pen", "otice", "anded"):
        assert not any(w.startswith(piece) for w in stage_words)
        assert any(piece in f.stage.label.casefold() for f in facts)  # a piece of one
        assert ids(piece, facts) == {f.case_id for f in facts if piece in own_words(f)}
