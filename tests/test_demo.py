"""The demo ledger: fictional, varied, deterministic, and as of its `today`.

Written in-process with `write_demo` (what `casetui demo` and `casetui --demo` call; the
command itself is exercised in tests/test_cli.py).
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from casetui.claims import claim_for_case
from casetui.cli.demo import DEMO_CASES, DEMO_SEED
from casetui.demo import generate, write_demo
from casetui.export import history_markdown
from casetui.ledger import Ledger
from casetui.model import CustomerKind, Stage
from casetui.timeline import fold
from tests.support import TODAY


def demo_ledger(folder: Path, count: int = DEMO_CASES, seed: int = DEMO_SEED, today=TODAY):
    ledger = Ledger.open(folder / "ledger.json", backup=False, today=today)
    assert write_demo(ledger, count, seed, today) == count
    return ledger


def content(ledger: Ledger) -> tuple[list[dict], dict[str, list[dict]]]:
    """Customers and every case's events, without `recorded_at` (the wall-clock moment the
    demo was written: the only thing that may differ between two runs) and the hash chain
    (`prev`), which covers `recorded_at`."""
    customers = sorted((c.to_json() for c in ledger.customers()), key=lambda c: c["id"])
    moment = ("recorded_at", "prev")
    cases = {
        state.id: [{k: v for k, v in raw.items() if k not in moment} for raw in state.raw_events]
        for state in ledger.cases()
    }
    return customers, cases


@pytest.fixture
def demo(tmp_path: Path):
    with demo_ledger(tmp_path) as ledger:
        yield ledger


def test_the_same_seed_and_day_give_the_same_ledger(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir(), (tmp_path / "b").mkdir(), (tmp_path / "c").mkdir()
    with demo_ledger(tmp_path / "a") as first, demo_ledger(tmp_path / "b") as second:
        assert content(first) == content(second)
        with demo_ledger(tmp_path / "c", seed=DEMO_SEED + 1) as other:
            assert content(other) != content(first)
            names = {c.name for c in other.customers()} ^ {c.name for c in first.customers()}
            assert names  # not just other numbers: other people
    assert generate(30, 5, TODAY) == generate(30, 5, TODAY)
    assert generate(30, 5, TODAY) != generate(30, 5, date(2026, 12, 1))


def test_it_covers_every_stage_country_kind_and_situation(demo: Ledger) -> None:
    states = demo.cases()
    assert len(states) == DEMO_CASES
    assert {s.stage for s in states} == set(Stage)
    people = Counter((c.country, c.kind) for c in demo.customers())
    assert set(people) == {(cc, kind) for cc in ("BE", "NL", "GB") for kind in CustomerKind}
    for state in states:
        country = demo.customer(state.customer_id).country
        assert state.currency == ("GBP" if country == "GB" else "EUR")

    promises = Counter(
        "kept" if s.promise.kept else "broken" if s.promise.broken(TODAY) else "pending"
        for s in states
        if s.promise
    )
    assert set(promises) == {"kept", "pending", "broken"}
    assert any(s.dispute for s in states if not s.closed)  # open dispute
    assert any(s.settlement and s.settlement.amount for s in states)  # settled dispute
    assert any(0 < s.paid_minor < s.amount_minor and s.outstanding_minor > 0 for s in states)
    assert {s.handover.to.value for s in states if s.handover}  # hand-overs
    assert {s.closed.reason.value for s in states if s.closed} >= {"paid", "written-off"}
    letters = [letter for s in states for letter in s.letters]
    assert {letter.channel.value for letter in letters} >= {"email", "registered"}
    assert all(letter.tracking for letter in letters if letter.channel.value == "registered")
    assert any(s.snoozed_until and s.snoozed_until > TODAY for s in states)
    assert any(s.due > TODAY for s in states)  # not due yet
    # Fictional: every e-mail address is on a reserved example domain.
    assert all(".example." in customer.email for customer in demo.customers())


@pytest.mark.parametrize(
    ("count", "seed", "today"),
    [(17, 1, TODAY), (60, 2, date(2027, 3, 1)), (60, 99, date(2025, 1, 31)), (200, 3, TODAY)],
)
def test_every_situation_is_there_for_other_seeds_and_days_too(
    tmp_path: Path, count: int, seed: int, today: date
) -> None:
    """The first cases take every scenario in turn, so even a small demo shows them all."""
    with demo_ledger(tmp_path, count, seed, today) as ledger:
        states = ledger.cases()
        assert {s.stage for s in states} == set(Stage)
        assert {(c.country, c.kind) for c in ledger.customers()} == {
            (cc, kind) for cc in ("BE", "NL", "GB") for kind in CustomerKind
        }
        promised = {
            "kept" if s.promise.kept else "broken" if s.promise.broken(today) else "pending"
            for s in states
            if s.promise
        }
        assert promised == {"kept", "pending", "broken"}
        assert_nothing_after(ledger, today)


def assert_nothing_after(ledger: Ledger, today: date) -> None:
    for state in ledger.cases():
        for event in state.timeline():
            assert event.date <= today, (state.id, event)
        assert state.issued <= today
        assert state.due >= state.issued


def test_nothing_happens_after_today(demo: Ledger) -> None:
    assert_nothing_after(demo, TODAY)
    assert any((TODAY - s.last_activity).days <= 3 for s in demo.cases())  # a real morning


def test_the_agenda_on_demo_day_has_work_most_urgent_first(demo: Ledger) -> None:
    agenda = demo.agenda(TODAY)
    assert 10 <= len(agenda) < DEMO_CASES
    scores = [item.score for item in agenda]
    assert scores == sorted(scores, reverse=True)
    assert all(item.case.closed is None for item in agenda)
    assert all(item.reason and item.explain_score() for item in agenda)
    reasons = {item.action.reason.value for item in agenda}
    assert {"promise-broken", "deadline-passed"} <= reasons


def test_every_case_folds_computes_its_claim_and_exports(demo: Ledger) -> None:
    def summary(ledger: Ledger) -> dict[str, tuple]:
        return {
            s.id: (s.stage, s.outstanding_minor, s.next_action, s.promise, s.closed)
            for s in ledger.cases()
        }

    customers = {customer.id: customer for customer in demo.customers()}
    for state in demo.cases():
        assert fold(state.id, list(state.raw_events), demo.policy, customers) == state
        assert [e.id for e in sorted(state.timeline(), key=lambda e: e.id)] == list(
            range(1, state.last_event_id + 1)
        )
        customer = demo.customer(state.customer_id)
        if state.closed is None:
            claim = claim_for_case(state, customer, TODAY)
            assert claim.total >= claim.principal >= 0
        markdown = history_markdown(state, customer, TODAY)
        assert markdown.startswith(f"# Case {state.id}: invoice {state.invoice}\n")
    # Reopening the ledger folds every case again from what is on disk: the same states.
    before = summary(demo)
    with Ledger.open(demo.path, readonly=True) as again:
        assert summary(again) == before


def test_the_demo_shows_every_regime_earning_what_its_law_allows(demo: Ledger) -> None:
    """Each regime the demo covers charges interest on some case: a consumer's first reminder
    is the statutory one, as casetui would have sent it (without it a Belgian consumer's case
    never earned interest), and British clients' contracts chose English law (uk-b2b) while
    some Dutch clients' take the studio's Belgian law (Rome I art. 4)."""
    from casetui.profile import DEMO_PROFILE

    terms = DEMO_PROFILE.claim_terms()
    earning: dict[str, int] = Counter()
    for state in demo.cases():
        if state.closed is None:
            claim = claim_for_case(state, demo.customer(state.customer_id), TODAY, terms)
            earning[claim.regime] += claim.interest > 0
    assert {"be-b2b", "be-b2c", "nl-b2b", "nl-b2c", "uk-b2b"} <= {
        regime for regime, count in earning.items() if count
    }, earning
    dutch = [c for c in demo.customers() if c.country == "NL" and c.kind.value == "business"]
    assert {c.limitation_law for c in dutch} == {"", "nl"}


def test_writing_a_demo_does_work_in_proportion_to_its_size(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Counted, not timed: stored documents TinyDB copies while the demo is written."""
    import tinydb.table

    copied = {"documents": 0}
    update = tinydb.table.Table._update_table

    def counting(self, updater):  # type: ignore[no-untyped-def]
        copied["documents"] += len(self._storage.read().get(self.name, {}))
        return update(self, updater)

    monkeypatch.setattr(tinydb.table.Table, "_update_table", counting)
    per_case = []
    for count in (250, 1000):
        copied["documents"] = 0
        folder = tmp_path / str(count)
        folder.mkdir()
        with demo_ledger(folder, count):
            pass
        per_case.append(copied["documents"] / count)
    assert per_case[1] <= 1.5 * per_case[0], per_case
