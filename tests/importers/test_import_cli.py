"""`casetui import` on the command line: reports, exit codes, dry runs, hostile files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import pytest
from importer_helpers import DATA, IMPORT_DAY, REPO_ROOT, UBL_FIXTURES, ledger_files

from casetui.cli import main
from casetui.ledger import Ledger

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
  xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
  <cbc:ID>&lol9;</cbc:ID>
</Invoice>
"""
EXTERNAL_ENTITY = b"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE Invoice [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
  xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
  <cbc:ID>&xxe;</cbc:ID>
</Invoice>
"""
IMPORT_DAY_ISO = IMPORT_DAY.isoformat()


def hostile_files(folder):
    files = {
        "laughs.xml": BILLION_LAUGHS,
        "xxe.xml": EXTERNAL_ENTITY,
        "junk.csv": bytes(range(256)) * 40,
    }
    paths = []
    for name, data in files.items():
        path = folder / name
        path.write_bytes(data)
        paths.append(path)
    huge = folder / "huge.xml"
    with huge.open("wb") as handle:  # sparse: refused by its size before it is read
        handle.truncate(25_000_000)
    paths.append(huge)
    return paths


def run_cli(*args, timeout=60):
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "casetui", *args],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        env=env,
        timeout=timeout,
    )
    return done, time.perf_counter() - started


def test_hostile_files_are_refused_without_creating_a_ledger(tmp_path):
    db = tmp_path / "data" / "ledger.json"
    paths = hostile_files(tmp_path)
    done, elapsed = run_cli("--db", str(db), "--today", IMPORT_DAY_ISO, "import", *map(str, paths))
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == len(paths)  # one line per problem
    for path, line in zip(paths, lines, strict=True):
        assert line.startswith(f"casetui: import: {path}: ")
    assert "DTD" in lines[0] and "DTD" in lines[1]
    assert "binary" in lines[2] and "MB" in lines[3]
    assert not db.parent.exists()  # the ledger was not even looked for
    assert elapsed < 20  # generous: a billion-laughs expansion would take minutes


def test_hostile_files_leave_an_existing_ledger_byte_identical(tmp_path):
    db = tmp_path / "ledger.json"
    assert main(["--db", str(db), "--today", IMPORT_DAY_ISO, "import", str(DATA / "zoho.csv")]) == 0
    before = ledger_files(db)
    paths = hostile_files(tmp_path)
    done, _ = run_cli(
        "--db", str(db), "--today", IMPORT_DAY_ISO, "import", "--json", *map(str, paths)
    )
    assert done.returncode == 2
    report = json.loads(done.stdout)
    assert [file["status"] for file in report["files"]] == ["refused"] * 4
    assert report["ok"] is False and report["summary"]["refused"] == 4
    assert ledger_files(db) == before


def test_import_then_reimport_through_the_cli(tmp_path, capsys):
    db = tmp_path / "ledger.json"
    args = ["--db", str(db), "--today", IMPORT_DAY_ISO, "import"]
    files = [str(DATA / "odoo.csv"), str(UBL_FIXTURES / "base-example.xml")]
    assert main([*args, *files]) == 0
    out = capsys.readouterr().out
    assert "odoo.csv: imported (2 created, 1 credited, 2 skipped)" in out
    assert "created" in out and "C-2026-0001" in out and "INV/2026/00017" in out
    assert "base-example.xml: imported (1 created)" in out
    assert out.rstrip().endswith(
        "2 files: 2 imported; created 3 cases (3 new customers), updated 0, credited 1, skipped 2."
    )
    before = ledger_files(db)
    backups = sorted((tmp_path / "backups").glob("*")) if (tmp_path / "backups").exists() else []
    assert main([*args, *files]) == 0
    out = capsys.readouterr().out
    assert "odoo.csv: nothing new (5 skipped)" in out
    assert "  skipped      3 already in the ledger, unchanged" in out  # two invoices, one credit
    assert "status 'Paid': already paid" in out  # other skips are still listed
    assert ledger_files(db) == before
    # Nothing to write: the ledger was only read (no backup made, no lock taken for writing).
    after = sorted((tmp_path / "backups").glob("*")) if (tmp_path / "backups").exists() else []
    assert after == backups


def test_dry_run_writes_nothing(tmp_path, capsys):
    db = tmp_path / "ledger.json"
    code = main(
        ["--db", str(db), "--today", IMPORT_DAY_ISO, "import", "--dry-run", str(DATA / "xero.csv")]
    )
    assert code == 0
    out = capsys.readouterr().out
    assert out.startswith("Dry run: nothing was written.")
    assert "xero.csv: would be imported (2 to create, 1 to credit, 1 to skip)" in out
    assert "would create" in out
    assert list(tmp_path.iterdir()) == []


def test_dry_run_on_an_existing_ledger_keeps_it_byte_identical(tmp_path, capsys):
    db = tmp_path / "ledger.json"
    main(["--db", str(db), "--today", IMPORT_DAY_ISO, "import", str(DATA / "zoho.csv")])
    before = ledger_files(db)
    assert main(["--db", str(db), "import", "--dry-run", str(DATA / "odoo.csv")]) == 0
    assert ledger_files(db) == before
    assert len(list((tmp_path / "evidence").iterdir())) == 1  # zoho's only


def test_json_report(tmp_path, capsys):
    db = tmp_path / "ledger.json"
    bad = tmp_path / "bad.csv"
    bad.write_text("Invoice Number,Customer,Invoice Date,Amount Due\nX-1,Acme,someday,10.00\n")
    code = main(
        [
            "--db",
            str(db),
            "--today",
            IMPORT_DAY_ISO,
            "import",
            "--json",
            str(DATA / "xero.csv"),
            str(bad),
        ]
    )
    assert code == 2
    captured = capsys.readouterr()
    report = json.loads(captured.out)
    assert report["dry_run"] is False and report["ok"] is False
    assert report["today"] == IMPORT_DAY_ISO and report["ledger"] == str(db)
    assert report["summary"] == {
        "files": 2,
        "imported": 1,
        "unchanged": 0,
        "refused": 1,
        "created": 2,
        "updated": 0,
        "credited": 1,
        "skipped": 1,
        "errors": 1,
        "new_customers": 2,
    }
    xero, refused = report["files"]
    assert xero["status"] == "imported" and xero["format"] == "csv"
    assert xero["evidence"] == f"evidence/{xero['sha256']}.csv"
    create = xero["actions"][0]
    assert create == {
        "action": "create",
        "line": 2,
        "invoice": "INV-0107",
        "customer": "Harbour Lights Ltd",
        "customer_id": "CUS-0001",
        "new_customer": True,
        "match": "new",
        "case_id": "C-2026-0001",
        "amount": "1440.00",
        "currency": "GBP",
        "reason": "new case and new customer: 1,440.00 GBP, due 2026-06-17",
        "attention": False,
        "bad": False,
        "unchanged": False,
        "warnings": [],
        "events": [{"case_id": "C-2026-0001", "kinds": ["note"]}],
        "issued": "2026-06-03",
        "due": "2026-06-17",
        "due_source": "read",
        "reference": "RF18F2026102",
    }
    credit = xero["actions"][2]
    assert (credit["action"], credit["case_id"], credit["amount"]) == (
        "credit",
        "C-2026-0002",
        "-120.00",
    )
    assert credit["events"] == [{"case_id": "C-2026-0002", "kinds": ["credit"]}]
    assert refused["status"] == "refused" and refused["evidence"] is None
    assert refused["problems"] == [f"{bad}:2: Invoice Date: not a date: 'someday'"]
    assert refused["actions"][0]["action"] == "error" and refused["actions"][0]["line"] == 2
    assert captured.err.startswith(f"casetui: import: {bad}:2: ")


def test_map_option(tmp_path, capsys):
    data = tmp_path / "custom.csv"
    data.write_text("Doc,Who,When,Open amount\nQ-1,Acme NV,2026-06-01,99.50\n", encoding="utf-8")
    db = tmp_path / "ledger.json"
    args = ["--db", str(db), "--today", IMPORT_DAY_ISO, "import", str(data)]
    mapping = [
        "--map", "invoice_number=Doc", "--map", "customer_name=Who",
        "--map", "issue_date=When", "--map", "outstanding=Open amount",
    ]  # fmt: skip
    assert main([*args, *mapping, "--terms-days", "14"]) == 0
    with Ledger.open(db, readonly=True) as ledger:
        case = ledger.case("Q-1")
        assert (str(case.due), str(case.amount)) == ("2026-06-15", "99.50 EUR")
    capsys.readouterr()


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--map", "bogus=Doc"], "--map: unknown field bogus"),
        (["--map", "outstanding"], "--map wants FIELD=COLUMN"),
        (["--map", "outstanding=A", "--map", "outstanding=B"], "outstanding is mapped twice"),
        (["--currency", "euro"], "not a currency code"),
        (["--currency", "XYZ"], "'XYZ' is not an ISO 4217 currency code (e.g. EUR, GBP)"),
        (["--delimiter", "ab"], "not a usable delimiter"),
        (["--terms-days", "-1"], "--terms-days: the default term must be 0 to 3,650 days, not -1"),
        # regression: a term no date can hold was an OverflowError traceback
        (["--terms-days", "3000000"], "--terms-days: the default term must be 0 to 3,650 days"),
        (["--terms-days", "9" * 20], "--terms-days: the default term must be 0 to 3,650 days"),
    ],
)
def test_bad_options_are_usage_errors(tmp_path, capsys, extra, message):
    db = tmp_path / "ledger.json"
    code = main(["--db", str(db), "import", str(DATA / "odoo.csv"), *extra])
    assert code == 2
    err = capsys.readouterr().err
    assert err.startswith("casetui: ") and message in err and err.count("\n") == 1
    assert list(tmp_path.iterdir()) == []


def test_missing_column_and_missing_file_refuse_that_file_only(tmp_path, capsys):
    db = tmp_path / "ledger.json"
    missing = tmp_path / "nope.csv"
    code = main(
        [
            "--db", str(db), "--today", IMPORT_DAY_ISO,
            "import", str(missing), str(DATA / "zoho.csv"), "--map", "outstanding=Nope",
        ]
    )  # fmt: skip
    assert code == 2
    err = capsys.readouterr().err.splitlines()
    assert err[0] == f"casetui: import: {missing}: no such file"
    assert err[1].startswith(f"casetui: import: {DATA / 'zoho.csv'}: --map outstanding=Nope")
    assert not db.exists()


def test_a_ledger_busy_with_another_commit_is_an_operational_error(tmp_path, capsys, monkeypatch):
    """Another writer in the middle of a commit for longer than we wait: exit 1, named.
    (A ledger merely open elsewhere no longer blocks anyone: tests/store.)"""
    monkeypatch.setenv("CASETUI_LOCK_WAIT", "0.1")
    db = tmp_path / "ledger.json"
    with Ledger.open(db, backup=False, purpose="test") as other, other.transaction():
        code = main(["--db", str(db), "--today", IMPORT_DAY_ISO, "import", str(DATA / "zoho.csv")])
    assert code == 1
    err = capsys.readouterr().err
    assert "is busy: casetui test" in err and "nothing was written" in err


def test_skip_bad_imports_the_good_rows_and_lists_the_bad_ones(tmp_path, capsys):
    """Issue 18: an Invoice Ninja v4 export (preamble lines, then the header) where some
    invoices have a due date before their issue date is refused whole by default;
    `--skip-bad` imports the others and lists those it left out."""
    db = tmp_path / "ledger.json"
    args = ["import", str(DATA / "invoiceninja_v4.csv"), "--db", str(db), "--today", IMPORT_DAY_ISO]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.count("is before the issue date") == 3
    assert not db.exists() or len(Ledger.open(db, readonly=True)) == 0

    assert main([*args, "--skip-bad", "--dry-run"]) == 0
    assert "would create 7 cases" in capsys.readouterr().out
    assert main([*args, "--skip-bad"]) == 0
    captured = capsys.readouterr()
    assert "created 7 cases" in captured.out
    bad = [line for line in captured.out.splitlines() if line.lstrip().startswith("bad row")]
    assert len(bad) == 3 and all("before the issue date" in line for line in bad)
    assert "V4-0003" in bad[0] and "line 8" in bad[0]
    with Ledger.open(db, readonly=True) as ledger:
        assert sorted(s.invoice for s in ledger.cases()) == [
            f"V4-{n:04d}" for n in range(1, 11) if n % 3
        ]
    # Again: nothing new, and the bad rows are still said.
    assert main([*args, "--skip-bad"]) == 0
    assert capsys.readouterr().out.count("bad row") == 3
