"""Limitation in the app: what keeps a claim alive (`L` on a case), and the letter flow's
question whether a letter reached the debtor.

Both return values and write nothing (the opener appends or records them). What counts
under which law is the core's business (`casetui.limitation`): a Dutch demand interrupts
from the day it reaches the debtor, an acknowledgment counts only as the debtor signed or
wrote it, a court claim has its own event.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.content import Content
from textual.css.query import NoMatches

from casetui.errors import InputError
from casetui.limitation.cases import letters_awaiting_receipt
from casetui.model import (
    Acknowledged,
    Acknowledgment,
    Channel,
    CourtClaim,
    LetterKind,
    LetterReceived,
    LetterSent,
    Note,
    Sender,
)
from casetui.rules import check_receipt
from casetui.tui.forms.base import CaseForm, EventGroup, FormScreen
from casetui.tui.forms.choices import ChoiceField
from casetui.tui.forms.fields import DateField, Field, TextField
from casetui.tui.forms.validators import not_in_future

_WHAT = (
    ("received", "Letter received"),
    ("signed", "Acknowledged, signed"),
    ("written", "Acknowledged in writing"),
    ("oral", "Acknowledged orally"),
    ("lawyer", "Lawyer's notice sent"),
    ("bailiff", "Bailiff's notice sent"),
    ("court", "Court claim"),
)


class LimitationForm(CaseForm):
    """One event that may interrupt or stop limitation on this case."""

    FORM_TITLE = "Limitation: what keeps the claim alive"

    HELP = """
## Limitation event

- **Letter received**: the day a letter reached the debtor (track and trace, a signed
  receipt, their reply). Under Dutch law a written demand interrupts from that day only.
- **Acknowledged**: the debtor admitted the debt. *Signed* (a signed payment plan, a signed
  statement) counts everywhere; *in writing* (an e-mail "how do I pay this?") counts in
  Belgium, the Netherlands and Scotland, not in England and Wales unless signed; *orally* is
  recorded but not counted, as it must be proven.
- **Lawyer's / bailiff's notice sent**: their registered formal notice, on the day it was
  sent (in Belgium it interrupts once, art. 2244 §2; it is recorded as a formal notice
  from them, by registered post).
- **Court claim**: the day the claim was brought (summons served, claim form received by
  the court office).

The case screen shows the new date at once; **i** shows why. Estimated, conservative:
take advice close to the date. **ctrl+s** saves, **escape** drops it.
"""

    def compose_fields(self) -> ComposeResult:
        self.waiting = letters_awaiting_receipt(self.case)
        letters = {raw["id"]: raw for raw in self.case.raw_events if raw["id"] in set(self.waiting)}
        options = [option for option in _WHAT if option[0] != "received" or self.waiting]
        yield ChoiceField("What", options, value=options[0][0], columns=2, id="what")
        yield ChoiceField(
            "Letter",
            [
                (
                    letter_id,
                    f"#{letter_id} {letters[letter_id]['letter_kind'].replace('-', ' ')} of "
                    f"{letters[letter_id]['date']}",
                )
                for letter_id in reversed(self.waiting)
            ],
            value=self.waiting[-1] if self.waiting else None,
            columns=1,
            id="letter",
        )
        yield DateField("Date", self.today, value=self.today, rule=self._date_rule, id="on")
        yield TextField("Note", placeholder="how you know, the court, what they wrote", id="note")

    def on_mount(self) -> None:
        super().on_mount()
        self._show_letter()

    def _what(self) -> str:
        try:
            return self.query_one("#what", ChoiceField).value or ""
        except NoMatches:  # the date is checked as it is built, before the choice exists
            return ""

    @on(Field.Changed, "#what")
    def _show_letter(self) -> None:
        self.query_one("#letter").display = self._what() == "received"
        self.query_one("#on", DateField).revalidate()

    @on(Field.Changed, "#letter")
    def _letter_changed(self) -> None:
        self.query_one("#on", DateField).revalidate()

    def _date_rule(self, day: date) -> str | None:
        if problem := not_in_future(self.today)(day):
            return f"{problem}: record it once it happened"
        if self._what() == "received":
            letter = self.query_one("#letter", ChoiceField).value
            sent = next((raw["date"] for raw in self.case.raw_events if raw["id"] == letter), None)
            if sent is not None:
                try:
                    check_receipt(date.fromisoformat(sent), day, self.today)
                except InputError as error:
                    return str(error)
        return None

    def build(self) -> EventGroup | None:
        what = self._what()
        day = self.query_one("#on", DateField).value
        assert day is not None
        note = self.query_one("#note", TextField).value
        if what == "received":
            letter = self.query_one("#letter", ChoiceField).value
            assert letter is not None
            return (LetterReceived(date=day, letter=letter, evidence=note),)
        if what == "court":
            return (CourtClaim(date=day, note=note),)
        if what in ("lawyer", "bailiff"):
            notice = LetterSent(
                date=day,
                letter_kind=LetterKind.FORMAL_NOTICE,
                channel=Channel.REGISTERED,
                sender=Sender(what),
            )
            return (notice,) if not note else (notice, Note(date=day, text=note))
        return (Acknowledged(date=day, form=Acknowledgment(what), note=note),)


@dataclass(frozen=True)
class ReceiptAnswer:
    """The answer to "did it reach the debtor?": the day, or None when not known yet."""

    received: date | None


class ReceiptForm(FormScreen[ReceiptAnswer | None]):
    """Asked by the letter preview before recording a letter on a case under Dutch law.

    escape cancels the recording (nothing is written); "not known yet" records the letter
    without a receipt, which the case then names as a risk until `L` records it.
    """

    FORM_TITLE = "Did the letter reach the debtor?"

    HELP = """
## Did the letter reach the debtor?

Under Dutch law a written demand interrupts limitation only from the day it **reaches**
the debtor (art. 3:317 and 3:37(3) BW), and you must be able to prove it: a signed receipt,
track and trace, their reply. Until a receipt is recorded the letter does not move the
date, and the case says so.

Choose **not known yet** (record it later with **L** on the case) or **received on** a day.
**ctrl+s** records the letter, **escape** goes back without recording.
"""

    def __init__(self, sent_on: date, today: date, channel: Channel) -> None:
        super().__init__()
        self.sent_on = sent_on
        self.today = today
        self.channel = channel

    def header(self) -> Content:
        return Content(
            "Dutch law: a written demand interrupts limitation only from the day it reaches "
            "the debtor (art. 3:317, 3:37(3) BW). An unproven receipt is a risk, not an "
            "interruption."
        )

    def compose_fields(self) -> ComposeResult:
        yield ChoiceField(
            "Reached",
            [("unknown", "not known yet"), ("received", "received on")],
            value="unknown",
            columns=2,
            id="reached",
        )
        how = (
            "an e-mail: the day it was delivered"
            if self.channel is Channel.EMAIL
            else "the day on the signed receipt or track and trace"
        )
        yield DateField(
            "On", self.today, value=self.sent_on, rule=self._date_rule, hint=how, id="received-on"
        )

    def on_mount(self) -> None:
        super().on_mount()
        self._show_date()

    @on(Field.Changed, "#reached")
    def _show_date(self) -> None:
        self.query_one("#received-on").display = self._received()

    def _received(self) -> bool:
        try:
            return self.query_one("#reached", ChoiceField).value == "received"
        except NoMatches:
            return False

    def _date_rule(self, day: date) -> str | None:
        try:
            check_receipt(self.sent_on, day, self.today)
        except InputError as error:
            return str(error)
        return None

    def build(self) -> ReceiptAnswer | None:
        if not self._received():
            return ReceiptAnswer(None)
        return ReceiptAnswer(self.query_one("#received-on", DateField).value)
