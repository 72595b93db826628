"""The ledger: customers, cases, appending checked events, one-key undo."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from casetui.errors import InputError
from casetui.ledger import Ledger
from casetui.model import (
    Call,
    CallOutcome,
    Closed,
    CloseReason,
    DisputeOpened,
    Note,
    Payment,
    Promise,
    Reopened,
    Snooze,
    Voided,
)
from casetui.money import Money
from tests.support import customer, eur, opened

DAY = date(2026, 11, 20)


def test_cases_get_yearly_ids_and_customers_are_reused_by_name(ledger: Ledger) -> None:
    first = ledger.open_case(opened(invoice="F-1"), new_customer=customer("ACME BV"))
    second = ledger.open_case(opened(invoice="F-2", customer_id=first.customer_id))
    assert (first.id, second.id) == ("C-2026-0001", "C-2026-0002")
    assert ledger.find_customer("  acme   bv ") == ledger.customer(first.customer_id)
    other_year = ledger.open_case(opened(invoice="F-3", customer_id=first.customer_id), year=2027)
    assert other_year.id == "C-2027-0001"
    with pytest.raises(InputError, match="already exists"):
        ledger.add_customer(customer("acme bv"))


def test_cases_are_found_by_id_in_any_case_or_by_invoice_number(ledger: Ledger) -> None:
    state = ledger.open_case(opened(invoice="F-77"), new_customer=customer())
    assert ledger.case("c-2026-0001") == state
    assert ledger.case("f-77") == state
    with pytest.raises(InputError, match="no case"):
        ledger.case("C-2026-0099")


def test_the_same_invoice_of_a_customer_cannot_open_twice(ledger: Ledger) -> None:
    state = ledger.open_case(opened(invoice="F-1"), new_customer=customer())
    with pytest.raises(InputError, match="already case C-2026-0001"):
        ledger.open_case(opened(invoice="f-1", customer_id=state.customer_id))


@pytest.mark.parametrize(
    ("event", "message"),
    [
        (Payment(date=DAY, amount=Money.zero("EUR")), "more than zero"),
        (Payment(date=DAY, amount=Money(eur("10").amount, "GBP")), "GBP amount on a EUR case"),
        (Promise(date=DAY, amount=eur("10"), by=date(2026, 11, 1)), "cannot be made"),
        (Snooze(date=DAY, until=DAY), "pick a date after"),
        (Reopened(date=DAY), "is not closed"),
        (Voided(date=DAY, voids=(1,)), "cannot be voided"),
        (Voided(date=DAY, voids=(42,)), "cannot be voided"),
        (opened(), "opened only once"),
    ],
)
def test_events_that_make_no_sense_are_refused_and_nothing_is_written(
    ledger: Ledger, ledger_path: Path, event, message: str
) -> None:
    state = ledger.open_case(opened(), new_customer=customer())
    with pytest.raises(InputError, match=message):
        ledger.append(state.id, event)
    assert ledger.case(state.id) == state


def test_a_closed_case_takes_only_late_money_notes_and_reopening(ledger: Ledger) -> None:
    state = ledger.open_case(opened(), new_customer=customer())
    ledger.append(state.id, Closed(date=DAY, reason=CloseReason.WRITTEN_OFF))
    with pytest.raises(InputError, match="closed; reopen it first"):
        ledger.append(state.id, Call(date=DAY, outcome=CallOutcome.REACHED))
    with pytest.raises(InputError, match="closed; reopen it first"):
        ledger.append(state.id, Closed(date=DAY, reason=CloseReason.PAID))
    ledger.append(state.id, Payment(date=DAY, amount=eur("100.00")))  # paid after all
    ledger.append(state.id, Note(date=DAY, text="paid after write-off"))
    state = ledger.append(state.id, Reopened(date=DAY, reason="talks again"))
    assert state.closed is None


def test_a_second_dispute_is_refused(ledger: Ledger) -> None:
    state = ledger.open_case(opened(), new_customer=customer())
    ledger.append(state.id, DisputeOpened(date=DAY, reason="price"))
    with pytest.raises(InputError, match="already disputed"):
        ledger.append(state.id, DisputeOpened(date=DAY, reason="again"))


def test_undo_cancels_a_whole_action_and_walks_back_one_action_at_a_time(
    ledger: Ledger, ledger_path: Path
) -> None:
    state = ledger.open_case(opened(), new_customer=customer())
    ledger.append(state.id, Note(date=DAY, text="first"))
    ledger.append(
        state.id,
        Call(date=DAY, outcome=CallOutcome.PROMISED, note="half on Friday"),
        Promise(date=DAY, amount=eur("625.00"), by=date(2026, 11, 27)),
    )
    undone, state = ledger.undo(state.id, DAY)
    assert [event.kind for event in undone] == ["call", "promise"]
    assert state.promise is None
    undone, state = ledger.undo(state.id, DAY)
    assert [event.kind for event in undone] == ["note"]
    with pytest.raises(InputError, match="nothing to undo"):
        ledger.undo(state.id, DAY)
    voids = [event for event in state.timeline() if isinstance(event, Voided)]
    assert [v.voids for v in voids] == [(3, 4), (2,)]
    assert voids[0].reason == (
        "undo: outbound call, promised, promise to pay 625.00 EUR by 2026-11-27"
    )
    # nothing was edited in place: reopening shows the same history
    ledger.close()
    with Ledger.open(ledger_path, readonly=True) as again:
        assert [e.kind for e in again.case(state.id).timeline()] == [
            "opened",
            "note",
            "call",
            "promise",
            "voided",
            "voided",
        ]


def test_events_are_stamped_by_the_ledger(ledger: Ledger) -> None:
    state = ledger.open_case(opened(), new_customer=customer())
    state = ledger.append(state.id, Note(date=DAY, text="x"), Note(date=DAY, text="y"))
    notes = [e for e in state.timeline() if isinstance(e, Note)]
    assert [(n.id, n.part_of) for n in notes] == [(2, 0), (3, 2)]
    assert all(n.recorded_at.endswith("Z") for n in notes)


def test_a_failed_commit_leaves_memory_as_the_disk_says(
    ledger: Ledger, monkeypatch: pytest.MonkeyPatch
) -> None:
    from casetui.store import DiskWriteError, durable

    first = ledger.open_case(opened(invoice="F-1"), new_customer=customer())

    def disk_full(fd: int, data: bytes) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(durable, "write_all", disk_full)
    with pytest.raises(DiskWriteError):
        ledger.open_case(opened(invoice="F-2"), new_customer=customer("Another BV"))
    assert [s.id for s in ledger.cases()] == [first.id]
    assert ledger.find_customer("Another BV") is None
    monkeypatch.undo()
    assert ledger.open_case(opened(invoice="F-2"), new_customer=customer("Another BV")).id == (
        "C-2026-0002"
    )


def test_new_ladder_waits_refold_every_case(ledger: Ledger) -> None:
    from casetui.ladder import LadderPolicy

    state = ledger.open_case(opened(), new_customer=customer())
    assert state.next_action is not None
    assert state.next_action.date == date(2026, 11, 3)  # due 31 Oct + 3 days
    ledger.set_policy(LadderPolicy(first_reminder_after_days=10))
    moved = ledger.case(state.id).next_action
    assert moved is not None and moved.date == date(2026, 11, 10)


def test_last_event_ids_stay_those_of_the_moment_they_were_taken(ledger_path: Path) -> None:
    """The app's session start (`caseindex.LastEventIds`): read from the rows only when
    asked for, still the ids of when it was taken after the ledger wrote."""
    from casetui.caseindex import LastEventIds

    with Ledger.open(ledger_path) as ledger:
        first = ledger.open_case(opened(), new_customer=customer())
        second = ledger.open_case(opened(invoice="F-2026-002"), new_customer=customer("Other"))
        ledger.append(first.id, Note(date=DAY, text="before the session"))
        ledger.store.compact()  # rows as the snapshot's bytes, as a big ledger opens them
    with Ledger.open(ledger_path) as ledger:
        start = LastEventIds(ledger.rows())
        ledger.append(first.id, Note(date=DAY, text="in the session"))
        assert ledger.row(first.id).last_event_id == 3
        assert dict(start) == {first.id: 2, second.id: 1}


def test_iter_events_reads_every_case_with_what_the_journal_holds(ledger_path: Path) -> None:
    """One pass over the store for the lists' free text: the snapshot's cases, with the
    journal's later events on top, and cases only the journal holds."""
    with Ledger.open(ledger_path) as ledger:
        first = ledger.open_case(opened(), new_customer=customer())
        ledger.append(first.id, Note(date=DAY, text="in the snapshot"))
        ledger.store.compact()
    with Ledger.open(ledger_path) as ledger:
        ledger.append(first.id, Note(date=DAY, text="in the journal"))
        second = ledger.open_case(opened(invoice="F-2026-002"), new_customer=customer("Other"))
        read = dict(ledger.iter_events())
        assert sorted(read) == [first.id, second.id]
        assert [event["id"] for event in read[first.id]] == [1, 2, 3]
        assert [event.get("text") for event in read[first.id][1:]] == [
            "in the snapshot",
            "in the journal",
        ]
        assert read[first.id] == list(ledger.case(first.id).raw_events)


def test_every_case_is_folded_once_and_follows_every_write(
    ledger: Ledger, ledger_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = ledger.open_case(opened(invoice="F-1"), new_customer=customer("ACME BV"))
    second = ledger.open_case(opened(invoice="F-2", customer_id=first.customer_id))
    folded = ledger.cases()

    # Every case folded and none changed: asking again does not read the store (a pass over
    # it costs a second at 50,000 cases), and a write of ours folds its own case.
    def read_again() -> None:
        raise AssertionError("the store was read again")

    monkeypatch.setattr(ledger.store, "iter_cases", read_again)
    assert ledger.cases() == folded
    ledger.append(first.id, Payment(date=DAY, amount=eur("100.00")))
    assert [state.paid_minor for state in ledger.cases()] == [10000, 0]
    monkeypatch.undo()

    # What another process writes is folded again once the ledger takes it in.
    with Ledger.open(ledger_path, backup=False) as other:
        other.append(second.id, Payment(date=DAY, amount=eur("250.00")))
    ledger.refresh()
    assert [state.paid_minor for state in ledger.cases()] == [10000, 25000]


def test_each_case_folds_every_case_once_and_keeps_none(tmp_path: Path) -> None:
    """Reports and a free-text `list` read each case once: `each_case` gives the same
    states as `cases()` without keeping them (at 50,000 cases those were 700 MiB)."""
    from casetui.reports.collected import collected_report

    path = tmp_path / "ledger.json"
    with Ledger.open(path) as ledger:
        for n in range(5):
            ledger.open_case(opened(invoice=f"F-{n}"), new_customer=customer(f"Debtor {n}"))
        ledger.append("C-2026-0003", Payment(date=date(2026, 11, 20), amount=eur("10.00")))
    with Ledger.open(path, readonly=True) as ledger:
        streamed = sorted(ledger.each_case(), key=lambda s: s.id)
        collected_report(ledger, date(2026, 11, 30))
        assert ledger._states == {}  # nothing kept by the pass nor the report
        assert streamed == sorted(ledger.cases(), key=lambda s: s.id)
        assert len(streamed) == 5 and streamed[2].paid == eur("10.00")
        # Once folded and kept, the pass reads nothing again: the same objects.
        assert [s.id for s in ledger.each_case()] == [s.id for s in ledger.cases()]


def test_a_customers_rows_stay_right_through_writes_here_and_elsewhere(tmp_path: Path) -> None:
    """A customer's rows come from a grouping of the rows read, made once and kept in step
    (a letter per customer used to scan every row each time): after writes in this process
    and in another one, each customer's rows are those a scan of every row finds."""
    path = tmp_path / "ledger.json"

    def scanned(ledger: Ledger) -> dict[str, set[str]]:
        found: dict[str, set[str]] = {}
        for row in ledger.rows():
            found.setdefault(row.customer_id, set()).add(row.id)
        return found

    def grouped(ledger: Ledger) -> dict[str, set[str]]:
        return {
            c.id: ids
            for c in ledger.customers()
            if (ids := {row.id for row in ledger._rows_of(c.id)})
        }

    with Ledger.open(path) as ledger:
        first = ledger.open_case(opened(invoice="F-1"), new_customer=customer("Alpha BV"))
        ledger.open_case(opened(invoice="F-2"), new_customer=customer("Beta BV"))
        assert scanned(ledger) and grouped(ledger) == scanned(ledger)  # rows read: grouped
        assert ledger._by_customer is not None
        ledger.open_case(opened(invoice="F-3", customer_id=first.customer_id))
        ledger.open_case(opened(invoice="F-4"), new_customer=customer("Gamma BV"))
        ledger.append(first.id, Payment(date=date(2026, 11, 20), amount=eur("1250.00")))
        assert grouped(ledger) == scanned(ledger)
        assert len(ledger.cases_of(first.customer_id, include_closed=True)) == 2
        with Ledger.open(path) as other:  # another casetui writes
            other.open_case(opened(invoice="F-5", customer_id=first.customer_id))
        ledger.refresh()
        assert grouped(ledger) == scanned(ledger)
        assert {s.invoice for s in ledger.cases_of(first.customer_id, include_closed=True)} == {
            "F-1",
            "F-3",
            "F-5",
        }


def test_after_a_few_customers_asked_their_rows_come_from_all_rows_read_once(
    tmp_path: Path,
) -> None:
    """Each of the first few customers' rows is found by its bytes, a pass over the index
    each; after those the rows are read once and grouped (a letter for each of 11,000
    customers, `send --due` at 50,000 cases, took 209 s instead of 19 s)."""
    from casetui.ledger import _FEW_ASKS

    path = tmp_path / "ledger.json"
    with Ledger.open(path) as ledger:
        ids = [
            ledger.open_case(opened(invoice=f"F-{n}"), new_customer=customer(f"Debtor {n}"))
            for n in range(_FEW_ASKS + 2)
        ]
    with Ledger.open(path, readonly=True) as ledger:
        for n, state in enumerate(ids):
            assert [row.id for row in ledger._rows_of(state.customer_id)] == [state.id]
            assert (ledger._rows is not None) == (n >= _FEW_ASKS)


def test_a_write_during_a_pass_over_every_case_does_not_break_it(tmp_path: Path) -> None:
    """The Reports screen's pass runs in a thread while the app writes: the pass gives the
    cases as they were when it began, with no error (it walked the live rows)."""
    from casetui.model import Note

    with Ledger.open(tmp_path / "ledger.json") as ledger:
        for n in range(3):
            ledger.open_case(opened(invoice=f"A{n}"), new_customer=customer(f"C{n}"))
        for fold_first in (True, False):
            if fold_first:
                ledger.cases()  # every case folded and kept (as `send --due` leaves them)
            before = {row.id for row in ledger.rows()}
            passing = ledger.each_case()
            first = next(passing)
            ledger.open_case(
                opened(invoice=f"NEW-{fold_first}"), new_customer=customer(f"New {fold_first}")
            )
            ledger.append(first.id, Note(date=date(2026, 11, 20), text="meanwhile"))
            assert {first.id, *(state.id for state in passing)} == before
