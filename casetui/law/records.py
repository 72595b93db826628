"""The plain facts a claim is computed from: money movements and letters sent."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from casetui.errors import InputError
from casetui.values import frozen

MOVEMENT_KINDS = ("payment", "credit")
CHANNELS = ("email", "post", "registered")


@frozen
class Movement:
    """A payment or a credit note against the invoice, on the day it was made.

    A payment is imputed by the regime's order (costs, interest, principal by default); a credit
    note corrects the invoice itself and so always reduces the principal.
    """

    day: date
    amount: Decimal
    kind: str  # "payment" | "credit"

    def __post_init__(self) -> None:
        if self.kind not in MOVEMENT_KINDS:
            raise InputError(
                f"unknown movement kind {self.kind!r} (use {' or '.join(MOVEMENT_KINDS)})"
            )
        if not self.amount > 0:
            raise InputError(f"a {self.kind} must be a positive amount, got {self.amount}")


@frozen
class LetterRecord:
    """A letter sent to the debtor.

    `statutory` marks the letter that is the regime's qualifying notice: the free first reminder
    of Book XIX (be-b2c) or the compliant 14-day letter of art. 6:96(6) BW (nl-b2c). Only the
    sender knows whether the content and wording met the rules, so it is recorded, not guessed
    from `kind`.
    """

    day: date
    channel: str  # "email" | "post" | "registered"
    kind: str  # "reminder", "second-reminder", "formal-notice", ...
    statutory: bool = False

    def __post_init__(self) -> None:
        if self.channel not in CHANNELS:
            raise InputError(f"unknown channel {self.channel!r} (use {', '.join(CHANNELS)})")
        if not self.kind.strip():
            raise InputError("a letter needs a kind (reminder, formal-notice, ...)")
