"""The escalation ladder: which step follows which, and how long each step waits.

friendly reminder -> firmer second reminder -> formal notice -> hand-over to an agency,
bailiff or lawyer. The numbers here are defaults a user can change in their business profile
(letters set their own deadline when they are sent; these apply when a letter was logged
without one, or when a stage was set by hand).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import field
from types import MappingProxyType
from typing import TYPE_CHECKING

from casetui.model import LetterKind, Stage, country_of_law
from casetui.values import frozen

if TYPE_CHECKING:
    from casetui.limitation import Settings

_DEFAULT_WAIT_DAYS = MappingProxyType(
    {
        Stage.REMINDER: 14,  # a friendly reminder usually grants 7 to 14 days
        Stage.SECOND_REMINDER: 8,
        Stage.FORMAL_NOTICE: 7,  # 5 business days, seen as calendar days
    }
)


@frozen
class LadderPolicy:
    """When the next step of the ladder falls due, and when a limitation warning does."""

    # Days after the due date before the friendly reminder is proposed.
    first_reminder_after_days: int = 3
    # Days each stage waits for payment when no explicit deadline was recorded.
    wait_days: Mapping[Stage, int] = field(default_factory=lambda: _DEFAULT_WAIT_DAYS)
    # A dispute pauses the ladder; it still comes back to be chased after this many days.
    dispute_follow_up_days: int = 7
    # After a hand-over, ask the agency, bailiff or lawyer for news after this many days.
    handover_check_days: int = 30
    # A payment plan's instalment not paid this many days after it fell due comes back on
    # Today the day after (casetui.plans).
    instalment_grace_days: int = 3
    # The creditor's country: next actions land on its working days (public holidays
    # included); empty (no business profile yet): Monday to Friday.
    country: str = ""
    # A case comes on Today this many days before its limitation date (casetui.limitation.cases).
    limitation_lead_days: tuple[int, ...] = (180, 90, 30)
    # The law of your own contracts ("be", "nl", "ew", "scot"; "" not known): Rome I art. 4
    # gives a business customer's contract the seller's or service provider's law.
    creditor_law: str = ""
    # The unverified points of limitation law (None: the bundled defaults).
    limitation_settings: Settings | None = None

    @property
    def creditor_country(self) -> str:
        """The country of the law of your own contracts (a business debtor's regime)."""
        return country_of_law(self.creditor_law) or self.country

    def wait_after(self, stage: Stage) -> int:
        return self.wait_days.get(stage, 14)


DEFAULT_POLICY = LadderPolicy()

_NEXT_STAGE = {
    Stage.OPEN: Stage.REMINDER,
    Stage.REMINDER: Stage.SECOND_REMINDER,
    Stage.SECOND_REMINDER: Stage.FORMAL_NOTICE,
    Stage.FORMAL_NOTICE: Stage.HANDED_OVER,
}

_STAGE_LETTER = {
    Stage.REMINDER: LetterKind.REMINDER,
    Stage.SECOND_REMINDER: LetterKind.SECOND_REMINDER,
    Stage.FORMAL_NOTICE: LetterKind.FORMAL_NOTICE,
    Stage.HANDED_OVER: LetterKind.HANDOVER,
}


def next_stage(stage: Stage) -> Stage | None:
    """The step after `stage`, or None at the end of the ladder (handed over, closed)."""
    return _NEXT_STAGE.get(stage)


def letter_for(stage: Stage) -> LetterKind | None:
    """The letter that moves a case into `stage`."""
    return _STAGE_LETTER.get(stage)


def ladder_steps() -> tuple[Stage, ...]:
    """The stages shown on the case screen's ladder, in order."""
    return (
        Stage.OPEN,
        Stage.REMINDER,
        Stage.SECOND_REMINDER,
        Stage.FORMAL_NOTICE,
        Stage.HANDED_OVER,
    )


__all__ = [
    "DEFAULT_POLICY",
    "LadderPolicy",
    "ladder_steps",
    "letter_for",
    "next_stage",
]
