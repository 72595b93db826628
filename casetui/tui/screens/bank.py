"""Bank statements (`4`, or "Bank statements…" in the palette): payments matched to cases.

Type the statement file(s) and press enter. The files are read and matched in a worker,
with a progress bar on long statements; exact matches are then recorded at once, like
`casetui bank` does, and every entry is listed in its group:

- **Recorded**: paid to its case(s) now or earlier (a return: its payment voided);
- **To confirm**: probable (the payer's account or name and the amount): `y` records it;
- **Unmatched**: `enter` proposes cases (search by customer, invoice, amount);
- **Other**: money out, your own money coming back, returns of unknown payments.

Every change made here is one step of `u` (undo), as on a case; `o` opens the case of an
entry. All the work is the core's (`casetui.bank`); the screen shows it and keeps the undo
steps.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, cast

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, HelpPanel, Input, ProgressBar, Static

from casetui.bank.index import CaseIndex, build_index
from casetui.bank.matching import EntryMatch, match_file
from casetui.bank.record import record_matches
from casetui.bank.report import visible
from casetui.bank.review import chosen_match, undo_recorded
from casetui.bank.run import LoadedStatement, ReadOptions, load_statements
from casetui.errors import CasetuiError, InputError
from casetui.ledger import Ledger
from casetui.tui.forms.fields import TextField
from casetui.tui.screens.bank_cases import CasesForEntry
from casetui.tui.screens.import_parts import expand_paths
from casetui.tui.text import money, one_line
from casetui.tui.widgets.case_table import CaseTable, Column, cell
from casetui.tui.widgets.chrome import ReadOnlyBanner, TitleBar
from casetui.tui.widgets.keybar import KeyBar

if TYPE_CHECKING:
    from casetui.tui.app import CaseApp

GROUPS = (
    ("recorded", "Recorded"),
    ("confirm", "To confirm"),
    ("unmatched", "Unmatched"),
    ("other", "Other"),
)
_GROUP_OF = {"known": "recorded", "probable": "confirm", "exact": "confirm",
             "unmatched": "unmatched", "ignored": "other"}  # fmt: skip


@dataclass(frozen=True)
class BankRow:
    """A group heading (`match` None) or one statement entry."""

    key: str
    group: str
    title: str = ""
    count: str = ""
    match: EntryMatch | None = None
    file: int = 0


def _cells(row: BankRow) -> list[Text]:
    match = row.match
    if match is None:  # a group heading: its name where the dates are, then its size
        return [cell(row.title, style="bold"), cell(""), cell(row.count, style="dim"), cell("")]
    entry = match.entry
    who = visible(one_line(entry.payer or entry.iban or "—"))
    if match.match in ("known", "probable", "exact") and match.cases:
        what = ", ".join(match.cases)
        if match.match == "probable":
            what += " (y confirms)"
        elif match.match == "exact":
            what += " (y records)"
    else:
        what = match.reason
    style = "dim" if row.group == "other" else ""
    return [
        cell(entry.booked_on.isoformat(), style=style),
        cell(money(entry.amount, entry.currency), justify="right", style=style),
        cell(who, style=style),
        cell(visible(one_line(what)), style=style),
    ]


COLUMNS = (
    Column("date", "Date", min_width=10, max_width=10),
    Column("amount", "Amount", min_width=10, max_width=18, justify="right"),
    Column("payer", "Payer", min_width=8, max_width=24, drop=1),
    Column("what", "Cases / why", min_width=12, max_width=200, grow=True),
)


class EntryTable(CaseTable[BankRow]):
    """The statement's entries by group; `enter` proposes cases for the highlighted one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", "Cases", id="bank.propose",
                tooltip="propose cases for this entry (search by customer, invoice, amount)"),
    ]  # fmt: skip

    def __init__(self) -> None:
        super().__init__(COLUMNS, key=lambda row: row.key, cells=_cells, id="bank-table")


@dataclass
class _Change:
    """One undo step: what a change wrote, as (case id, entry key) pairs."""

    what: str
    written: list[tuple[str, str]]


class BankScreen(Screen[None]):
    """Read statements, see their entries by group, confirm, assign, undo."""

    AUTO_FOCUS = "#bank-files Input"
    HELP = """\
## Bank statements

Payments from your bank's statements, matched to the cases they pay.

- **Files**: camt.053/054 (`.xml`), CODA, MT940 or a CSV export; several separated by
  spaces, a folder, `~` and `*` work. **enter** reads them. Exact matches (a payment
  reference or an invoice number of the payer's) are **recorded** at once; a statement
  whose balances do not add up is refused and records nothing.
- **To confirm**: the payer's account or name and an amount that fits: **y** records it.
- **Unmatched**: **enter** proposes cases (type to search by customer, invoice or amount).
- **u** takes back the last change made here (reading, a confirmation, a choice), as on
  a case; **o** opens the case of the highlighted entry.
- Reading the same statement again changes nothing.
"""
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "confirm", "Confirm", id="bank.confirm",
                tooltip="record the probable match of the highlighted entry"),
        Binding("u", "undo", "Undo", id="bank.undo",
                tooltip="take back the last change made on this screen"),
        Binding("o", "open_case", "Open case", id="bank.open"),
        Binding("f5", "read", "Read again", id="bank.read", show=False),
        Binding("slash", "files", "Files", id="bank.files", show=False),
        Binding("escape", "back", "Back", id="bank.back", show=False),
    ]  # fmt: skip

    def __init__(self, path: str = "") -> None:
        super().__init__()
        self.initial_path = path
        self.loaded: list[LoadedStatement] = []
        self.matches: list[list[EntryMatch]] = []
        self.index: CaseIndex | None = None
        self.changes: list[_Change] = []
        self._seen_revision = -1
        self._generation = 0

    @property
    def case_app(self) -> CaseApp:
        return cast("CaseApp", self.app)

    def compose(self) -> ComposeResult:
        yield TitleBar("Bank statements", "payments matched to their cases")
        yield ReadOnlyBanner(self.case_app.readonly_reason)
        yield TextField(
            "Files",
            value=self.initial_path,
            hint="camt .xml, CODA, MT940 or CSV; separate several by spaces",
            placeholder="~/Downloads/statement.xml",
            id="bank-files",
        )
        yield ProgressBar(id="bank-progress", show_eta=False)
        yield Static(Content("Type a statement file and press enter."), id="bank-summary")
        yield EntryTable()
        yield Static(Content(""), id="bank-detail")
        yield Static(Content(""), id="bank-status")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#bank-progress").display = False
        self.query_one(EntryTable).display = False
        self.query_one("#bank-detail").display = False

    def on_screen_resume(self) -> None:
        # Something was written elsewhere (a case undone, a payment typed): match again.
        if self.loaded and self._seen_revision != self.case_app.revision:
            self._rematch()

    # ------------------------------------------------------------------ reading

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_read()

    def action_files(self) -> None:
        self.query_one("#bank-files Input").focus()

    def action_read(self) -> None:
        text = self.query_one("#bank-files", TextField).value
        files, problems = expand_paths(text, suffixes=())
        if not files:
            self.say("; ".join(problems) or "Type the statement file(s) first.")
            return
        self._generation += 1
        self.say("Reading…", error=False)
        self._read(files, self._generation)

    @work(thread=True, exclusive=True, group="bank-read", exit_on_error=False)
    def _read(self, files: list[Any], generation: int) -> None:
        app = self.case_app
        try:
            loaded = load_statements(files, ReadOptions())
            index, matches = self._match(app.ledger, loaded)
        except (CasetuiError, OSError) as error:
            app.call_from_thread(self.say, f"Cannot read: {error}")
            return
        app.call_from_thread(self._read_done, loaded, index, matches, generation)

    def _match(
        self, ledger: Ledger, loaded: list[LoadedStatement]
    ) -> tuple[CaseIndex, list[list[EntryMatch]]]:
        """Match every file (in a worker), moving the progress bar on long statements."""
        app = self.case_app
        index = build_index(ledger, app.profile.country)
        total = sum(len(item.parsed.entries) for item in loaded if item.parsed)
        done_before = 0
        show = total > 500
        if show:
            app.call_from_thread(self._progress, 0, total)
        matches = []
        for item in loaded:
            if item.parsed is None:
                matches.append([])
                continue
            offset = done_before

            def progress(done: int, _: int, offset: int = offset) -> None:
                if show:
                    app.call_from_thread(self._progress, offset + done, total)

            matches.append(match_file(index, item.parsed, progress=progress))
            done_before += len(item.parsed.entries)
        if show:
            app.call_from_thread(self._progress, None, total)
        return index, matches

    def _progress(self, done: int | None, total: int) -> None:
        bar = self.query_one("#bank-progress", ProgressBar)
        bar.display = done is not None
        if done is not None:
            bar.update(total=total, progress=done)

    def _read_done(
        self,
        loaded: list[LoadedStatement],
        index: CaseIndex,
        matches: list[list[EntryMatch]],
        generation: int,
    ) -> None:
        if generation != self._generation or not self.is_attached:
            return
        self.loaded, self.index, self.matches = loaded, index, matches
        self._show()
        exact = [
            (number, [m for m in file_matches if m.match == "exact"])
            for number, file_matches in enumerate(matches)
        ]
        if any(found for _, found in exact) and not self.case_app.ledger.readonly:
            self._record("reading the statement", exact)
        self.query_one(EntryTable).focus()

    def _record(self, what: str, per_file: list[tuple[int, list[EntryMatch]]]) -> None:
        ledger = self.case_app.ledger
        loaded = self.loaded

        def job() -> list[tuple[str, str]]:
            written: list[tuple[str, str]] = []
            for number, matches in per_file:
                item = loaded[number]
                if not matches or item.parsed is None:
                    continue
                parsed = item.parsed
                done = record_matches(
                    ledger, matches, data=item.data, sha256=parsed.sha256, format=parsed.format
                )
                for match in done:
                    written += [(case_id, match.key) for case_id in match.cases]
            return written

        def done(written: list[tuple[str, str]]) -> None:
            if written:
                self.changes.append(_Change(what, written))
                count = len({key for _, key in written})
                self.case_app.notify(
                    f"Recorded {count} payment{'s' if count != 1 else ''} ({what}); u takes "
                    "it back.",
                    title="Bank",
                    markup=False,
                )
            self._rematch()

        self.case_app.write(job, done)

    # ------------------------------------------------------------------ showing

    def _rematch(self) -> None:
        if self.loaded:
            self._rematch_worker(self._generation)

    @work(thread=True, exclusive=True, group="bank-match", exit_on_error=False)
    def _rematch_worker(self, generation: int) -> None:
        app = self.case_app
        index, matches = self._match(app.ledger, self.loaded)
        app.call_from_thread(self._rematched, index, matches, generation)

    def _rematched(
        self, index: CaseIndex, matches: list[list[EntryMatch]], generation: int
    ) -> None:
        if generation != self._generation or not self.is_attached:
            return
        self.index, self.matches = index, matches
        self._show()

    def _rows(self) -> list[BankRow]:
        grouped: dict[str, list[BankRow]] = {key: [] for key, _ in GROUPS}
        for number, file_matches in enumerate(self.matches):
            for match in file_matches:
                group = _GROUP_OF[match.match]
                if match.match == "exact" and match.rule == "return" and not match.cases:
                    group = "other"
                row = BankRow(f"{number}:{match.number}", group, match=match, file=number)
                grouped[group].append(row)
        rows: list[BankRow] = []
        for key, title in GROUPS:
            if grouped[key]:
                size = len(grouped[key])
                count = f"{size} entr{'ies' if size != 1 else 'y'}"
                rows.append(BankRow(f"h:{key}", key, title, count))
                rows += grouped[key]
        return rows

    def _show(self) -> None:
        self._seen_revision = self.case_app.revision
        table = self.query_one(EntryTable)
        current = table.current
        rows = self._rows()
        table.display = bool(rows)
        table.show(rows, keep=current.key if current else None, index=1)
        self.query_one("#bank-summary", Static).update(self._summary())
        self._detail(table.current)
        refused = [item for item in self.loaded if item.refused]
        if refused:
            self.say("; ".join(f"{item.source}: {item.refused}" for item in refused))
        else:
            self.say(None)

    def _summary(self) -> Content:
        parts = []
        for item in self.loaded:
            if item.parsed is None:
                parts.append(f"{item.source}: refused")
                continue
            statements = item.parsed.statements
            accounts = ", ".join(dict.fromkeys(s.account for s in statements if s.account))
            starts = [s.period[0] for s in statements if s.period[0]]
            ends = [s.period[1] for s in statements if s.period[1]]
            period = f"{min(starts)} to {max(ends)}" if starts and ends else ""
            parts.append(
                " · ".join(p for p in (item.parsed.format, accounts, period) if p)
                + f" · {len(item.parsed.entries)} entries"
            )
        counts = {key: 0 for key, _ in GROUPS}
        for row in self._rows():
            if row.match is not None:
                counts[row.group] += 1
        tally = ", ".join(f"{counts[key]} {title.lower()}" for key, title in GROUPS)
        return Content(visible(" | ".join(parts)) + "\n" + tally)

    @on(DataTable.RowHighlighted, "#bank-table")
    def _highlighted(self) -> None:
        self._detail(self.query_one(EntryTable).current)

    def _detail(self, row: BankRow | None) -> None:
        detail = self.query_one("#bank-detail", Static)
        if row is None or row.match is None:
            detail.display = False
            return
        match = row.match
        entry = match.entry
        facts = [entry.where, entry.payer, entry.iban, match.reference or entry.reference,
                 entry.text, entry.bank_ref and f"bank ref {entry.bank_ref}"]  # fmt: skip
        text = " · ".join(visible(one_line(f)) for f in facts if f)
        detail.update(Content(f"{text}\n{visible(one_line(match.reason))}"))
        detail.display = True

    def say(self, message: str | None, *, error: bool = True) -> None:
        status = self.query_one("#bank-status", Static)
        status.update(Content(visible(message or "")))
        status.set_class(bool(message), "-shown")
        status.set_class(error, "-error")

    # ------------------------------------------------------------------ acting

    def _current(self) -> BankRow | None:
        row = self.query_one(EntryTable).current
        return row if row is not None and row.match is not None else None

    @on(DataTable.RowSelected, "#bank-table")
    def _propose(self) -> None:
        row = self._current()
        if row is None or row.match is None or self.index is None:
            return
        match = row.match
        if match.match == "known":
            self.action_open_case()
            return
        if match.entry.amount <= 0 or match.match == "ignored":
            self.say(f"Nothing to match: {match.reason}.")
            return
        if not self.case_app.can_write():
            return
        self.app.push_screen(CasesForEntry(self.index, match), self._chosen_for(row))

    def _chosen_for(self, row: BankRow) -> Any:
        def chosen(case_ids: tuple[str, ...] | None) -> None:
            if not case_ids or self.index is None or row.match is None:
                return
            try:
                picked = chosen_match(self.index, row.match, case_ids)
            except InputError as error:
                self.say(str(error))
                return
            self._record(f"paid to {', '.join(picked.cases)}", [(row.file, [picked])])

        return chosen

    def action_confirm(self) -> None:
        row = self._current()
        if row is None or row.match is None or row.match.match not in ("probable", "exact"):
            self.say("Only a probable match is confirmed with y: enter proposes cases.")
            self.app.bell()
            return
        if self.case_app.can_write():
            self._record(f"confirmed for {', '.join(row.match.cases)}", [(row.file, [row.match])])

    def action_undo(self) -> None:
        if not self.changes:
            self.say("Nothing to undo on this screen.", error=False)
            return
        if not self.case_app.can_write():
            return
        change = self.changes.pop()
        ledger, today = self.case_app.ledger, self.case_app.today

        def done(result: tuple[list[str], list[str]]) -> None:
            undone, kept = result
            message = f"Undone: {change.what} ({len(set(undone))} case(s))."
            if kept:
                message += f" Left alone, changed since: {', '.join(sorted(set(kept)))}."
            self.case_app.notify(message, title="Bank", markup=False)
            self._rematch()

        self.case_app.write(lambda: undo_recorded(ledger, change.written, today), done)

    def action_open_case(self) -> None:
        row = self._current()
        if row is None or row.match is None or not row.match.cases:
            self.say("This entry is on no case.", error=False)
            return
        self.case_app.open_case(row.match.cases[0])

    def action_back(self) -> None:
        if self.query(HelpPanel):  # escape closes the help first
            self.app.action_hide_help_panel()
        else:
            self.case_app.action_show_today()
