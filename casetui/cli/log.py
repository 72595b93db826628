"""`casetui log CASE WHAT ...`: record what happened on a case (one action, one commit).

casetui log C-2026-0001 call --outcome no-answer
casetui log C-2026-0001 call --outcome promised --amount 250 --by friday
casetui log C-2026-0001 payment 250,00 --date yesterday
casetui log C-2026-0001 letter --kind reminder --channel email
casetui log C-2026-0001 received --date 2026-03-04       # the last letter reached them
casetui log C-2026-0001 ack --form signed                # the debtor acknowledged the debt
casetui log C-2026-0001 settle --terms "4 x 250" --instalment 2026-12-15=250 ... --revive
casetui log C-2026-0001 lapse                            # end a plan whose instalment was missed
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from datetime import date, timedelta

from casetui.cli.common import (
    accept_negative_offsets,
    amount,
    business_profile,
    day,
    not_in_future,
    open_ledger,
)
from casetui.describe import headline
from casetui.errors import InputError
from casetui.ladder import LadderPolicy
from casetui.ledger import Ledger
from casetui.model import (
    Acknowledged,
    Acknowledgment,
    Call,
    CallOutcome,
    Channel,
    Closed,
    CloseReason,
    CourtClaim,
    Credit,
    Direction,
    DisputeOpened,
    DisputeSettled,
    Event,
    FeeModel,
    HandedOver,
    HandoverTo,
    LetterKind,
    LetterReceived,
    LetterSent,
    Note,
    Payment,
    PlanInstalment,
    Promise,
    Reopened,
    Sender,
    SettlementLapsed,
    Snooze,
    Stage,
    StageChanged,
)
from casetui.money import Money, to_minor
from casetui.rules import (
    check_receipt,
    check_settlement,
    check_within_claim,
    follow_up_after_call,
)
from casetui.timeline import CaseState

Builder = Callable[[argparse.Namespace, CaseState, date], tuple[Event, ...]]


def _values(enum: type) -> list[str]:
    return [member.value for member in enum]


def configure(log: argparse.ArgumentParser, words: Sequence[str] = ()) -> None:
    """`words`: the command line's words after `log` (CASE, then the kind of entry). Only
    the kind they name is built; none named (or a mistyped one): all, for help and errors."""
    log.description = (
        "Record what happened on a case. Every entry may take --date "
        "(default today; not in the future)."
    )
    log.add_argument("case", metavar="CASE", help="case id (C-2026-0001) or invoice number")
    kinds = log.add_subparsers(dest="what", metavar="WHAT", required=True)
    named = words[1] if len(words) > 1 and words[1] in KINDS else None
    for name in [named] if named else KINDS:
        builder, help_text, add_options = KINDS[name]
        parser = accept_negative_offsets(kinds.add_parser(name, help=help_text))
        parser.add_argument("--date", metavar="DATE", help="when it happened (default today)")
        parser.set_defaults(handler=_run, builder=builder)
        add_options(parser)


def _call_options(call: argparse.ArgumentParser) -> None:
    call.add_argument("--outcome", required=True, choices=_values(CallOutcome))
    call.add_argument("--note", default="", metavar="TEXT")
    call.add_argument("--next", metavar="DATE", help="next action (default from the outcome)")
    call.add_argument("--inbound", action="store_true", help="they called us")
    call.add_argument("--amount", metavar="AMOUNT", help="promised: amount (default all)")
    call.add_argument("--by", metavar="DATE", help="promised: pay by this date")


def _note_options(note: argparse.ArgumentParser) -> None:
    note.add_argument("text", metavar="TEXT")


def _payment_options(payment: argparse.ArgumentParser) -> None:
    payment.add_argument("amount", metavar="AMOUNT")
    payment.add_argument("--method", default="", metavar="TEXT", help="e.g. bank transfer")
    payment.add_argument("--reference", default="", metavar="TEXT")
    payment.add_argument(
        "--keep-open",
        action="store_true",
        help="do not close the case when the payment clears what is owed",
    )


def _credit_options(credit: argparse.ArgumentParser) -> None:
    credit.add_argument("amount", metavar="AMOUNT")
    credit.add_argument("--document", default="", metavar="NO", help="credit note number")


def _promise_options(promise: argparse.ArgumentParser) -> None:
    promise.add_argument("amount", metavar="AMOUNT")
    promise.add_argument("--by", required=True, metavar="DATE")
    written = promise.add_mutually_exclusive_group()
    written.add_argument(
        "--signed",
        action="store_true",
        help="the debtor signed it (a payment plan): it acknowledges the debt",
    )
    written.add_argument(
        "--written", action="store_true", help="the debtor wrote it (an e-mail, a letter)"
    )


def _dispute_options(dispute: argparse.ArgumentParser) -> None:
    dispute.add_argument("--reason", required=True, metavar="TEXT")


def _settle_options(settle: argparse.ArgumentParser) -> None:
    settle.add_argument("--terms", required=True, metavar="TEXT")
    settle.add_argument(
        "--amount", metavar="AMOUNT", help="what the debtor still pays (default: the instalments)"
    )
    settle.add_argument(
        "--instalment",
        action="append",
        default=[],
        metavar="DATE=AMOUNT",
        help="one payment of the plan (repeatable); each is watched",
    )
    settle.add_argument(
        "--revive",
        action="store_true",
        help="revival clause: a missed instalment brings back the original claim with "
        "interest from its due date and costs",
    )


def _lapse_options(lapse: argparse.ArgumentParser) -> None:
    lapse.add_argument("--note", default="", metavar="TEXT")


def _snooze_options(snooze: argparse.ArgumentParser) -> None:
    snooze.add_argument("--until", required=True, metavar="DATE")
    snooze.add_argument("--reason", default="", metavar="TEXT")


def _letter_options(letter: argparse.ArgumentParser) -> None:
    letter.add_argument("--kind", required=True, choices=_values(LetterKind))
    letter.add_argument("--channel", required=True, choices=_values(Channel))
    letter.add_argument("--tracking", default="", metavar="NO")
    letter.add_argument("--deadline", metavar="DATE", help="pay-by date it gave")
    letter.add_argument(
        "--statutory",
        action="store_true",
        help="it was the BE free first reminder or the NL 14-day letter",
    )
    letter.add_argument(
        "--received",
        metavar="DATE",
        help="the day it reached the debtor (a Dutch demand interrupts limitation from then)",
    )
    letter.add_argument(
        "--from",
        dest="sender",
        choices=_values(Sender),
        default="creditor",
        help="who sent it (a registered lawyer's or bailiff's notice interrupts in Belgium)",
    )


def _received_options(received: argparse.ArgumentParser) -> None:
    received.add_argument(
        "--letter", type=int, metavar="N", help="the letter's entry number (default: the last)"
    )
    received.add_argument(
        "--evidence", default="", metavar="TEXT", help="how you know: track and trace, a reply"
    )


def _ack_options(ack: argparse.ArgumentParser) -> None:
    ack.add_argument(
        "--form",
        required=True,
        choices=_values(Acknowledgment),
        help="signed, written (an e-mail, a letter) or oral",
    )
    ack.add_argument("--note", default="", metavar="TEXT", help='e.g. "How do I pay this?"')


def _court_claim_options(court: argparse.ArgumentParser) -> None:
    court.add_argument("--court", default="", metavar="TEXT")
    court.add_argument("--reference", default="", metavar="TEXT", help="the case number")
    court.add_argument("--note", default="", metavar="TEXT")


def _stage_options(stage: argparse.ArgumentParser) -> None:
    stage.add_argument("stage", choices=[s.value for s in Stage if s is not Stage.CLOSED])
    stage.add_argument("--note", default="", metavar="TEXT")


def _handover_options(handover: argparse.ArgumentParser) -> None:
    handover.add_argument("--to", required=True, choices=_values(HandoverTo))
    handover.add_argument("--name", default="", metavar="TEXT")
    handover.add_argument("--fee-model", choices=_values(FeeModel), default="no-cure-no-pay")
    handover.add_argument("--fee", default="", metavar="TEXT", help='e.g. "15 %" or "250.00"')
    handover.add_argument("--reference", default="", metavar="TEXT")


def _close_options(close: argparse.ArgumentParser) -> None:
    close.add_argument("reason", choices=_values(CloseReason))
    close.add_argument("--reason", dest="note", default="", metavar="TEXT", help="a note")


def _reopen_options(reopen: argparse.ArgumentParser) -> None:
    reopen.add_argument("--reason", default="", metavar="TEXT")


def _run(args: argparse.Namespace) -> int:
    with open_ledger(args, write=True) as ledger:
        state = ledger.case(args.case)
        when = (
            not_in_future(day(args.date, args, "--date"), args, "--date")
            if args.date
            else args.today
        )
        events = args.builder(args, state, when)
        settled = [event for event in events if isinstance(event, DisputeSettled)]
        if settled:
            _check_within_claim(ledger, state, settled[0], when)
        state = ledger.append(state.id, *events)
        said = _confirmation(ledger, state, events, args.today)
        if settled:  # what the compromise gave up, said when it is recorded
            said += _settlement_note(ledger, state)
        print(said)
    return 0


def _check_within_claim(
    ledger: Ledger, state: CaseState, settlement: DisputeSettled, when: date
) -> None:
    """Refuse a settlement for more than the claim that day (`rules.check_within_claim`);
    a claim the law engine cannot compute (no contract rate) is not checked."""
    from casetui.claims import claim_for_case
    from casetui.errors import CasetuiError

    customer = ledger.customer(state.customer_id)
    try:
        claim = claim_for_case(state, customer, when, business_profile().claim_terms())
    except CasetuiError:
        return
    try:
        check_within_claim(settlement, claim.total, state.currency)
    except InputError as error:
        raise InputError(f"settle: {error}") from None


def _settlement_note(ledger: Ledger, state: CaseState) -> str:
    """`; settled on ... for 166.12 GBP (interest 1.62 and compensation 40.00 waived)`."""
    from casetui.claims import claim_before_settlement, settlement_words
    from casetui.errors import CasetuiError

    customer = ledger.customer(state.customer_id)
    try:
        before = claim_before_settlement(state, customer, business_profile().claim_terms())
    except CasetuiError:
        before = None
    words = settlement_words(state, before)
    return f"; {words}" if words else ""


def _confirmation(ledger: Ledger, state: CaseState, events: tuple[Event, ...], today: date) -> str:
    from casetui.agenda import explain
    from casetui.owed import owed

    done = " + ".join(headline(event, state.currency) for event in events)
    # The balance; more than owed reads 0.00 here and is said as an over-payment below.
    balance = owed(state) if state.outstanding_minor < 0 else state.outstanding
    line = f"{state.id}: recorded {done}; outstanding {balance}"
    if state.next_action is not None:
        line += f"; next: {state.next_action.date} ({explain(state, state.next_action, today)})"
    elif state.closed is not None:
        line += f"; closed ({state.closed.reason.value})"
        if state.outstanding_minor < 0:
            line += f"; overpaid by {-state.outstanding.amount} {state.currency}: to refund"
    return line + _limitation_note(ledger, state, today)


def _limitation_note(ledger: Ledger, state: CaseState, today: date) -> str:
    """A case close to (or past) its limitation date says so after any entry, even when the
    warning itself is not the next action (a snooze, a reply, a late letter)."""
    from casetui.limitation.cases import case_limitation, near_warning

    if state.closed is not None or (
        state.limitation_alert is not None and state.limitation_alert.date <= today
    ):
        return ""  # closed, or the warning is already in the reason above
    found = case_limitation(state, ledger.customer(state.customer_id), ledger.policy)
    words = near_warning(found, today, ledger.policy.limitation_lead_days) if found else ""
    return f"\n{state.id}: {words}" if words else ""


def _text(value: str, what: str) -> str:
    text = value.strip()
    if not text:
        raise InputError(f"{what}: text is required")
    return text


def _money(args: argparse.Namespace, state: CaseState, text: str, what: str) -> Money:
    return Money(amount(text, state.currency, what), state.currency)


# --------------------------------------------------------------------------- builders


def _call(args: argparse.Namespace, state: CaseState, when: date) -> tuple[Event, ...]:
    outcome = CallOutcome(args.outcome)
    promise = None
    if outcome is CallOutcome.PROMISED and (args.by or args.amount):
        if not args.by:
            raise InputError("--by: a promise needs the date it will be paid by")
        promised = (
            _money(args, state, args.amount, "--amount") if args.amount else state.outstanding
        )
        by = day(args.by, args, "--by")
        promise = Promise(date=when, amount=promised, by=by, note=args.note.strip())
    elif args.by or args.amount:
        raise InputError("--amount and --by go with --outcome promised")
    if args.next:
        next_action = day(args.next, args, "--next")
        if next_action < when:
            raise InputError(f"--next {next_action} is before the call ({when})")
    else:
        next_action = follow_up_after_call(
            outcome, args.today, ledger_policy(args), promise.by if promise else None
        )
    call = Call(
        date=when,
        outcome=outcome,
        direction=Direction.INBOUND if args.inbound else Direction.OUTBOUND,
        note=args.note.strip(),
        next_action=next_action,
    )
    events: tuple[Event, ...] = (call,)
    if promise is not None:
        events += (promise,)
    if outcome is CallOutcome.DISPUTED and not state.disputed:
        events += (DisputeOpened(date=when, reason=args.note.strip() or "disputed on the phone"),)
    return events


def _note(args: argparse.Namespace, state: CaseState, when: date) -> tuple[Event, ...]:
    return (Note(date=when, text=_text(args.text, "note")),)


def _payment(args: argparse.Namespace, state: CaseState, when: date) -> tuple[Event, ...]:
    from casetui.plans import closing_event

    paid = _money(args, state, args.amount, "payment")
    payment = Payment(
        date=when, amount=paid, method=args.method.strip(), reference=args.reference.strip()
    )
    # What clears the balance closes the case in the same action (one undo takes both
    # back), as the app and bank statements do: as settled when it pays a settlement.
    closing = (
        None if args.keep_open else closing_event(state, to_minor(paid.amount, paid.currency), when)
    )
    return (payment,) if closing is None else (payment, closing)


def _credit(args: argparse.Namespace, state: CaseState, when: date) -> tuple[Event, ...]:
    credited = _money(args, state, args.amount, "credit")
    return (Credit(date=when, amount=credited, document=args.document.strip()),)


def _promise(args: argparse.Namespace, state: CaseState, when: date) -> tuple[Event, ...]:
    by = day(args.by, args, "--by")
    written = (
        Acknowledgment.SIGNED if args.signed else Acknowledgment.WRITTEN if args.written else None
    )
    promised = _money(args, state, args.amount, "promise")
    return (Promise(date=when, amount=promised, by=by, acknowledged=written),)


def _dispute(args: argparse.Namespace, state: CaseState, when: date) -> tuple[Event, ...]:
    return (DisputeOpened(date=when, reason=_text(args.reason, "--reason")),)


def _settle(args: argparse.Namespace, state: CaseState, when: date) -> tuple[Event, ...]:
    agreed = _money(args, state, args.amount, "--amount") if args.amount else None
    plan = tuple(
        PlanInstalment(*instalment(text, args, state.currency)) for text in args.instalment
    )
    if agreed is None and not plan:
        # A settlement without an amount or a plan would only end a dispute and drop the
        # interest and costs: say what is owed from now on.
        raise InputError("settle: give --amount (what the debtor still pays) or --instalment")
    settlement = DisputeSettled(
        date=when,
        terms=_text(args.terms, "--terms"),
        amount=agreed,
        instalments=tuple(sorted(plan, key=lambda item: item.due)),
        revive=args.revive,
    )
    try:
        return (check_settlement(settlement, state.currency),)
    except InputError as error:
        raise InputError(f"settle: {error}") from None


def instalment(text: str, args: argparse.Namespace, currency: str) -> tuple[date, Money]:
    """`--instalment 2026-12-15=250` (any date the CLI takes: `+2w=250`)."""
    when, separator, value = text.partition("=")
    if not separator or not when.strip() or not value.strip():
        raise InputError(f"--instalment wants DATE=AMOUNT, not {text!r}")
    due = day(when.strip(), args, "--instalment")
    return due, Money(amount(value.strip(), currency, "--instalment"), currency)


def _lapse(args: argparse.Namespace, state: CaseState, when: date) -> tuple[Event, ...]:
    return (SettlementLapsed(date=when, note=args.note.strip()),)


def _snooze(args: argparse.Namespace, state: CaseState, when: date) -> tuple[Event, ...]:
    return (Snooze(date=when, until=day(args.until, args, "--until"), reason=args.reason.strip()),)


def _letter(args: argparse.Namespace, state: CaseState, when: date) -> tuple[Event, ...]:
    kind = LetterKind(args.kind)
    if args.deadline:
        deadline = day(args.deadline, args, "--deadline")
        if deadline < when:
            raise InputError(f"--deadline {deadline} is before the letter ({when})")
    elif kind.stage is not None:
        deadline = when + timedelta(days=ledger_wait(kind))
    else:
        deadline = None
    if args.tracking and args.channel != "registered":
        raise InputError("--tracking goes with --channel registered")
    received = None
    if args.received:
        received = day(args.received, args, "--received")
        try:
            check_receipt(when, received, args.today)
        except InputError as error:
            raise InputError(f"--received: {error}") from None
    return (
        LetterSent(
            date=when,
            letter_kind=kind,
            channel=Channel(args.channel),
            deadline=deadline,
            tracking=args.tracking.strip(),
            statutory=args.statutory,
            received=received,
            sender=Sender(args.sender),
        ),
    )


def _received(args: argparse.Namespace, state: CaseState, when: date) -> tuple[Event, ...]:
    from casetui.limitation.cases import letters_awaiting_receipt

    if args.letter is None:
        waiting = letters_awaiting_receipt(state)
        if not waiting:
            raise InputError(
                f"{state.id} has no letter to the debtor without a recorded receipt "
                "(--letter N names one)"
            )
        letter = waiting[-1]
    else:
        letter = args.letter
    return (LetterReceived(date=when, letter=letter, evidence=args.evidence.strip()),)


def _ack(args: argparse.Namespace, state: CaseState, when: date) -> tuple[Event, ...]:
    return (Acknowledged(date=when, form=Acknowledgment(args.form), note=args.note.strip()),)


def _court_claim(args: argparse.Namespace, state: CaseState, when: date) -> tuple[Event, ...]:
    return (
        CourtClaim(
            date=when,
            court=args.court.strip(),
            reference=args.reference.strip(),
            note=args.note.strip(),
        ),
    )


def ledger_wait(kind: LetterKind) -> int:
    """Days a letter logged without a deadline gives, from the ladder's defaults."""
    from casetui.ladder import DEFAULT_POLICY

    assert kind.stage is not None
    return DEFAULT_POLICY.wait_after(kind.stage)


def ledger_policy(args: argparse.Namespace) -> LadderPolicy:
    """The ladder of the user's business profile (waits, and the country's working days)."""
    return business_profile().ladder_policy()


def _stage(args: argparse.Namespace, state: CaseState, when: date) -> tuple[Event, ...]:
    return (StageChanged(date=when, stage=Stage(args.stage), note=args.note.strip()),)


def _handover(args: argparse.Namespace, state: CaseState, when: date) -> tuple[Event, ...]:
    return (
        HandedOver(
            date=when,
            to=HandoverTo(args.to),
            name=args.name.strip(),
            fee_model=FeeModel(args.fee_model),
            fee=args.fee.strip(),
            reference=args.reference.strip(),
        ),
    )


def _close(args: argparse.Namespace, state: CaseState, when: date) -> tuple[Event, ...]:
    return (Closed(date=when, reason=CloseReason(args.reason), note=args.note.strip()),)


def _reopen(args: argparse.Namespace, state: CaseState, when: date) -> tuple[Event, ...]:
    return (Reopened(date=when, reason=args.reason.strip()),)


# Each kind of entry, in the order `casetui log --help` lists them: what builds its
# events, its help, and its own options.
KINDS: dict[str, tuple[Builder, str, Callable[[argparse.ArgumentParser], None]]] = {
    "call": (_call, "a phone call and its outcome", _call_options),
    "note": (_note, "a note", _note_options),
    "payment": (_payment, "a payment received", _payment_options),
    "credit": (_credit, "a credit note that reduces what is owed", _credit_options),
    "promise": (_promise, "a promise to pay", _promise_options),
    "dispute": (_dispute, "the debtor disputes the invoice", _dispute_options),
    "settle": (
        _settle,
        "a settlement: a compromise, or a payment plan in instalments",
        _settle_options,
    ),
    "lapse": (
        _lapse,
        "end a settlement (a missed instalment): with --revive on it the original claim "
        "comes back, else its unpaid rest is owed",
        _lapse_options,
    ),
    "snooze": (_snooze, "leave the case alone until a date", _snooze_options),
    "letter": (_letter, "a letter sent outside casetui", _letter_options),
    "received": (
        _received,
        "a letter reached the debtor (--date: the day it did)",
        _received_options,
    ),
    "ack": (_ack, "the debtor acknowledged the debt (limitation)", _ack_options),
    "court-claim": (_court_claim, "the claim was brought before a court", _court_claim_options),
    "stage": (_stage, "set the stage by hand", _stage_options),
    "handover": (_handover, "hand the case to an agency, bailiff or lawyer", _handover_options),
    "close": (_close, "close the case", _close_options),
    "reopen": (_reopen, "reopen a closed case", _reopen_options),
}
