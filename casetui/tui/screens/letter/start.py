"""From a case to the letter preview: `a` the ladder's next letter, `l` any kind."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from casetui.letters import overdue_cases, propose_letter
from casetui.model import LetterKind
from casetui.timeline import CaseState
from casetui.tui.forms.letter import LetterChoice, LetterChooser
from casetui.tui.forms.profile import profile_or_say
from casetui.tui.screens.letter.screen import LetterScreen

if TYPE_CHECKING:
    from casetui.tui.app import CaseApp
    from casetui.tui.screens.case import CaseScreen


def start_letter(screen: CaseScreen, *, choose: bool) -> None:
    """`a` (choose=False): the letter the ladder proposes, or a toast saying why there is
    none. `l` (choose=True): pick the kind first. Either way the preview opens; when the
    letter is recorded the case screen shows the new state."""
    state = screen.state
    if state is None or not screen.case_app.ready:
        return

    def recorded(states: tuple[CaseState, ...] | None) -> None:
        if not states or not screen.is_attached:
            return
        mine = next((s for s in states if s.id == screen.case_id), None)
        if mine is not None:
            screen.show_case(mine)

    open_letter(screen.case_app, state, choose=choose, recorded=recorded)


def open_letter(
    app: CaseApp,
    state: CaseState,
    *,
    choose: bool,
    recorded: Callable[[tuple[CaseState, ...] | None], None],
    cover_all: bool = False,
) -> None:
    """The letter preview on `state`, offering to cover the customer's other overdue cases
    (`cover_all`: covering them from the start, the debtor screen's one letter for all).
    Without a proposal from the ladder, or with `choose`, the kind is picked first."""
    ledger = app.ledger
    customer = ledger.customer(state.customer_id)
    if state.closed is not None:
        app.notify(f"{state.id} is closed: reopen it (w) to write.", markup=False)
        return
    profile = profile_or_say(app)
    if profile is None:
        return
    proposal = propose_letter(state, customer, profile, app.today)
    overdue = tuple(
        s.id
        for s in overdue_cases(ledger, state.customer_id, app.today)
        if s.currency == state.currency  # one letter, one currency
    )
    if state.id not in overdue:
        overdue = (state.id, *overdue)

    def open_preview(kind: LetterKind, cover: bool, why: str) -> None:
        preview = LetterScreen(
            state,
            customer,
            kind,
            profile=profile,
            overdue=overdue,
            cover_all=cover,
            why=why,
        )
        app.push_screen(preview, recorded)

    if not choose:
        if proposal.kind is None and not cover_all:
            app.notify(f"No letter to send: {proposal.reason}.", title="Advance", markup=False)
            return
        if proposal.kind is not None:
            open_preview(proposal.kind, cover_all, proposal.reason)
            return

    def chosen(choice: LetterChoice | None) -> None:
        if choice is not None:
            why = proposal.reason if choice.kind is proposal.kind else "chosen by you"
            open_preview(choice.kind, choice.cover_all or cover_all, why)

    chooser = LetterChooser(
        state,
        customer,
        app.today,
        proposed=proposal.kind,
        reason=proposal.reason,
        overdue=len(overdue),
    )
    app.push_screen(chooser, chosen)
