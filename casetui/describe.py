"""One describer for timeline events: the words for what happened, written once.

Every place that shows an event (the case screen's timeline, the entry viewer, the Markdown
and HTML exports, `casetui show`, a toast after an action, the confirmation of `casetui log`)
asks here, so a wording fix lands everywhere at once. What differs between those places is
only how the words are written down, a `Medium`:

- `PLAIN`: plain text for a screen or a terminal; user text on one line (line breaks become
  " / "), no emphasis.
- `MARKDOWN`: user text escaped by the rules of `casetui.markdown` (a note never becomes a
  heading or breaks a table), emphasis as `**bold**`.

Each event gives two things: a `headline`, a short phrase that stands alone ("payment of
250.00 EUR", "reminder sent by registered mail (RR123456789BE)"), used in toasts and one-line
confirmations; and its `details`, the full line for a timeline or an export table, whose
event column already carries the event's label.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from casetui.markdown import escape_markdown
from casetui.model import (
    Acknowledged,
    Amended,
    Attached,
    Call,
    Channel,
    Closed,
    CourtClaim,
    Credit,
    DisputeOpened,
    DisputeSettled,
    Event,
    HandedOver,
    LetterReceived,
    LetterSent,
    Note,
    Opened,
    Payment,
    Promise,
    Reopened,
    SettlementLapsed,
    Snooze,
    StageChanged,
    Voided,
)
from casetui.money import format_money as money
from casetui.records import NamedTuple
from casetui.values import frozen


@frozen
class Medium:
    """How words are written down where they land."""

    name: str
    user: Callable[[str], str]  # user text (names, notes): kept literal, on one line
    strong: Callable[[str], str]  # emphasis of our own words


def _one_line(text: str) -> str:
    return " / ".join(part.strip() for part in text.splitlines() if part.strip())


PLAIN = Medium("plain", _one_line, lambda words: words)
MARKDOWN = Medium(
    "markdown", lambda text: escape_markdown(text, joiner=" / "), lambda words: f"**{words}**"
)


class Description(NamedTuple):
    headline: str  # stands alone: "payment of 250.00 EUR"
    details: str  # beside the event's label in a timeline


CHANNEL_WORDS = {
    Channel.EMAIL: "by e-mail",
    Channel.POST: "by post",
    Channel.REGISTERED: "by registered mail",
}


def words(value: str) -> str:
    """One of our enum values as words: `no-answer` -> `no answer`."""
    return value.replace("-", " ")


def describe(event: Event, currency: str, medium: Medium = PLAIN) -> Description:
    """The headline and the details of `event` (amounts in the case's `currency`)."""
    return _DESCRIBERS.get(type(event), _unknown)(event, currency, medium)


def headline(event: Event, currency: str, medium: Medium = PLAIN) -> str:
    return describe(event, currency, medium).headline


def details(event: Event, currency: str, medium: Medium = PLAIN) -> str:
    return describe(event, currency, medium).details


def letter_phrase(event: LetterSent, medium: Medium = PLAIN) -> str:
    """ "reminder sent by registered mail (RR123456789BE)"."""
    kind = medium.strong(words(event.letter_kind.value))
    tracking = f" ({medium.user(event.tracking)})" if event.tracking else ""
    return f"{kind} sent {CHANNEL_WORDS[event.channel]}{tracking}"


# --------------------------------------------------------------------------- per kind


def _joined(*parts: str) -> str:
    return "; ".join(part for part in parts if part)


def _opened(event: Opened, currency: str, medium: Medium) -> Description:
    amount = money(event.amount.amount, currency)
    invoice = medium.user(event.invoice)
    return Description(
        f"case opened: invoice {invoice}, {amount} due {event.due}",
        f"invoice {invoice} of {event.issued}, due {event.due}, {amount}",
    )


def _call(event: Call, currency: str, medium: Medium) -> Description:
    outcome = medium.strong(words(event.outcome.value))
    head = f"{event.direction.value} call, {outcome}"
    return Description(
        head,
        _joined(
            head,
            medium.user(event.note),
            f"next action {event.next_action}" if event.next_action else "",
        ),
    )


def _letter(event: LetterSent, currency: str, medium: Medium) -> Description:
    phrase = letter_phrase(event, medium)
    if not event.text:  # logged from the command line or another tool
        kept = "no copy of the text was kept"
    elif medium is MARKDOWN:
        kept = f"full text below (letter #{event.id})"
    else:
        kept = "enter: read it"
    return Description(
        phrase,
        _joined(
            phrase,
            f"to {medium.user(event.recipient)}" if event.recipient else "",
            f"deadline {event.deadline}" if event.deadline else "",
            "also covers " + ", ".join(event.covers) if event.covers else "",
            f"sent by your {event.sender.value}" if event.sender.value != "creditor" else "",
            f"received {event.received}" if event.received else "",
            *(_proof(event, medium) if medium is MARKDOWN else ()),
            kept,
        ),
    )


def _proof(event: LetterSent, medium: Medium) -> tuple[str, ...]:
    """The rest of an e-mail's or registered letter's proof of sending, for documents (a
    screen row shows only the recipient): the Message-ID the server accepted and the copy
    kept beside the ledger."""
    return (
        f"Message-ID {medium.user(event.message_id)}" if event.message_id else "",
        f"kept as evidence/{medium.user(event.evidence)}" if event.evidence else "",
    )


def _payment(event: Payment, currency: str, medium: Medium) -> Description:
    amount = money(event.amount.amount, currency)
    method = f" ({medium.user(event.method)})" if event.method else ""
    reference = f", reference {medium.user(event.reference)}" if event.reference else ""
    # Read from a bank statement: who paid, from which account, the bank's reference.
    who = " ".join(medium.user(part) for part in (event.payer, event.payer_iban) if part)
    paid_by = f", from {who}" if who else ""
    if event.bank_ref:
        paid_by += f", bank reference {medium.user(event.bank_ref)}"
    return Description(f"payment of {amount}", f"{amount}{method}{reference}{paid_by}")


def _credit(event: Credit, currency: str, medium: Medium) -> Description:
    amount = money(event.amount.amount, currency)
    document = f", credit note {medium.user(event.document)}" if event.document else ""
    return Description(
        f"credit note of {amount}", _joined(f"{amount}{document}", medium.user(event.note))
    )


def _promise(event: Promise, currency: str, medium: Medium) -> Description:
    promised = f"{money(event.amount.amount, currency)} by {event.by}"
    written = f"{event.acknowledged.value} by the debtor" if event.acknowledged else ""
    return Description(
        f"promise to pay {promised}", _joined(promised, written, medium.user(event.note))
    )


def _received(event: LetterReceived, currency: str, medium: Medium) -> Description:
    head = f"letter #{event.letter} received"
    return Description(
        head, _joined(f"letter #{event.letter} reached the debtor", medium.user(event.evidence))
    )


def _acknowledged(event: Acknowledged, currency: str, medium: Medium) -> Description:
    form = medium.strong(event.form.value)
    return Description(
        f"debt acknowledged ({event.form.value})", _joined(form, medium.user(event.note))
    )


def _court_claim(event: CourtClaim, currency: str, medium: Medium) -> Description:
    return Description(
        "court claim",
        _joined(medium.user(event.court), medium.user(event.reference), medium.user(event.note)),
    )


def _dispute(event: DisputeOpened, currency: str, medium: Medium) -> Description:
    return Description("dispute opened", medium.user(event.reason))


def _settled(event: DisputeSettled, currency: str, medium: Medium) -> Description:
    plan = event.instalments
    if plan:
        total = sum((item.amount.amount for item in plan), Decimal(0))
        count = f"{len(plan)} instalment{'s' if len(plan) != 1 else ''}"
        agreed = f"{money(total, currency)} in {count}, {plan[0].due} to {plan[-1].due}"
        if len(plan) == 1:
            agreed = f"{money(total, currency)} by {plan[0].due}"
        head = f"payment plan: {agreed}"
        clause = "revival clause" if event.revive else ""
        return Description(head, _joined(agreed, clause, medium.user(event.terms)))
    agreed = (
        f"still to pay {money(event.amount.amount, currency)}" if event.amount is not None else ""
    )
    return Description(
        _joined("settlement agreed", agreed), _joined(medium.user(event.terms), agreed)
    )


def _lapsed(event: SettlementLapsed, currency: str, medium: Medium) -> Description:
    return Description("settlement lapsed", medium.user(event.note))


def _snooze(event: Snooze, currency: str, medium: Medium) -> Description:
    reason = f": {medium.user(event.reason)}" if event.reason else ""
    return Description(f"snoozed until {event.until}", f"until {event.until}{reason}")


def _stage(event: StageChanged, currency: str, medium: Medium) -> Description:
    stage = medium.strong(event.stage.label)
    return Description(
        f"stage set to {event.stage.label.lower()}",
        _joined(f"to {stage}", medium.user(event.note)),
    )


def _handover(event: HandedOver, currency: str, medium: Medium) -> Description:
    head = f"handed over to {event.to.value}"
    return Description(
        head,
        _joined(
            f"to {event.to.value}",
            medium.user(event.name),
            f"fee model {words(event.fee_model.value)}",
            f"fee {medium.user(event.fee)}" if event.fee else "",
            f"reference {medium.user(event.reference)}" if event.reference else "",
        ),
    )


def _closed(event: Closed, currency: str, medium: Medium) -> Description:
    reason = words(event.reason.value)
    return Description(f"closed ({reason})", _joined(reason, medium.user(event.note)))


def _reopened(event: Reopened, currency: str, medium: Medium) -> Description:
    return Description("reopened", medium.user(event.reason))


def _voided(event: Voided, currency: str, medium: Medium) -> Description:
    ids = ", ".join(f"#{target}" for target in event.voids)
    reason = f": {medium.user(event.reason)}" if event.reason else ""
    return Description(f"cancelled {ids}", f"cancels {ids}{reason}")


def _amended(event: Amended, currency: str, medium: Medium) -> Description:
    changes = [
        f"{name} {medium.user(str(value))}"
        for name in (
            "invoice",
            "issued",
            "due",
            "regime",
            "reference",
            "limitation_law",
            "claim_kind",
            "delivered",
        )
        if (value := getattr(event, name)) is not None
    ]
    if event.amount is not None:
        changes.append(f"amount {money(event.amount.amount, currency)}")
    if event.tags is not None:
        changes.append(f"tags {medium.user(', '.join(event.tags)) or 'none'}")
    return Description("case amended", _joined(*changes, medium.user(event.note)))


def file_size(size: int) -> str:
    """Bytes as a person reads them: "812 bytes", "48.2 KB", "3.1 MB" (1 KB = 1000 bytes)."""
    if size < 1000:
        return f"{size} byte{'s' if size != 1 else ''}"
    value, unit = size / 1000, "KB"
    for larger in ("MB", "GB"):
        if value < 1000:
            break
        value, unit = value / 1000, larger
    return f"{value:.1f} {unit}"


def _attached(event: Attached, currency: str, medium: Medium) -> Description:
    name = medium.user(event.name)
    category = words(event.category.value)
    return Description(
        f"attached {name} ({category})",
        _joined(
            f"{medium.strong(name)} ({category})",
            f"{file_size(event.size)}, {medium.user(event.media_type)}",
            medium.user(event.note),
        ),
    )


def _note(event: Note, currency: str, medium: Medium) -> Description:
    return Description("note", medium.user(event.text))


def _unknown(event: Event, currency: str, medium: Medium) -> Description:
    return Description(event.label.lower(), "")


_DESCRIBERS: dict[type, Callable[..., Description]] = {
    Opened: _opened,
    Call: _call,
    LetterSent: _letter,
    Payment: _payment,
    Credit: _credit,
    Promise: _promise,
    DisputeOpened: _dispute,
    DisputeSettled: _settled,
    SettlementLapsed: _lapsed,
    Snooze: _snooze,
    StageChanged: _stage,
    HandedOver: _handover,
    Closed: _closed,
    Reopened: _reopened,
    Voided: _voided,
    Amended: _amended,
    Note: _note,
    LetterReceived: _received,
    Acknowledged: _acknowledged,
    CourtClaim: _court_claim,
    Attached: _attached,
}
