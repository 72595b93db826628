"""Which of a debtor's overdue cases one letter may cover: those whose own next step it is.

One letter for several cases moves each of them up the ladder. A case that already passed
the letter's step (a second reminder for a case waiting for its formal notice) would get
the same step again; one that has not reached it would skip steps the law may require (a
consumer's statutory first reminder). So a letter of one kind covers only the cases whose
own next letter is that kind (`propose_letter`, as for a single case); the others are left
out, each with its own next step, so the user can write to them separately.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from casetui.letters.flow import propose_letter
from casetui.model import Customer, LetterKind
from casetui.profile import Profile
from casetui.timeline import CaseState


@dataclass(frozen=True)
class LeftOut:
    """A case one letter does not cover, and its own next step (None: no letter now)."""

    case_id: str
    own_kind: LetterKind | None
    reason: str

    def words(self) -> str:
        """`C-2026-0005 (its next letter is a formal-notice)`."""
        if self.own_kind is None:
            return f"{self.case_id} ({self.reason})"
        return f"{self.case_id} (its next letter is a {self.own_kind.value.replace('-', ' ')})"


def cases_for_one_letter(
    others: Sequence[CaseState],
    kind: LetterKind,
    customer: Customer,
    profile: Profile,
    today: date,
) -> tuple[tuple[CaseState, ...], tuple[LeftOut, ...]]:
    """Of `others` (a customer's other overdue cases), those a letter of `kind` covers, and
    those it leaves out with their own next step."""
    covered: list[CaseState] = []
    left_out: list[LeftOut] = []
    for state in others:
        proposal = propose_letter(state, customer, profile, today)
        if proposal.kind is kind:
            covered.append(state)
        else:
            left_out.append(LeftOut(state.id, proposal.kind, proposal.reason))
    return tuple(covered), tuple(left_out)
