"""The Reports screen (key `3`) driven with a Pilot on the demo ledger: its figures are the
core reports' own, `c` switches currency, enter opens a debtor's cases, `x` saves Markdown,
it follows the ledger, it fits 80x24, and hostile names stay text."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from textual.command import CommandPalette
from textual.widgets import HelpPanel

from casetui.ledger import Ledger
from casetui.model import Payment
from casetui.money import Money, format_grouped, from_minor
from casetui.reports import aging_report, ladder_report
from casetui.tui.app import CaseApp, make_app
from casetui.tui.screens.customer_cases import CustomerCasesScreen
from casetui.tui.screens.reports import ReportsScreen, compute, report_markdown
from casetui.tui.screens.today import TodayScreen
from casetui.tui.widgets.case_table import CaseTable
from casetui.tui.widgets.charts import BarChart, nice_ticks, short_number
from tests.support import APP_SIZE, TODAY
from tests.tui.helpers import add_case, record_notifications, settle, table_ids, text_of, toasts


def reports(app: CaseApp) -> ReportsScreen:
    screen = app.screen
    assert isinstance(screen, ReportsScreen)
    return screen


def debtor_ids(app: CaseApp) -> list[str]:
    return app.screen.query_one("#debtors", CaseTable).all_keys()


async def test_three_shows_the_core_reports_figures(app: CaseApp, ledger: Ledger) -> None:
    aging = aging_report(ledger, TODAY)
    eur, gbp = aging.currency("EUR"), aging.currency("GBP")
    assert eur is not None and gbp is not None
    async with app.run_test(size=APP_SIZE, notifications=True) as pilot:
        await settle(pilot)
        # The key is in the help panel and the palette's list of keys (active bindings).
        three = app.screen.active_bindings["3"]
        assert (three.binding.id, three.binding.description, three.enabled) == (
            "app.reports",
            "Reports",
            True,
        )
        await pilot.press("3")
        await settle(pilot)
        screen = reports(app)
        summary = text_of(app, "#reports-summary")
        assert f"{format_grouped(from_minor(eur.total, 'EUR'), 'EUR')} EUR, {eur.cases} cases" in (
            summary
        )
        assert f"{format_grouped(from_minor(gbp.total, 'GBP'), 'GBP')} GBP" in summary
        # EUR first: its largest debtors, its aging buckets in the chart.
        assert debtor_ids(app) == [line.id for line in aging.lines_in("EUR")]
        chart = screen.query_one("#aging-chart", BarChart)
        assert chart.labels == ("current", "1-30", "31-60", "61-90", "90+")
        assert chart.values == tuple(from_minor(m, "EUR") for m in eur.buckets)
        ladder = screen.query_one("#ladder", CaseTable)
        steps = ladder_report(ledger, TODAY).steps
        assert ladder.all_keys() == [step.key for step in steps]
        # the share beside what it is of, as the CLI report: never a bare "0%"
        first = steps[0]
        paid = str(ladder.get_row_at(0)[ladder.shown_columns().index("paid")])
        assert first.over_30 and paid.startswith(f"{first.paid_30_of_over}/{first.over_30} ")
        collected = screen.query_one("#collected-chart", BarChart)
        assert len(collected.labels) == 12 and collected.labels[-1] == "Nov"

        await pilot.press("c")  # the next currency
        assert debtor_ids(app) == [line.id for line in aging.lines_in("GBP")]
        assert chart.values == tuple(from_minor(m, "GBP") for m in gbp.buckets)
        assert "GBP" in str(screen.query_one("#debtors-box").border_title)
        await pilot.press("c")
        assert screen.currency == "EUR"

        await pilot.press("question_mark")
        assert screen.query(HelpPanel)
        await pilot.press("escape")  # closes the help first
        assert app.screen is screen and not screen.query(HelpPanel)
        await pilot.press("escape")
        assert isinstance(app.screen, TodayScreen)


async def test_enter_opens_the_debtors_cases(app: CaseApp, ledger: Ledger) -> None:
    async with app.run_test(size=APP_SIZE, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        second = debtor_ids(app)[1]
        await pilot.press("j", "enter")
        await settle(pilot)
        assert isinstance(app.screen, CustomerCasesScreen)
        name = ledger.customer(second).name
        assert text_of(app, ".title") == f"Cases of {name}"
        expected = {s.id for s in ledger.cases_of(second, include_closed=True)}
        assert set(table_ids(app)) == expected
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ReportsScreen)


async def test_the_palette_opens_reports(app: CaseApp) -> None:
    async with app.run_test(size=APP_SIZE, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"reports")
        await pilot.pause(0.2)
        await pilot.press("down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ReportsScreen)


async def test_x_saves_through_the_guarded_writer_never_over_the_ledger(
    app: CaseApp, tmp_path: Path
) -> None:
    """The report is written as every user file is: private (0600), and never through a
    link onto the ledger's own files."""
    folder = tmp_path / "exports"
    folder.mkdir()
    target = folder / f"reports-{TODAY.isoformat()}.md"
    target.symlink_to(app.ledger.path)
    ledger_before = app.ledger.path.read_bytes()
    async with app.run_test(size=APP_SIZE, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        assert toasts(app)[-1].startswith("Not saved: ")
        assert app.ledger.path.read_bytes() == ledger_before
        target.unlink()
        await pilot.press("x")
        await settle(pilot)
        assert toasts(app)[-1] == f"Saved to {target}"
        assert target.stat().st_mode & 0o777 == 0o600


async def test_x_saves_the_report_as_markdown(app: CaseApp, tmp_path: Path) -> None:
    async with app.run_test(size=APP_SIZE, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        target = tmp_path / "exports" / f"reports-{TODAY.isoformat()}.md"
        assert toasts(app)[-1] == f"Saved to {target}"
        text = target.read_text(encoding="utf-8")
        figures = reports(app).figures
        assert figures is not None
        assert text == report_markdown(figures, app.profile.name)
        assert text.startswith("# Reports\n\n- As of: 2026-11-23\n")
        for title in (
            "## Aged receivables: EUR",
            "## Aged receivables: GBP",
            "Ladder effectiveness",
        ):
            assert title in text


async def test_it_follows_the_ledger_as_it_changes(app: CaseApp, ledger: Ledger) -> None:
    async with app.run_test(size=APP_SIZE, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        screen = reports(app)
        top = debtor_ids(app)[0]
        before = screen.figures
        assert before is not None
        owed = next(line for line in before.aging.lines if line.id == top)
        # The top debtor pays everything on every case: they leave the list.
        for state in ledger.cases_of(top):
            payment = Payment(date=TODAY, amount=Money(state.outstanding.amount, state.currency))
            app.write(lambda s=state, p=payment: ledger.append(s.id, p))
        await settle(pilot)
        assert top not in debtor_ids(app)
        after = screen.figures
        assert after is not None and after is not before
        total = after.aging.currency(owed.currency)
        previous = before.aging.currency(owed.currency)
        assert total is not None and previous is not None
        assert total.total == previous.total - owed.total


async def test_it_fits_80_by_24(app: CaseApp) -> None:
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        screen = reports(app)
        for box in ("#aging-box", "#collected-box", "#debtors-box", "#ladder-box"):
            region = screen.query_one(box).region
            assert region.right <= 80 and region.bottom <= 23, (box, region)
            assert region.height >= 9 and region.width >= 38, (box, region)
        ladder = screen.query_one("#ladder", CaseTable)
        assert ladder.shown_columns() == ["step", "cases", "paid", "kept"]
        assert text_of(app, "#reports-summary").count("\n") == 0  # one line


async def test_an_empty_ledger_says_nothing_is_owed(tmp_path: Path) -> None:
    with Ledger.open(tmp_path / "ledger.json", backup=False) as ledger:
        app = record_notifications(make_app(ledger, TODAY, export_dir=tmp_path / "exports"))
        async with app.run_test(size=APP_SIZE, notifications=True) as pilot:
            await settle(pilot)
            await pilot.press("3")
            await settle(pilot)
            assert text_of(app, "#reports-summary") == "Nothing is owed today."
            assert text_of(app, "#aging-empty") == "Nothing is owed."
            assert reports(app).query_one("#aging-box").has_class("-empty")
            assert debtor_ids(app) == []
            assert app.screen.check_action("next_currency", ()) is None


async def test_hostile_names_are_text(tmp_path: Path) -> None:
    names = ("[red]ACME [/", "[@click=app.quit]Evil[/]", "**bold** | <script>")
    with Ledger.open(tmp_path / "ledger.json", backup=False) as ledger:
        for number, name in enumerate(names, start=1):
            add_case(ledger, name, amount=f"{number}00.00", due=TODAY - timedelta(days=40))
        app = record_notifications(make_app(ledger, TODAY, export_dir=tmp_path / "exports"))
        async with app.run_test(size=APP_SIZE, notifications=True) as pilot:
            await settle(pilot)
            await pilot.press("3")
            await settle(pilot)
            table = app.screen.query_one("#debtors", CaseTable)
            shown = [str(table.get_row_at(n)[0]) for n in range(table.row_count)]
            assert shown == list(reversed(names))  # largest first
            await pilot.press("enter")
            await settle(pilot)
            assert text_of(app, ".title") == f"Cases of {names[-1]}"
            assert app.is_running


def test_value_axis_ticks_are_round() -> None:
    assert nice_ticks(84841.47) == [0.0, 25000.0, 50000.0, 75000.0, 100000.0]
    assert nice_ticks(16208.47) == [0.0, 5000.0, 10000.0, 15000.0, 20000.0]
    assert nice_ticks(0) == [0.0, 1.0]
    assert [short_number(v) for v in (0, 750, 2500, 40000, 1_200_000)] == [
        "0",
        "750",
        "2.5k",
        "40k",
        "1.2M",
    ]


def test_report_markdown_covers_every_currency(ledger: Ledger) -> None:
    text = report_markdown(compute(ledger, TODAY), "Studio Noord BV")
    assert "- Creditor: Studio Noord BV" in text
    assert text.count("## Aged receivables:") == 2
    assert Decimal(1)  # amounts are exact: checked in tests/reports
