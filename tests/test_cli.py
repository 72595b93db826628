"""The command line as a user runs it: the real `python -m casetui` in a subprocess.

Each test is one realistic flow with many assertions (a subprocess costs ~0.5 s). Failing
commands go through `Cli.fails`, which checks the exit code, that stderr is exactly one line
and no traceback, that nothing went to stdout, and that every file of the ledger is
byte-identical afterwards (the lock file aside; see `assert_unchanged` for backups).
The many small argument errors run in-process in tests/test_cli_errors.py.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt

from casetui.ledger import Ledger
from casetui.store import list_backups
from tests.support import TODAY_ISO as TODAY

SHOW_KEYS = {
    "id", "invoice", "customer", "issued", "due", "currency", "amount", "paid", "outstanding",
    "days_overdue", "stage", "disputed", "promise", "next_action", "events", "regime", "claim",
    "costs_allowed_from",
}  # fmt: skip
CUSTOMER_KEYS = {"id", "name", "kind", "country", "email", "phone"}
CLAIM_KEYS = {"as_of", "principal", "interest", "compensation", "total", "periods", "extrapolated"}
SUMMARY_KEYS = {
    "id", "invoice", "customer", "currency", "outstanding", "due", "days_overdue", "stage",
    "next_action",
}  # fmt: skip


# --------------------------------------------------------------------------- helpers


def files_of(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` (backups included) by relative path; lock files aside
    (a writer truncates its lock file on the way out: that is not ledger data)."""
    if not folder.exists():
        return {}
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and not path.name.endswith(".lock")
    }


def assert_unchanged(before: dict[str, bytes], after: dict[str, bytes]) -> None:
    """The ledger files are byte-identical and no file was added beside them.

    The one thing a failed write command may leave is the backup the store makes when it
    opens the ledger for writing (DESIGN.md: "a copy at open"); if it does, that backup
    must be a byte copy of the unchanged ledger, and an older backup may rotate out.
    """
    ledger_files = {k: v for k, v in after.items() if not k.startswith("backups/")}
    assert ledger_files == {k: v for k, v in before.items() if not k.startswith("backups/")}
    for name, data in after.items():
        if name.startswith("backups/") and before.get(name) != data:
            if name.endswith("/backup.json"):
                continue  # the manifest of a backup folder
            source = "ledger.json.journal" if name.endswith(".journal") else "ledger.json"
            assert data == before.get(source), f"{name} is not a copy of the unchanged ledger"


def assert_one_line_error(stderr: str) -> str:
    assert "Traceback" not in stderr, stderr
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("casetui: "), stderr
    return lines[0]


@dataclass
class Cli:
    """`casetui --db <tmp>/ledger/ledger.json --today 2026-11-23 ...` in a subprocess."""

    root: Path
    env: dict[str, str] = field(init=False)

    def __post_init__(self) -> None:
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("CASETUI_")}
        self.env["CASETUI_CONFIG_DIR"] = str(self.root / "config")

    @property
    def db(self) -> Path:
        return self.root / "ledger" / "ledger.json"

    @property
    def folder(self) -> Path:
        return self.db.parent

    def run(
        self,
        *args: str,
        today: str | None = TODAY,
        db: Path | bool | None = True,
        env: dict[str, str] | None = None,
    ) -> subprocess.CompletedProcess[str]:
        argv = [sys.executable, "-m", "casetui"]
        if db is True:
            argv += ["--db", str(self.db)]
        elif db:
            argv += ["--db", str(db)]
        if today:
            argv += ["--today", today]
        return subprocess.run(
            [*argv, *args],
            capture_output=True,
            text=True,
            timeout=120,
            env={**self.env, **(env or {})},
        )

    def ok(self, *args: str, **kwargs: Any) -> str:
        run = self.run(*args, **kwargs)
        assert run.returncode == 0, run.stderr
        assert "Traceback" not in run.stderr
        return run.stdout

    def json(self, *args: str, **kwargs: Any) -> Any:
        return json.loads(self.ok(*args, "--json", **kwargs))

    def fails(self, code: int, *args: str, **kwargs: Any) -> str:
        """Run a command that must fail with `code`; returns its one line of stderr."""
        before = files_of(self.folder)
        run = self.run(*args, **kwargs)
        assert run.returncode == code, (run.returncode, run.stdout, run.stderr)
        assert run.stdout == ""
        line = assert_one_line_error(run.stderr)
        assert_unchanged(before, files_of(self.folder))
        return line


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    return Cli(tmp_path)


def by_id(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {row["id"]: row for row in rows}


def is_iso_day(value: object) -> bool:
    return isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-"


# --------------------------------------------------------------------------- flows


def test_a_case_from_first_call_to_closing(cli: Cli) -> None:
    """add -> promise on the phone -> agenda after the promise date -> payments -> close."""
    out = cli.run(
        "add", "--customer", "Brasserie De Klok BV", "--invoice", "F-2026-001",
        "--amount", "1250,00", "--issued", "2026-10-01", "--due", "2026-10-31",
        "--country", "BE", "--lang", "nl", "--email", "boekhouding@deklok.example",
        "--phone", "+32 9 123 45 67",
    )  # fmt: skip
    assert (out.returncode, out.stdout, out.stderr) == (0, "C-2026-0001\n", "")

    # The same customer, typed differently: reused, not duplicated, and told so.
    again = cli.run(
        "add", "--customer", "  brasserie DE KLOK bv ", "--invoice", "F-2026-002",
        "--amount", "99.50", "--currency", "usd", "--issued", "today", "--due", "+2w",
        "--kind", "consumer",
    )  # fmt: skip
    assert (again.returncode, again.stdout) == (0, "C-2026-0002\n")
    assert "existing customer Brasserie De Klok BV" in assert_one_line_error(again.stderr)
    assert cli.ok(
        "add", "--customer", "Harbour Print Ltd", "--country", "uk", "--invoice", "INV-7",
        "--amount", "480", "--issued", "2026-09-01", "--due", "2026-10-01",
    ) == "C-2026-0003\n"  # fmt: skip

    listed = cli.json("list")
    assert [row["id"] for row in listed] == ["C-2026-0003", "C-2026-0001", "C-2026-0002"]
    rows = by_id(listed)
    for row in listed:
        assert set(row) >= SUMMARY_KEYS
        assert isinstance(row["outstanding"], str) and is_iso_day(row["due"])
        assert isinstance(row["days_overdue"], int)
        assert is_iso_day(row["next_action"]["date"]) and row["next_action"]["reason"]
    first = rows["C-2026-0001"]
    assert (first["customer"], first["currency"], first["outstanding"]) == (
        "Brasserie De Klok BV", "EUR", "1250.00",
    )  # fmt: skip
    assert (first["due"], first["days_overdue"], first["stage"]) == ("2026-10-31", 23, "open")
    assert first["next_action"]["date"] == "2026-11-03"
    second = rows["C-2026-0002"]
    assert second["customer_id"] == first["customer_id"]
    assert (second["currency"], second["outstanding"], second["due"], second["days_overdue"]) == (
        "USD", "99.50", "2026-12-07", 0,
    )  # fmt: skip
    assert (rows["C-2026-0003"]["currency"], rows["C-2026-0003"]["outstanding"]) == (
        "GBP", "480.00",
    )  # fmt: skip
    # The reused customer kept its details: --kind consumer did not change it.
    shown = cli.json("show", "C-2026-0002")
    assert shown["customer"]["kind"] == "business"
    assert shown["customer"]["email"] == "boekhouding@deklok.example"

    text = cli.ok("list")
    assert text.splitlines()[0].split() == [
        "ID", "INVOICE", "CUSTOMER", "OUTSTANDING", "CUR", "DUE", "OVERDUE", "STAGE", "NEXT",
    ]  # fmt: skip
    assert text.splitlines()[-1] == "3 cases, outstanding EUR 1,250.00 + GBP 480.00 + USD 99.50"

    said = cli.ok(
        "log", "C-2026-0001", "call", "--outcome", "promised", "--by", "2026-11-27",
        "--note", "Pays Friday, once their client has paid them",
    )  # fmt: skip
    assert said.startswith(
        "C-2026-0001: recorded outbound call, promised + promise to pay 1,250.00 EUR by "
        "2026-11-27; outstanding 1,250.00 EUR; next: 2026-11-30"
    )
    agenda = cli.json("agenda")
    assert "C-2026-0001" not in by_id(agenda)  # waiting for the promise
    assert "C-2026-0003" in by_id(agenda)
    for row in agenda:
        assert set(row) >= SUMMARY_KEYS | {"reason", "score"}
        assert isinstance(row["score"], int) and row["reason"]
    assert [row["score"] for row in agenda] == sorted((r["score"] for r in agenda), reverse=True)

    # Broken the day after the promised date (a Saturday): back on the next working day.
    assert "C-2026-0001" not in by_id(cli.json("agenda", today="2026-11-28"))
    later = by_id(cli.json("agenda", today="2026-11-30"))
    assert later["C-2026-0001"]["reason"] == "promise of 1,250.00 broken 2 days ago"
    assert later["C-2026-0001"]["next_action"]["code"] == "promise-broken"
    # broken, 2 days late, 30 days overdue, amount
    assert later["C-2026-0001"]["score"] == 40 + 4 + 10 + 15

    paid = cli.ok(
        "log", "C-2026-0001", "payment", "500", "--date", "2026-11-27", today="2026-11-28"
    )
    assert "recorded payment of 500.00 EUR; outstanding 750.00 EUR" in paid
    # --keep-open: recorded without closing (a plain payment in full closes the case).
    paid = cli.ok("log", "C-2026-0001", "payment", "750,00", "--keep-open", today="2026-11-28")
    assert "outstanding 0.00 EUR; next: 2026-11-28 (paid in full: close the case)" in paid
    assert by_id(cli.json("agenda", today="2026-11-28"))["C-2026-0001"]["reason"] == (
        "paid in full: close the case"
    )
    closed = cli.ok(
        "log", "C-2026-0001", "close", "paid", "--reason", "Paid in two parts", today="2026-11-28"
    )
    assert closed.strip() == (
        "C-2026-0001: recorded closed (paid); outstanding 0.00 EUR; closed (paid)"
    )

    assert "C-2026-0001" not in by_id(cli.json("list"))
    everything = by_id(cli.json("list", "--all"))
    assert everything["C-2026-0001"]["stage"] == "closed"
    assert everything["C-2026-0001"]["next_action"] is None
    assert [row["id"] for row in cli.json("list", "--stage", "closed")] == ["C-2026-0001"]
    assert [row["id"] for row in cli.json("list", "--stage", "open")] == [
        "C-2026-0003", "C-2026-0002",
    ]  # fmt: skip

    # `show` finds a case by its invoice number too, in any letter case.
    detail = cli.json("show", "f-2026-001", today="2026-11-28")
    assert set(detail) >= SHOW_KEYS and set(detail["customer"]) >= CUSTOMER_KEYS
    assert detail["id"] == "C-2026-0001"
    assert detail["customer"]["country"] == "BE"
    assert (detail["amount"], detail["paid"], detail["outstanding"]) == (
        "1250.00", "1250.00", "0.00",
    )  # fmt: skip
    assert (detail["issued"], detail["due"], detail["days_overdue"]) == (
        "2026-10-01", "2026-10-31", 28,
    )  # fmt: skip
    assert (detail["stage"], detail["disputed"], detail["next_action"]) == ("closed", False, None)
    assert detail["promise"] == {
        "amount": "1250.00", "by": "2026-11-27", "made_on": "2026-11-23", "kept": True,
        "broken": False,
    }  # fmt: skip
    assert detail["regime"] == "be-b2b"
    assert [e["kind"] for e in detail["events"]] == [
        "opened", "call", "promise", "payment", "payment", "closed",
    ]  # fmt: skip
    assert [e["date"] for e in detail["events"]] == [
        "2026-11-23", "2026-11-23", "2026-11-23", "2026-11-27", "2026-11-28", "2026-11-28",
    ]  # fmt: skip
    assert [e["amount"] for e in detail["events"] if e["kind"] == "payment"] == ["500.00", "750.00"]
    assert detail["events"][1]["note"] == "Pays Friday, once their client has paid them"
    assert not any(e["voided"] for e in detail["events"])

    # An open case has its claim (issue 4) with amounts as strings and dates as ISO.
    claim_case = cli.json("show", "C-2026-0003")
    claim = claim_case["claim"]
    assert set(claim) >= CLAIM_KEYS
    assert claim["as_of"] == TODAY and claim_case["regime"] == "uk-b2b"
    for key in ("principal", "interest", "compensation", "total"):
        assert isinstance(claim[key], str) and "." in claim[key]
    assert claim["principal"] == "480.00"
    assert isinstance(claim["periods"], list) and isinstance(claim["extrapolated"], bool)
    assert claim_case["costs_allowed_from"] is None or is_iso_day(claim_case["costs_allowed_from"])

    text = cli.ok("show", "C-2026-0001", today="2026-11-28")
    assert "Promise   1,250.00 EUR by 2026-11-27 (kept)" in text
    assert "2026-11-28  #6   Closed           paid; Paid in two parts" in text


def test_every_kind_of_log_entry(cli: Cli) -> None:
    case = cli.ok(
        "add", "--customer", "Isla Evans", "--kind", "consumer", "--country", "GB",
        "--invoice", "2026/118", "--amount", "640", "--issued", "2026-09-15",
        "--due", "2026-09-29", "--email", "isla@example.co.uk",
    ).strip()  # fmt: skip
    assert case == "C-2026-0001"

    def log(*args: str, today: str = TODAY) -> str:
        said = cli.ok("log", case, *args, today=today)
        assert said.startswith(f"{case}: recorded "), said
        assert said.count("\n") == 1
        return said

    said = log("call", "--outcome", "no-answer")
    assert "outbound call, no answer;" in said and "next: 2026-11-24" in said  # try again tomorrow
    log("call", "--outcome", "voicemail", "--date", "yesterday")
    log("call", "--outcome", "wrong-number", "--note", "Number is a bakery now")
    assert "next: 2026-11-26 (follow-up on 2026-11-26)" in log(
        "call", "--outcome", "reached", "--next", "+3d", "--note", "Will look into it"
    )
    log("note", "Asked for the purchase order number")
    assert "reminder sent" in log(
        "letter", "--kind", "reminder", "--channel", "email", "--date", "2026-11-02"
    )
    log(
        "letter", "--kind", "formal-notice", "--channel", "registered",
        "--tracking", "RR123456785GB", "--date", "2026-11-16",
    )  # fmt: skip
    assert "promise to pay 100.50 GBP by 2026-12-07" in log("promise", "100,50", "--by", "+2w")
    assert "outstanding 539.50 GBP" in log("payment", "100.50", "--method", "bank transfer")
    assert "outbound call, disputed + dispute opened" in log(
        "call", "--outcome", "disputed", "--note", "Says the goods arrived damaged"
    )
    assert "settlement agreed; still to pay 485.00 GBP; outstanding 485.00 GBP" in log(
        "settle", "--terms", "10 % off the rest", "--amount", "485"
    )
    assert "next: 2026-11-30 (snoozed until 2026-11-30: On holiday until the 30th)" in log(
        "snooze", "--until", "+1w", "--reason", "On holiday until the 30th"
    )
    assert "dispute opened" in log("dispute", "--reason", "Now disputes the delivery costs too")
    assert "closed (settled)" in log("close", "settled", "--reason", "Agreed on the phone")

    detail = cli.json("show", case)
    assert [event["kind"] for event in detail["events"]] == [
        "letter", "letter", "call", "opened", "call", "call", "call", "note", "promise",
        "payment", "call", "dispute", "settled", "snooze", "dispute", "closed",
    ]  # fmt: skip
    dates = [event["date"] for event in detail["events"]]
    assert dates == sorted(dates)  # back-dated letters and calls sit in date order
    calls = [event for event in detail["events"] if event["kind"] == "call"]
    assert [call["outcome"] for call in calls] == [
        "voicemail", "no-answer", "wrong-number", "reached", "disputed",
    ]  # fmt: skip
    assert calls[3]["next_action"] == "2026-11-26" and calls[3]["note"] == "Will look into it"
    letters = [event for event in detail["events"] if event["kind"] == "letter"]
    assert (letters[1]["channel"], letters[1]["tracking"]) == ("registered", "RR123456785GB")
    assert letters[0]["deadline"] == "2026-11-16"  # the ladder's 14 days for a reminder
    settled = next(event for event in detail["events"] if event["kind"] == "settled")
    assert (settled["terms"], settled["amount"]) == ("10 % off the rest", "485.00")
    payment = next(event for event in detail["events"] if event["kind"] == "payment")
    assert (payment["amount"], payment["method"]) == ("100.50", "bank transfer")
    assert detail["stage"] == "closed" and detail["closed"] == {"on": TODAY, "reason": "settled"}
    assert detail["currency"] == "GBP" and detail["paid"] == "100.50"
    assert detail["balance"] == "485.00"  # the settled amount; nothing paid since
    assert detail["outstanding"] == "0.00"  # closed: nothing is owed (issue 18, item 6)
    assert detail["disputed"] is True and detail["snoozed_until"] == "2026-11-30"
    assert detail["promise"]["amount"] == "100.50" and detail["promise"]["kept"] is True
    assert cli.ok("list").strip() == "No open cases."


def test_undo_walks_back_one_action_at_a_time(cli: Cli) -> None:
    case = cli.ok(
        "add", "--customer", "Bakkerij Van Dijk B.V.", "--country", "NL", "--invoice",
        "2026-0042", "--amount", "315,25", "--issued", "2026-10-01", "--due", "2026-10-31",
    ).strip()  # fmt: skip
    cli.ok("log", case, "note", "Left a message with reception")
    cli.ok("log", case, "call", "--outcome", "promised", "--amount", "100", "--by", "+3d")
    cli.ok("log", case, "payment", "100")
    cli.ok("log", case, "close", "written-off", "--reason", "Bankrupt")

    assert cli.ok("undo", case).strip() == f"{case}: undid #6 closed (written off)"
    assert cli.ok("undo", case).strip() == f"{case}: undid #5 payment of 100.00 EUR"
    assert cli.ok("undo", case).strip() == (
        f"{case}: undid #3 outbound call, promised, #4 promise to pay 100.00 EUR by 2026-11-26"
    )
    detail = cli.json("show", case)
    assert detail["stage"] == "open" and detail["outstanding"] == "315.25"
    assert detail["promise"] is None
    assert cli.ok("undo", case).strip() == f"{case}: undid #2 note"
    message = cli.fails(2, "undo", case)
    assert message == f"casetui: nothing to undo on {case}"
    assert cli.fails(2, "undo", "C-2026-0099").startswith("casetui: no case 'C-2026-0099'")

    detail = cli.json("show", case)
    voided = [e["id"] for e in detail["events"] if e["voided"]]
    assert voided == [2, 3, 4, 5, 6]
    undo_events = [e for e in detail["events"] if e["kind"] == "voided"]
    assert [e["voids"] for e in undo_events] == [[6], [5], [3, 4], [2]]
    assert (detail["stage"], detail["paid"], detail["outstanding"]) == ("open", "0.00", "315.25")

    # redo cancels the undos, latest first, until something new is recorded
    assert cli.ok("redo", case).strip() == f"{case}: redid #2 note"
    assert cli.ok("redo", case).strip() == (
        f"{case}: redid #3 outbound call, promised, #4 promise to pay 100.00 EUR by 2026-11-26"
    )
    cli.ok("log", case, "note", "Called again")
    assert cli.fails(2, "redo", case) == f"casetui: nothing to redo on {case}"
    assert cli.json("show", case)["promise"]["amount"] == "100.00"

    # The export marks every voided entry.
    markdown = cli.ok("export", case)
    for number, by in ((2, 10), (3, 9), (4, 9), (5, 8), (6, 7)):
        assert f"| {number} | ~~" in markdown and f"(voided by #{by})" in markdown


def test_export_to_stdout_and_to_files(cli: Cli, tmp_path: Path) -> None:
    hostile = "Paid? | # no `rm -rf` <script>alert(1)</script> [/] **not bold**"
    case = cli.ok(
        "add", "--customer", "ACME [/] <b>|</b>", "--invoice", "INV|#1", "--amount", "99",
        "--issued", "2026-10-01", "--due", "2026-10-31",
    ).strip()  # fmt: skip
    cli.ok("log", case, "note", hostile + "\nsecond line")
    cli.ok("log", case, "letter", "--kind", "reminder", "--channel", "registered",
           "--tracking", "RR|1*2")  # fmt: skip

    markdown = cli.ok("export", case)
    assert markdown.startswith(f"# Case {case}: invoice INV\\|#1\n")
    # The letter line says how it went, escaped where it quotes the user's tracking number.
    assert "**reminder** sent by registered mail (RR\\|1\\*2)" in markdown
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    # debtor, invoice, claim, limitation (not estimated here: no country known), timeline
    assert [t.tag for t in tokens if t.type == "heading_open"] == ["h1"] + ["h2"] * 5
    assert "governing law is not known" in markdown
    timeline_rows = sum(1 for t in tokens if t.type == "tr_open") - (2 + 7 + 5)
    assert timeline_rows >= 3
    html_out = cli.ok("export", case, "--format", "html")
    assert html_out.startswith("<!DOCTYPE html>") and "<script" not in html_out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html_out

    target = tmp_path / "out" / "history.md"
    target.parent.mkdir()
    run = cli.run("export", case, "-o", str(target))
    assert (run.returncode, run.stdout) == (0, "")
    assert run.stderr.strip() == f"Exported {case} to {target}"
    assert target.read_text(encoding="utf-8") == markdown
    # -o a folder: a file named after the case; html on request.
    cli.ok("export", case, "--format", "html", "-o", str(target.parent))
    written = target.parent / f"case-{case}.html"
    assert written.read_text(encoding="utf-8") == html_out
    assert cli.ok("export", case, "-o", "-") == markdown

    nowhere = cli.fails(2, "export", case, "-o", "/nonexistent/x.md")
    assert nowhere == "casetui: -o: the folder /nonexistent does not exist"
    # Not over the ledger itself, its journal or its backups: that would lose every case.
    for protected in (cli.db, cli.db.with_name("ledger.json.journal")):
        message = cli.fails(2, "export", case, "-o", str(protected))
        assert message.endswith(
            "belongs to the ledger (its data, journal, lock, backups or "
            "evidence); write to another file"
        )
    assert cli.ok("list", "--json")  # still a ledger


def test_failing_commands_say_one_line_and_leave_the_ledger_untouched(cli: Cli) -> None:
    case = cli.ok(
        "add", "--customer", "Garage Meuse SRL", "--country", "BE", "--invoice", "V-77",
        "--amount", "2400", "--issued", "2026-09-01", "--due", "2026-10-01",
    ).strip()  # fmt: skip
    done = cli.ok(
        "add", "--customer", "Garage Meuse SRL", "--invoice", "V-78", "--amount", "20",
        "--issued", "2026-09-01", "--due", "2026-10-01",
    ).strip()  # fmt: skip
    cli.ok("log", done, "close", "paid")
    cli.ok("log", case, "note", "a note, so that the journal has a few lines")

    expectations = [
        (2, ["log", case, "payment", "100", "--date", "03/04/2026"], "ambiguous date"),
        (2, ["log", case, "payment", "1,234"], "ambiguous amount"),
        (2, ["log", case, "payment", "100", "--date", "tomorrow"], "is in the future"),
        (2, ["log", "C-2026-0404", "note", "hello"], "no case 'C-2026-0404'"),
        (2, ["log", case, "promise", "100", "--by", "yesterday"], "cannot be made on"),
        (2, ["log", case, "snooze", "--until", "today"], "pick a date after 2026-11-23"),
        (2, ["log", case, "settle", "--terms", "half"], "settle: give --amount"),
        (2, ["log", done, "call", "--outcome", "reached"], f"case {done} is closed"),
        (2, ["log", case, "call", "--outcome", "maybe"], "invalid choice: 'maybe'"),
        (2, ["add", "--customer", "X", "--invoice", "1", "--amount", "1.234,567",
             "--issued", "2026-10-01", "--due", "2026-10-31"], "more decimals than EUR"),
        (2, ["add", "--customer", "garage meuse srl", "--invoice", "v-77", "--amount", "10",
             "--issued", "2026-10-01", "--due", "2026-10-31"], f"already case {case}"),
        (2, ["demo"], "add --force to replace them"),
    ]  # fmt: skip
    for code, argv, fragment in expectations:
        message = cli.fails(code, *argv)
        assert fragment in message, (argv, message)

    # An operational failure: another casetui is in the middle of a commit for longer than
    # we wait. Exit 1, naming it; readers still read.
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLD_LOCK, str(cli.db)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=cli.env,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        message = cli.fails(
            1, "log", case, "note", "while someone else has it", env={"CASETUI_LOCK_WAIT": "0.2"}
        )
        assert "is busy: casetui the test holder (pid" in message
        assert case in by_id(cli.json("list"))
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=30)
    assert "recorded note" in cli.ok("log", case, "note", "after the other one let go")


_HOLD_LOCK = """
import sys
from pathlib import Path
from casetui.ledger import Ledger
from casetui.store import list_backups
with Ledger.open(Path(sys.argv[1]), purpose="the test holder") as ledger:
    with ledger.transaction():  # holds the commit lock, as a long write would
        print("locked", flush=True)
        sys.stdin.read()
"""


def test_a_new_demo_ledger_opens_with_its_index_rows_current(cli: Cli) -> None:
    """The demo is folded with the profile it is then used with (its own, beside it), so
    the first command on it does not fold every case again."""
    from casetui.paths import DEMO_CONFIG
    from casetui.profile import load_profile, profile_path

    cli.ok("demo", "--cases", "30")
    policy = load_profile(profile_path(cli.db.parent / DEMO_CONFIG)).ladder_policy()
    with Ledger.open(cli.db, readonly=True, policy=policy) as ledger:
        assert ledger.store.index_current


def test_demo_refuses_a_ledger_with_cases_unless_forced(cli: Cli) -> None:
    said = cli.ok("demo", "--cases", "40", "--seed", "3")
    assert said.startswith(f"Wrote 40 demo cases to {cli.db} in ")
    first = cli.json("list", "--all")
    assert len(first) == 40

    message = cli.fails(2, "demo", "--cases", "10")
    assert message.startswith(f"casetui: {cli.db} already has 40 cases; add --force")

    assert cli.ok("demo", "--cases", "12", "--seed", "4", "--force").startswith("Wrote 12 ")
    assert len(cli.json("list", "--all")) == 12
    # The 40 cases it replaced are in a backup beside it.
    backups = list_backups(cli.db)
    assert backups
    restored = cli.root / "restored" / "ledger.json"
    restored.parent.mkdir()
    assert backups[0].snapshot is not None
    shutil.copyfile(backups[0].snapshot, restored)
    if backups[0].journal is not None:
        shutil.copyfile(backups[0].journal, restored.with_name("ledger.json.journal"))
    with Ledger.open(restored, readonly=True) as old:
        assert len(old) == 40
        assert {s.id: s.invoice for s in old.cases()} == {r["id"]: r["invoice"] for r in first}


def test_the_demo_flag_never_touches_the_real_ledger(cli: Cli) -> None:
    real = cli.root / "real" / "ledger.json"
    env = {"CASETUI_DB": str(real)}
    cli.ok("add", "--customer", "Mine", "--invoice", "1", "--amount", "5", "--issued",
           "2026-10-01", "--due", "2026-10-31", db=False, env=env)  # fmt: skip
    before = files_of(real.parent)

    agenda = cli.ok("--demo", "agenda", db=False, env=env)
    assert agenda.startswith(f"Today {TODAY}: ")
    assert len(agenda.splitlines()) > 5
    rows = cli.json("--demo", "agenda", db=False, env=env)
    assert rows and all(row["customer"] != "Mine" for row in rows)
    said = cli.ok("--demo", "log", "C-2026-0001", "note", "trying it out", db=False, env=env)
    assert said.startswith("C-2026-0001: recorded note")
    assert files_of(real.parent) == before
    assert [row["customer"] for row in cli.json("list", db=False, env=env)] == ["Mine"]

    # --demo with --db is refused, and the --db path is not created.
    elsewhere = cli.root / "elsewhere" / "ledger.json"
    message = cli.fails(2, "--demo", "agenda", db=elsewhere)
    assert "--demo works on a throwaway ledger" in message
    assert not elsewhere.parent.exists()
    # Without a command: today's agenda.
    assert cli.ok(db=False, env=env).startswith(f"Today {TODAY}: 1 case")


def test_the_db_option_pointing_at_the_wrong_thing(cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "a-folder"
    folder.mkdir()
    message = cli.fails(2, "list", db=folder)
    assert message == (
        f"casetui: {folder} is a folder; --db wants the ledger file, e.g. {folder}/ledger.json"
    )
    text = tmp_path / "notes.txt"
    text.write_text("shopping list\n")
    for argv in (["list"], ["add", "--customer", "X", "--invoice", "1", "--amount", "5",
                            "--issued", "today", "--due", "today"]):  # fmt: skip
        before = text.read_bytes()
        run = cli.run(*argv, db=text)
        assert run.returncode == 1
        assert "is not a valid ledger" in assert_one_line_error(run.stderr)
        assert text.read_bytes() == before
    # A command that needs cases leaves nothing behind on a ledger that does not exist.
    missing = tmp_path / "missing" / "ledger.json"
    for argv in (["log", "C-2026-0001", "note", "x"], ["undo", "C-2026-0001"]):
        run = cli.run(*argv, db=missing)
        assert run.returncode == 2
        assert assert_one_line_error(run.stderr).startswith(f"casetui: no ledger at {missing}")
    assert not missing.parent.exists()


def _drop_root_powers() -> list[str] | None:
    """A command prefix under which file permissions apply, or None if there is none."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        return None
    caps = "-dac_override,-dac_read_search,-fowner"
    prefix = [setpriv, f"--bounding-set={caps}", f"--inh-caps={caps}"]
    probe = subprocess.run([*prefix, "true"], capture_output=True)
    return prefix if probe.returncode == 0 else None


def test_a_read_only_folder_is_an_operational_error_not_a_traceback(cli: Cli) -> None:
    prefix = _drop_root_powers()
    if prefix is None:
        pytest.skip("running as root without setpriv: permissions cannot be enforced")
    case = cli.ok(
        "add", "--customer", "Kestrel Joinery Ltd", "--invoice", "K-1", "--amount", "10",
        "--issued", "2026-10-01", "--due", "2026-10-31",
    ).strip()  # fmt: skip
    shutil.rmtree(cli.folder / "backups", ignore_errors=True)
    cli.folder.chmod(0o555)
    try:
        before = files_of(cli.folder)

        def run(*args: str, db: Path = cli.db) -> subprocess.CompletedProcess[str]:
            argv = [sys.executable, "-m", "casetui", "--db", str(db), "--today", TODAY, *args]
            return subprocess.run(
                [*prefix, *argv], capture_output=True, text=True, env=cli.env, timeout=60
            )

        listed = run("list", "--json")
        assert listed.returncode == 0 and json.loads(listed.stdout)[0]["id"] == case
        written = run(
            "add", "--customer", "X", "--invoice", "2", "--amount", "5", "--issued", "today",
            "--due", "today", db=cli.folder / "sub" / "ledger.json",
        )  # fmt: skip
        assert written.returncode == 1, written.stderr
        line = assert_one_line_error(written.stderr)
        assert "Permission denied" in line and "nothing was changed" in line
        exported = run("export", case, "-o", str(cli.folder / "case.md"))
        assert exported.returncode == 1
        assert "cannot write" in assert_one_line_error(exported.stderr)
        assert files_of(cli.folder) == before
        # The ledger's own files are still writable: a note is saved (appended to the
        # journal), and the backup that cannot be made is a warning, not a failure.
        noted = run("log", case, "note", "hello")
        assert noted.returncode == 0, noted.stderr
        warning = assert_one_line_error(noted.stderr)
        assert warning.startswith("casetui: warning: no backup was made (Permission denied")
        assert "your changes are saved" in warning
        after = files_of(cli.folder)
        assert set(after) == set(before)
        assert after["ledger.json.journal"].startswith(before["ledger.json.journal"])
    finally:
        cli.folder.chmod(0o755)


def test_a_closed_pipe_is_not_an_error(cli: Cli) -> None:
    cli.ok("demo", "--cases", "400")
    argv = [sys.executable, "-m", "casetui", "--db", str(cli.db), "--today", TODAY]
    for command in ("list", "list --json", "agenda", "agenda --json"):
        pipeline = f"{' '.join(argv)} {command} | head -1; exit ${{PIPESTATUS[0]}}"
        run = subprocess.run(
            ["bash", "-c", pipeline], capture_output=True, text=True, env=cli.env, timeout=60
        )
        assert (run.returncode, run.stderr) == (0, ""), (command, run.stderr)
        assert len(run.stdout.splitlines()) == 1


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_output_to_a_full_disk_is_one_line_and_exit_1(cli: Cli) -> None:
    """`agenda --json > file` on a full disk: said in one line, not a traceback (the
    command ends its process without freeing what it made: the failed write is still
    reported), and the ledger is as it was."""
    cli.ok("demo", "--cases", "60")
    ledger_files = ("ledger.json", "ledger.json.journal")
    before = {name: (cli.folder / name).read_bytes() for name in ledger_files}
    argv = [sys.executable, "-m", "casetui", "--db", str(cli.db), "--today", TODAY]
    for command in (["agenda", "--json"], ["list"], ["show", "C-2026-0001"]):
        with open("/dev/full", "w") as full:
            run = subprocess.run(
                [*argv, *command], stdout=full, stderr=subprocess.PIPE, text=True, env=cli.env
            )
        assert run.returncode == 1, (command, run.stderr)
        assert assert_one_line_error(run.stderr) == "casetui: No space left on device"
    assert {name: (cli.folder / name).read_bytes() for name in ledger_files} == before


def test_agenda_json_in_its_own_process_says_what_it_says_in_this_one(cli: Cli) -> None:
    """The command ends its process at once after printing (`casetui.cli.run`): nothing
    it printed is lost on the way out, whether stdout is a pipe or a file."""
    cli.ok("demo", "--cases", "200")
    piped = cli.run("agenda", "--json")
    assert piped.returncode == 0 and piped.stderr == ""
    target = cli.root / "agenda.json"
    argv = [sys.executable, "-m", "casetui", "--db", str(cli.db), "--today", TODAY]
    with target.open("w") as handle:
        filed = subprocess.run([*argv, "agenda", "--json"], stdout=handle, env=cli.env)
    assert filed.returncode == 0
    assert target.read_text() == piped.stdout
    assert piped.stdout.endswith("}\n]\n") and len(json.loads(piped.stdout)) > 20


def test_setup_sets_the_attachment_limit_and_refuses_a_bad_one(cli: Cli) -> None:
    """Issue 17's `[evidence] attach_limit_mb` could only be set by editing the file."""
    cli.ok("setup", "--attach-limit-mb", "40", db=False)
    assert "attach_limit_mb = 40" in cli.ok("setup", "--show", db=False)
    line = cli.fails(2, "setup", "--attach-limit-mb", "5000", db=False)
    assert "attach limit must be between 1 and 1000 MB" in line
    assert "attach_limit_mb = 40" in cli.ok("setup", "--show", db=False)


def test_the_demo_never_touches_the_users_profile_ledger_or_keys(cli: Cli) -> None:
    """`demo` and `--demo` with the user's own profile and ledger in their usual folders
    (XDG): the demo writes into a folder of its own, with its own profile beside it."""
    home = cli.root / "home"
    env = {
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
    }
    del cli.env["CASETUI_CONFIG_DIR"]
    cli.ok("setup", "--name", "Mine BV", "--country", "BE", db=False, env=env)
    cli.ok("add", "--customer", "Mine", "--invoice", "1", "--amount", "5", "--issued",
           "2026-10-01", "--due", "2026-10-31", db=False, env=env)  # fmt: skip

    def everything() -> dict[str, bytes]:
        return {
            str(path.relative_to(home)): path.read_bytes()
            for path in sorted(home.rglob("*"))
            if path.is_file()
        }

    before = everything()
    assert before  # the user's profile and ledger
    assert cli.ok("--demo", "agenda", db=False, env=env).startswith(f"Today {TODAY}: ")
    shown = cli.ok("--demo", "setup", "--show", db=False, env=env)
    assert 'name = "Studio Noord BV"' in shown
    assert everything() == before

    run = cli.run("demo", "--cases", "5", db=False, env=env)
    assert run.returncode == 0, run.stderr
    demo = home / ".local" / "share" / "casetui" / "demo" / "ledger.json"
    assert run.stdout.startswith(f"Wrote 5 demo cases to {demo} in ")
    assert "your own is not touched" in run.stderr
    after = everything()
    assert {name: data for name, data in after.items() if name in before} == before
    assert all(name.startswith(".local/share/casetui/demo/") for name in after.keys() - before)
    # On the demo ledger, the demo's profile; anywhere else, the user's own.
    on_demo = cli.ok("setup", "--show", db=demo, env=env)
    assert 'name = "Studio Noord BV"' in on_demo and "demo-config" in on_demo
    assert 'name = "Mine BV"' in cli.ok("setup", "--show", db=False, env=env)
    assert [row["customer"] for row in cli.json("list", db=False, env=env)] == ["Mine"]


@pytest.mark.parametrize("argv", [["--help"], ["--help", "list"], ["-h", "show", "C-1"]])
def test_help_before_a_command_lists_every_command(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    """Only the command being run gets its parser built; `casetui --help` before a command
    is casetui's help all the same, with every command in it."""
    from casetui.cli import main
    from casetui.cli.registry import COMMANDS

    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 0
    listed = capsys.readouterr().out
    assert all(f"    {command.name} " in listed for command in COMMANDS)
