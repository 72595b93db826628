"""The matching rules of issue 12, in order, and what recording writes."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal

import pytest

from casetui.bank.index import build_index, name_key
from casetui.bank.matching import match_file
from casetui.bank.record import record_matches
from casetui.bank.references import keys_in_text, reference_key
from casetui.bank.review import undo_recorded
from casetui.letters.references import payment_reference
from casetui.model import Closed, Payment, Voided
from casetui.owed import closed_words, owed
from tests.bank.bank_helpers import add_case, entry, match, statement

ACME_IBAN = "BE68539007547034"
OTHER_IBAN = "NL91ABNA0417164300"


def record(ledger, *entries, accept_probable=False, country="BE"):
    index = build_index(ledger, country)
    parsed = statement(*entries)
    matches = match_file(index, parsed, accept_probable=accept_probable)
    to_record = [m for m in matches if m.match == "exact" or accept_probable]
    record_matches(ledger, to_record, data=b"x", sha256=_sha(b"x"), format="camt")
    return matches


def _sha(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()


# --------------------------------------------------------------------------- references


@pytest.mark.parametrize(
    "written",
    [
        "+++090/9337/55493+++",
        "***090/9337/55493***",
        "090933755493",
        "090/9337/55493",
        "+++ 090 / 9337 / 55493 +++",
    ],
)
def test_an_ogm_in_any_spelling_is_found_in_text(written):
    assert keys_in_text(f"betaling factuur {written} dank u") == ["ogm:090933755493"]


def test_references_with_wrong_check_digits_are_not_references():
    assert keys_in_text("+++090/9337/55494+++ RF19539007547034 000003505158") == []
    assert reference_key("+++123/4567/89012+++") is None
    assert reference_key("RF19539007547034") is None


def test_rf_references_in_one_piece_or_printed_groups():
    assert keys_in_text("ref RF18 5390 0754 7034 invoice") == ["rf:RF18539007547034"]
    assert keys_in_text("RF18539007547034") == ["rf:RF18539007547034"]
    assert reference_key("rf18 5390 0754 7034") == "rf:RF18539007547034"


def test_names_compare_without_legal_form_case_or_punctuation():
    assert name_key("ACME B.V.") == name_key("Acme bv") == name_key("acme") == "acme"
    assert name_key("Brasserie De Klok BVBA") == "brasserie de klok"


# --------------------------------------------------------------------------- rule 1


def test_rule_1_the_reference_letters_print_is_an_exact_match(ledger):
    case_id = add_case(ledger, "Acme BV", "F-2026-042", "1250.00")
    printed = payment_reference("BE", ledger.case(case_id))
    (found,) = match(ledger, entry("1250.00", reference=printed))
    assert (found.match, found.rule, found.cases) == ("exact", "reference", (case_id,))
    # The same reference written in the text, in another spelling, by an unknown payer.
    digits = printed.strip("+").replace("/", "")
    (found,) = match(ledger, entry("99.00", text=f"pay ***{digits}*** thx", payer="X"))
    assert found.match == "exact" and found.cases == (case_id,)


def test_rule_1_the_invoices_own_rf_reference(ledger):
    case_id = add_case(ledger, "Acme BV", "INV-7", "500.00", reference="RF18539007547034")
    (found,) = match(ledger, entry("500.00", text="RF18 5390 0754 7034"), country="NL")
    assert found.match == "exact" and found.cases == (case_id,)


def test_rule_1_a_reference_with_bad_check_digits_does_not_match(ledger):
    case_id = add_case(ledger, "Acme BV", "F-2026-042", "1250.00")
    printed = payment_reference("BE", ledger.case(case_id))
    broken = printed[:-5] + str((int(printed[-5]) + 1) % 10) + printed[-4:]
    (found,) = match(ledger, entry("1250.00", reference=broken))
    assert found.match == "unmatched"


def test_rule_1_the_reference_of_a_closed_case_is_no_match_but_said(ledger):
    case_id = add_case(ledger, "Acme BV", "F-2026-042", "100.00")
    printed = payment_reference("BE", ledger.case(case_id))
    record(ledger, entry("100.00", reference=printed, bank_ref="A"))
    (found,) = match(ledger, entry("100.00", reference=printed, bank_ref="B"))
    assert found.match == "unmatched" and "closed" in found.reason


# --------------------------------------------------------------------------- rule 2


def test_rule_2_invoice_numbers_of_the_payers_cases_in_the_text(ledger):
    first = add_case(
        ledger, "PICQER", "201403110", "300.00", due=date(2026, 9, 30), ibans=(OTHER_IBAN,)
    )
    second = add_case(ledger, "PICQER", "201403113", "200.00", due=date(2026, 10, 31))
    (found,) = match(ledger, entry("500.00", text="FACTUUR 201403110, 201403113", iban=OTHER_IBAN))
    assert (found.match, found.rule) == ("exact", "invoice")
    assert found.cases == (first, second)


def test_rule_2_needs_the_payer_to_be_the_cases_customer(ledger):
    add_case(ledger, "PICQER", "201403110", "300.00")
    (found,) = match(ledger, entry("300.00", text="FACTUUR 201403110", payer="Somebody Else"))
    assert found.match == "unmatched" and "not a known customer" in found.reason


def test_rule_2_finds_the_payer_by_name_and_short_numbers_do_not_count(ledger):
    case_id = add_case(ledger, "Acme BV", "INV-2026-014", "80.00")
    add_case(ledger, "Acme BV", "7", "7.00")
    (found,) = match(ledger, entry("12.00", text="inv 2026 014 and 7", payer="ACME B.V."))
    assert found.match == "exact" and found.cases == (case_id,)


# --------------------------------------------------------------------------- rule 3


def test_rule_3_account_and_amount_of_one_case_is_probable(ledger):
    add_case(ledger, "Acme BV", "F-1", "100.00", due=date(2026, 9, 30), ibans=(ACME_IBAN,))
    second = add_case(ledger, "Acme BV", "F-2", "250.00")
    (found,) = match(ledger, entry("250.00", iban=ACME_IBAN, text="thanks"))
    assert (found.match, found.rule, found.cases) == ("probable", "amount", (second,))
    assert "by account" in found.reason


def test_rule_3_name_and_the_sum_of_several_cases(ledger):
    one = add_case(ledger, "Acme BV", "F-1", "100.00", due=date(2026, 8, 31))
    add_case(ledger, "Acme BV", "F-2", "40.00", due=date(2026, 9, 30))
    three = add_case(ledger, "Acme BV", "F-3", "250.00", due=date(2026, 10, 31))
    (found,) = match(ledger, entry("350.00", payer="ACME"))
    assert found.match == "probable" and found.cases == (one, three)


def test_rule_3_is_recorded_only_when_accepted(ledger):
    case_id = add_case(ledger, "Acme BV", "F-1", "100.00", ibans=(ACME_IBAN,))
    (found,) = record(ledger, entry("100.00", iban=ACME_IBAN))
    assert found.match == "probable" and ledger.case(case_id).paid_minor == 0
    record(ledger, entry("100.00", iban=ACME_IBAN), accept_probable=True)
    assert ledger.case(case_id).is_closed


def test_rule_4_unmatched_says_what_is_known(ledger):
    add_case(ledger, "Acme BV", "F-1", "100.00", ibans=(ACME_IBAN,))
    (found,) = match(ledger, entry("33.00", iban=ACME_IBAN, text="?"))
    assert found.match == "unmatched"
    assert "Acme BV" in found.reason and "1 open case" in found.reason


def test_debits_and_own_money_coming_back_are_ignored(ledger):
    add_case(ledger, "Acme BV", "F-1", "100.00", ibans=(ACME_IBAN,))
    debit, back = match(
        ledger, entry("-100.00", iban=ACME_IBAN), entry("100.00", iban=ACME_IBAN, is_return=True)
    )
    assert debit.match == back.match == "ignored"


# --------------------------------------------------------------------------- recording


def test_a_recorded_payment_carries_the_bank_facts_and_closes_the_case(ledger):
    case_id = add_case(ledger, "Acme BV", "F-2026-042", "1250.00")
    printed = payment_reference("BE", ledger.case(case_id))
    record(
        ledger,
        entry(
            "1250.00",
            reference=printed,
            payer="ACME",
            iban=ACME_IBAN,
            bank_ref="BANK-1",
            day=date(2026, 11, 18),
        ),
    )
    state = ledger.case(case_id)
    payment, closed = state.timeline()[1:]
    assert isinstance(payment, Payment) and isinstance(closed, Closed)
    assert payment.date == date(2026, 11, 18) and payment.method == "bank"
    assert (payment.bank_ref, payment.payer, payment.payer_iban) == ("BANK-1", "ACME", ACME_IBAN)
    assert payment.reference == printed and payment.evidence == _sha(b"x")
    assert closed.reason.value == "paid" and closed.part_of == payment.id
    assert (ledger.path.parent / "evidence" / f"{_sha(b'x')}.xml").read_bytes() == b"x"
    # The payer's account is remembered: the next statement knows them by it.
    assert ledger.customer(state.customer_id).ibans == (ACME_IBAN,)


def test_an_undo_takes_the_payment_and_its_closing_back(ledger):
    case_id = add_case(ledger, "Acme BV", "F-1", "100.00")
    printed = payment_reference("BE", ledger.case(case_id))
    record(ledger, entry("100.00", reference=printed))
    ledger.undo(case_id, date(2026, 11, 23))
    state = ledger.case(case_id)
    assert state.closed is None and state.outstanding.amount == Decimal("100.00")
    # Undone, the entry is no longer known: reading the statement again records it again.
    (again,) = match(ledger, entry("100.00", reference=printed))
    assert again.match == "exact"


def test_a_credit_for_several_cases_is_split_oldest_first(ledger):
    old = add_case(
        ledger, "PICQER", "201403110", "300.00", due=date(2026, 9, 30), ibans=(OTHER_IBAN,)
    )
    new = add_case(ledger, "PICQER", "201403113", "200.00", due=date(2026, 10, 31))
    (found,) = record(ledger, entry("400.00", text="201403113 201403110", iban=OTHER_IBAN))
    assert [(a.case_id, a.amount) for a in found.allocations] == [
        (old, Decimal("300.00")),
        (new, Decimal("100.00")),
    ]
    assert ledger.case(old).is_closed
    assert ledger.case(new).outstanding.amount == Decimal("100.00")


def test_an_over_payment_closes_the_case_as_paid_and_keeps_the_refund_in_sight(ledger):
    """Issue 12: a case paid in full is closed as paid, more than owed too; the over-payment
    is on the closing (and the balance), not an open case owing a negative amount."""
    case_id = add_case(ledger, "Acme BV", "F-1", "100.00")
    printed = payment_reference("BE", ledger.case(case_id))
    (found,) = record(ledger, entry("120.00", reference=printed))
    assert found.overpaid == Decimal("20.00") and "over-payment" in found.reason
    state = ledger.case(case_id)
    assert state.closed is not None and state.closed.reason.value == "paid"
    assert state.closed.note.endswith("; overpaid by 20.00 EUR: to refund")
    assert state.outstanding.amount == Decimal("-20.00")  # the balance still says it
    assert owed(state).amount == 0
    assert closed_words(state) == "paid on 2026-11-20 (20.00 EUR overpaid: to refund)"
    assert case_id not in {item.case.id for item in ledger.agenda(date(2026, 12, 1))}


def test_reading_the_same_entries_again_changes_nothing(ledger):
    case_id = add_case(ledger, "Acme BV", "F-1", "100.00")
    printed = payment_reference("BE", ledger.case(case_id))
    credit = entry("60.00", reference=printed, bank_ref="REF-1")
    record(ledger, credit)
    events = len(ledger.case(case_id).raw_events)
    (again,) = record(ledger, credit)
    assert again.match == "known" and again.cases == (case_id,)
    assert len(ledger.case(case_id).raw_events) == events


def test_the_index_reads_rows_and_folds_only_the_cases_paid_from_a_statement(tmp_path, monkeypatch):
    """What matching reads of a case is in its index row: a fresh ledger builds the index
    folding only the cases bank entries were recorded on (at 50,000 cases, folding and
    keeping every case was 767 MiB for a statement of one line), and finds the same."""
    from casetui.ledger import Ledger

    path = tmp_path / "ledger.json"
    with Ledger.open(path) as ledger:
        paid = add_case(ledger, "Acme BV", "F-1", "100.00")
        quiet = add_case(ledger, "Meuse SA", "F-2", "50.00")
        printed = payment_reference("BE", ledger.case(paid))
        credit = entry("60.00", reference=printed, bank_ref="REF-1")
        record(ledger, credit)
    folded: list[str] = []
    fold = Ledger._fold

    def counted(self, case_id, events):
        folded.append(case_id)
        return fold(self, case_id, events)

    monkeypatch.setattr(Ledger, "_fold", counted)
    with Ledger.open(path, readonly=True) as ledger:
        index = build_index(ledger, "BE")
        assert folded == [paid]  # the quiet case was read from its row alone
        assert index.outstanding == {paid: Decimal("40.00"), quiet: Decimal("50.00")}
        assert list(index.known.values()) == [(paid,)]  # the entry recorded on it
        (again,) = match_file(index, statement(credit))
        assert again.match == "known" and again.cases == (paid,)
        other = payment_reference("BE", ledger.case(quiet))
        (new,) = match_file(index, statement(entry("50.00", reference=other)))
        assert new.match == "exact" and new.cases == (quiet,)


def test_entries_without_a_bank_reference_are_known_by_their_content(ledger):
    case_id = add_case(ledger, "Acme BV", "F-1", "100.00")
    printed = payment_reference("BE", ledger.case(case_id))
    twice = [entry("30.00", reference=printed), entry("30.00", reference=printed)]
    first = record(ledger, *twice)
    assert [m.match for m in first] == ["exact", "exact"]  # two payments of the same day
    overlapping = record(ledger, *twice, entry("30.00", reference=printed))
    assert [m.match for m in overlapping] == ["known", "known", "exact"]
    assert ledger.case(case_id).paid.amount == Decimal("90.00")


# --------------------------------------------------------------------------- returns


def test_a_return_voids_the_payment_and_reopens_the_case(ledger):
    case_id = add_case(ledger, "Acme BV", "F-1", "100.00")
    printed = payment_reference("BE", ledger.case(case_id))
    record(ledger, entry("100.00", reference=printed, iban=ACME_IBAN, end_to_end="E2E-1"))
    assert ledger.case(case_id).is_closed
    (returned,) = record(
        ledger,
        entry(
            "-100.00",
            iban=ACME_IBAN,
            end_to_end="E2E-1",
            is_return=True,
            reason="AC04",
            day=date(2026, 11, 22),
        ),
    )
    assert (returned.match, returned.rule, returned.cases) == ("exact", "return", (case_id,))
    state = ledger.case(case_id)
    assert state.closed is None and state.outstanding.amount == Decimal("100.00")
    voided = state.timeline()[-1]
    assert isinstance(voided, Voided) and "AC04" in voided.reason
    assert len(voided.voids) == 2  # the payment and the closing that came with it
    # Read again: the return is known, nothing changes.
    (again,) = record(
        ledger,
        entry(
            "-100.00", iban=ACME_IBAN, end_to_end="E2E-1", is_return=True, day=date(2026, 11, 22)
        ),
    )
    assert again.match == "known"


def test_a_return_in_the_same_file_as_its_payment(ledger):
    case_id = add_case(ledger, "Acme BV", "F-1", "100.00")
    printed = payment_reference("BE", ledger.case(case_id))
    paid, returned = record(
        ledger,
        entry("40.00", reference=printed, iban=ACME_IBAN),
        entry("-40.00", iban=ACME_IBAN, is_return=True, reason="MS03"),
    )
    assert paid.match == returned.match == "exact"
    assert ledger.case(case_id).paid_minor == 0


def test_a_return_of_an_unknown_payment_is_ignored(ledger):
    (found,) = match(ledger, entry("-10.00", iban=ACME_IBAN, is_return=True, reason="AC06"))
    assert found.match == "ignored" and "not in the ledger" in found.reason


def test_a_split_payment_returned_is_voided_on_every_case(ledger):
    old = add_case(
        ledger, "PICQER", "201403110", "300.00", due=date(2026, 9, 30), ibans=(OTHER_IBAN,)
    )
    new = add_case(ledger, "PICQER", "201403113", "200.00", due=date(2026, 10, 31))
    record(ledger, entry("500.00", text="201403110 201403113", iban=OTHER_IBAN))
    (returned,) = record(ledger, entry("-500.00", iban=OTHER_IBAN, is_return=True))
    assert set(returned.cases) == {old, new}
    assert not ledger.case(old).is_closed and not ledger.case(new).is_closed


def test_the_case_history_names_who_paid_from_which_account(ledger):
    from casetui.export import history_markdown

    case_id = add_case(ledger, "Acme BV", "F-1", "100.00")
    printed = payment_reference("BE", ledger.case(case_id))
    record(
        ledger,
        entry("100.00", reference=printed, payer="ACME | *x*", iban=ACME_IBAN, bank_ref="BANK-9"),
    )
    state = ledger.case(case_id)
    text = history_markdown(state, ledger.customer(state.customer_id), date(2026, 11, 23))
    assert f"from ACME \\| \\*x\\* {ACME_IBAN}, bank reference BANK-9" in text


def test_undoing_a_confirmed_match_forgets_the_account_it_taught(ledger):
    """Issue 12: a probable match confirmed (the payer's IBAN learnt on the customer), then
    undone: the IBAN goes too, so the entry is not matched "by account" afterwards."""
    case_id = add_case(ledger, "Acme BV", "F-1", "100.00")
    (found,) = record(ledger, entry("100.00", payer="Acme BV", iban=ACME_IBAN),
                      accept_probable=True)  # fmt: skip
    assert found.match == "probable"
    customer_id = ledger.case(case_id).customer_id
    assert ledger.customer(customer_id).ibans == (ACME_IBAN,)
    undone, kept = undo_recorded(ledger, [(case_id, found.key)], date(2026, 11, 23))
    assert (undone, kept) == ([case_id], [])
    assert ledger.case(case_id).closed is None
    assert ledger.customer(customer_id).ibans == ()
    (again,) = match(ledger, entry("100.00", payer="Acme BV", iban=ACME_IBAN))
    assert "account" not in again.reason


def test_other_details_changed_since_stay_and_the_account_goes(ledger):
    """The undo leaves the customer as before the statement: the phone typed in since
    stays, the account the statement taught goes (a change of its own, noted)."""
    case_id = add_case(ledger, "Acme BV", "F-1", "100.00")
    (found,) = record(ledger, entry("100.00", payer="Acme BV", iban=ACME_IBAN),
                      accept_probable=True)  # fmt: skip
    customer_id = ledger.case(case_id).customer_id
    customer = ledger.customer(customer_id)
    ledger.update_customer(dataclasses.replace(customer, phone="+32 9 123 45 67"))
    undo_recorded(ledger, [(case_id, found.key)], date(2026, 11, 23))
    after = ledger.customer(customer_id)
    assert (after.ibans, after.phone) == ((), "+32 9 123 45 67")
    last = ledger.customer_history(customer_id)[-1]
    assert last.changes == {"ibans": ([ACME_IBAN], [])} and found.key in last.note


def _learnt(ledger, amount="100.00", iban=ACME_IBAN):
    """A case paid by a probable match from `iban` (which the customer learns)."""
    case_id = add_case(ledger, "Acme BV", f"F-{amount}", amount)
    (found,) = record(ledger, entry(amount, payer="Acme BV", iban=iban),
                      accept_probable=True)  # fmt: skip
    assert found.match == "probable" and found.cases == (case_id,)
    return case_id, ledger.case(case_id).customer_id


@pytest.mark.parametrize("route", ["case", "bank screen"])
def test_undoing_a_statement_payment_by_any_route_forgets_the_account(ledger, route):
    """`casetui undo CASE` and the case screen (`Ledger.undo`) as the bank screen's undo:
    the customer is left as before the statement."""
    case_id, customer_id = _learnt(ledger)
    before = len(ledger.customer_history(customer_id))
    assert ledger.customer(customer_id).ibans == (ACME_IBAN,)
    if route == "case":
        ledger.undo(case_id, date(2026, 11, 23))
    else:
        key = next(e.entry for e in ledger.case(case_id).timeline() if isinstance(e, Payment))
        undo_recorded(ledger, [(case_id, key)], date(2026, 11, 23))
    assert ledger.case(case_id).closed is None
    assert ledger.customer(customer_id).ibans == ()
    assert len(ledger.customer_history(customer_id)) == before + 1  # one undo of the change
    (again,) = match(ledger, entry("100.00", payer="Someone Else", iban=ACME_IBAN))
    assert again.match == "unmatched"


def test_the_account_stays_while_another_entry_paid_from_it_stands(ledger):
    first, customer_id = _learnt(ledger, "100.00")
    second = add_case(ledger, "Acme BV", "F-2", "40.00")
    (by_account,) = record(ledger, entry("40.00", iban=ACME_IBAN), accept_probable=True)
    assert by_account.cases == (second,)
    ledger.undo(first, date(2026, 11, 23))
    assert ledger.customer(customer_id).ibans == (ACME_IBAN,)  # the second one stands
    ledger.undo(second, date(2026, 11, 23))
    assert ledger.customer(customer_id).ibans == ()  # now nothing recorded comes from it


def test_an_account_typed_in_by_a_person_is_never_forgotten(ledger):
    case_id = add_case(ledger, "Acme BV", "F-1", "100.00", ibans=(ACME_IBAN,))
    record(ledger, entry("100.00", payer="Acme BV", iban=ACME_IBAN), accept_probable=True)
    customer_id = ledger.case(case_id).customer_id
    ledger.undo(case_id, date(2026, 11, 23))
    assert ledger.customer(customer_id).ibans == (ACME_IBAN,)


def test_redo_remembers_the_account_again(ledger):
    case_id, customer_id = _learnt(ledger)
    ledger.undo(case_id, date(2026, 11, 23))
    assert ledger.customer(customer_id).ibans == ()
    ledger.redo(case_id, date(2026, 11, 23))
    assert ledger.case(case_id).closed is not None
    assert ledger.customer(customer_id).ibans == (ACME_IBAN,)
    ledger.undo(case_id, date(2026, 11, 23))
    assert ledger.customer(customer_id).ibans == ()


def test_a_damaged_case_of_the_customer_never_blocks_an_undo_and_keeps_the_account(tmp_path):
    """Forgetting a learnt account looks at the customer's other cases: a damaged one may
    hold a payment from it, so the account is kept, and the undo of a whole case goes on."""
    from casetui.customers import learnt_account_note
    from casetui.ledger import Ledger
    from casetui.money import Money
    from tests.store.helpers import DAY, make_ledger

    path = tmp_path / "ledger.json"
    ids = make_ledger(path, cases=3)
    path.write_bytes(path.read_bytes().replace(b'"first note"', b'"first nose"'))  # case 0
    with Ledger.open(path, backup=False) as ledger:
        with ledger.transaction():
            ledger.append(
                ids[1],
                Payment(date=DAY, amount=Money(Decimal("10"), "EUR"), method="bank transfer",
                        entry="E1", payer_iban=ACME_IBAN),
            )  # fmt: skip
            customer = ledger.customer(ledger.case(ids[1]).customer_id)
            ledger.update_customer(
                dataclasses.replace(customer, ibans=(ACME_IBAN,)), note=learnt_account_note("E1")
            )
        undone, _ = ledger.undo(ids[1], DAY)
        assert [event.kind for event in undone] == ["payment"]
        assert ledger.customer(customer.id).ibans == (ACME_IBAN,)


# --------------------------------------------------------------------------- recording at once


def _statement_ledger(path):
    """Cases a statement pays in every way: by reference in full and in part, the rest by
    invoice number, split over two cases, paid and returned in one file, learnt accounts."""
    from casetui.ledger import Ledger

    ledger = Ledger.open(path, backup=False)
    ids = [
        add_case(ledger, "Acme BV", "F-101", "100.00", due=date(2026, 9, 30)),
        add_case(ledger, "Acme BV", "F-102", "250.00", due=date(2026, 10, 15)),
        add_case(
            ledger, "PICQER", "201403110", "300.00", due=date(2026, 9, 30), ibans=(OTHER_IBAN,)
        ),
        add_case(ledger, "PICQER", "201403113", "200.00", due=date(2026, 10, 31)),
        add_case(ledger, "Beta BV", "B-707", "80.00"),
        add_case(ledger, "Gamma BV", "G-601", "60.00"),
    ]
    return ledger, ids


def _statement_entries(ledger, ids):
    ref = [payment_reference("BE", ledger.case(case_id)) for case_id in ids]
    return [
        entry("100.00", reference=ref[0], payer="ACME", iban=ACME_IBAN, bank_ref="A1"),
        entry("50.00", reference=ref[1], iban=ACME_IBAN, bank_ref="A2"),  # part
        entry("200.00", text="rest of F-102", payer="Acme BV", iban=ACME_IBAN, bank_ref="A3"),
        entry("500.00", text="201403110 201403113", iban=OTHER_IBAN, bank_ref="P1"),
        entry("80.00", reference=ref[4], iban="BE71096123456769", end_to_end="E-B", bank_ref="B1"),
        entry(
            "-80.00",
            iban="BE71096123456769",
            end_to_end="E-B",
            is_return=True,
            reason="MS03",
            bank_ref="B2",
        ),
        entry("60.00", payer="Gamma BV", iban="NL02ABNA0123456789", bank_ref="G1"),  # probable
    ]


def _recorded(ledger, ids):
    out = []
    for case_id in ids:
        state = ledger.case(case_id)
        events = [
            {k: v for k, v in raw.items() if k not in ("recorded_at", "prev")}
            for raw in state.raw_events
        ]
        out.append((events, state.closed is not None, state.outstanding_minor))
    customers = sorted((c.name, c.ibans) for c in ledger.customers())
    return out, customers


def test_a_statement_recorded_at_once_records_what_one_by_one_does(tmp_path):
    """`record_matches` writes the cases only one entry pays together (`append_many`), and
    the others entry by entry: the same events, closings, voids and learnt accounts as
    writing every entry on its own, in order."""
    from casetui.bank.record import write_match

    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    at_once, ids = _statement_ledger(tmp_path / "a" / "ledger.json")
    each, _ = _statement_ledger(tmp_path / "b" / "ledger.json")
    try:
        entries = _statement_entries(at_once, ids)
        for ledger in (at_once, each):
            matches = match_file(build_index(ledger, "BE"), statement(*entries),
                                 accept_probable=True)  # fmt: skip
            todo = [m for m in matches if m.recordable]
            assert len(todo) == 7
            if ledger is at_once:
                record_matches(ledger, todo, data=b"x", sha256=_sha(b"x"), format="camt")
            else:
                with ledger.transaction():
                    for found in todo:
                        write_match(ledger, found, _sha(b"x"))
        assert _recorded(at_once, ids) == _recorded(each, ids)
        states = [at_once.case(case_id) for case_id in ids]
        assert [s.closed is not None for s in states] == [True, True, True, True, False, True]
        assert not at_once.verify().problems
    finally:
        at_once.close()
        each.close()
