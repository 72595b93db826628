"""Command palette providers (`ctrl+p`): find a case, act on one ("call 0022"), or run any
key of the current screen.

Prompts and help are `Content` built from variables, never markup: the palette parses a
`str` prompt or help as markup, and customer names are user text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from casetui.tui.text import money, one_line

if TYPE_CHECKING:
    from casetui.caseindex import CaseRow as CaseState
    from casetui.tui.app import CaseApp

_MAX_HITS = 30
# A search that asks for debtors only: "Debtor: mul", "debtor daan", "debtor:".
_DEBTOR_PREFIX = re.compile(r"\s*debtor(?::\s*|\s+|$)", re.IGNORECASE)
_DISCOVER = 8

# The first word of a palette search that acts on the case named by the rest: the case
# screen's action and what the hit says. The words are the key bar's.
CASE_VERBS: dict[str, tuple[str, str]] = {
    "call": ("call", "Call"),
    "payment": ("payment", "Payment"),
    "pay": ("payment", "Payment"),
    "paid": ("payment", "Payment"),
    "promise": ("promise", "Promise"),
    "snooze": ("snooze", "Snooze"),
    "note": ("note", "Note"),
    "dispute": ("dispute", "Dispute"),
    "letter": ("advance", "Next letter"),
    "close": ("close", "Close or reopen"),
    "reopen": ("close", "Close or reopen"),
    "stage": ("stage", "Set stage"),
    "edit": ("edit", "Edit"),
    "export": ("export", "Export"),
}


class CaseFinder(Provider):
    """Cases by id, invoice number or customer name (all words must appear)."""

    @property
    def case_app(self) -> CaseApp:
        return cast("CaseApp", self.app)

    def _label(self, state: CaseState, customer: str) -> str:
        return f"{state.id}  {state.invoice}  {customer}"

    def _hit_parts(self, state: CaseState, customer: str) -> tuple[Content, Content, str]:
        label = self._label(state, customer)
        prompt = Content.from_markup(
            "[b]$id[/b]  $invoice  $customer", id=state.id, invoice=state.invoice, customer=customer
        )
        status = state.stage.label
        if not state.is_closed:
            status += f", {money(state.outstanding.amount, state.currency)} outstanding"
        return prompt, Content(f"Open case: {status}"), label

    async def discover(self) -> Hits:
        """With nothing typed: the most urgent cases of today's agenda."""
        app = self.case_app
        if not app.ready:
            return
        for item in app.ledger.agenda_rows(app.today)[:_DISCOVER]:
            state = item.case
            customer = app.ledger.customer(state.customer_id).name
            prompt, _, label = self._hit_parts(state, customer)
            yield DiscoveryHit(
                prompt,
                partial(app.open_case, state.id),
                text=label,
                help=Content(f"Today: {one_line(item.reason)}"),
            )

    async def search(self, query: str) -> Hits:
        app = self.case_app
        if not app.ready:
            return
        # "Debtor: mul", "debtor daan", "Debtor:" (as the README and the hits write it):
        # only debtors whose name holds every word after the prefix.
        prefixed = _DEBTOR_PREFIX.match(query)
        if prefixed is not None:
            for hit in self._debtors(query[prefixed.end() :].casefold().split()):
                yield hit
            return
        words = query.casefold().split()
        if not words:
            return
        verb = CASE_VERBS.get(words[0]) if len(words) > 1 else None
        if verb is not None:
            # "call 0022", "payment F2026-99062": the case's screen with that form open.
            action, what = verb
            for score, state, customer in self._matches(words[1:]):
                label = f"{what} {self._label(state, customer)}"
                prompt = Content.from_markup(
                    "$what  [b]$id[/b]  $invoice  $customer",
                    what=what,
                    id=state.id,
                    invoice=state.invoice,
                    customer=customer,
                )
                run = partial(app.open_case, state.id, action)
                yield Hit(score, prompt, run, text=label, help=Content(f"{what} on {state.id}"))
        for score, state, customer in self._matches(words):
            prompt, help_text, label = self._hit_parts(state, customer)
            yield Hit(score, prompt, partial(app.open_case, state.id), text=label, help=help_text)
        for hit in self._debtors(words):
            yield hit

    def _debtors(self, words: list[str]) -> Iterator[Hit]:
        """The debtors whose name holds every word (all of them for no word): their screen."""
        app = self.case_app
        shown = 0
        for customer in app.ledger.customers():
            name = customer.name.casefold()
            if not all(word in name for word in words):
                continue
            shown += 1
            if shown > _MAX_HITS:
                return
            starts = not words or name.startswith(words[0])
            yield Hit(
                0.85 if starts else 0.65,
                Content.from_markup("Debtor: [b]$name[/b]", name=customer.name),
                partial(app.open_debtor, customer.id),
                text=f"Debtor: {customer.name}",
                help=Content(f"{customer.id}: details, totals and all their cases"),
            )

    def _matches(self, words: list[str]) -> Iterator[tuple[float, CaseState, str]]:
        """Best matches first: id or invoice starting with the query, then name prefixes."""
        ledger = self.case_app.ledger
        names = {customer.id: customer.name for customer in ledger.customers()}
        found: list[tuple[float, CaseState, str]] = []
        first = words[0]
        for state in ledger.rows():  # the case index: no case is folded to search
            customer = names.get(state.customer_id, "")
            haystack = f"{state.id} {state.invoice} {customer}".casefold()
            if not all(word in haystack for word in words):
                continue
            if state.id.casefold() == first or state.invoice.casefold() == first:
                score = 1.0
            elif state.id.casefold().startswith(first) or state.invoice.casefold().startswith(
                first
            ):
                score = 0.9
            elif customer.casefold().startswith(first):
                score = 0.8
            else:
                score = 0.6
            if state.is_closed:
                score -= 0.1
            found.append((score, state, customer))
        found.sort(key=lambda hit: (-hit[0], hit[1].id))
        return iter(found[:_MAX_HITS])


class ScreenActions(Provider):
    """Every key of the screen the palette was opened on, by its description."""

    def _actions(self) -> Iterator[tuple[str, str, partial[object]]]:
        screen = self.screen
        seen: set[str] = set()
        for key, active in screen.active_bindings.items():
            binding = active.binding
            if binding.system or not binding.description or not active.enabled:
                continue
            if binding.action in ("command_palette", "app.command_palette"):
                continue
            if binding.description in seen:
                continue
            seen.add(binding.description)
            keys = self.app.get_key_display(binding)
            run = partial(active.node.run_action, binding.action)
            yield binding.description, keys or key, run

    async def discover(self) -> Hits:
        for description, keys, run in self._actions():
            yield DiscoveryHit(
                Content(description), run, text=description, help=Content(f"key: {keys}")
            )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for description, keys, run in self._actions():
            score = matcher.match(description)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(description),  # our own words: no user text
                    run,
                    text=description,
                    help=Content(f"key: {keys}"),
                )
