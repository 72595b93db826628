"""`casetui bank` on the command line: report, JSON shape, exit codes, hostile files."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date

import pytest

from casetui.cli import main
from casetui.cli.common import business_profile
from casetui.ledger import Ledger
from casetui.letters.references import payment_reference
from tests.bank.bank_helpers import REPO_ROOT, add_case, camt, camt_entry, fixture

ACME_IBAN = "BE68539007547034"


@pytest.fixture
def db(tmp_path, monkeypatch):
    """A ledger with three Acme cases; a Belgian business profile (OGM references)."""
    config = tmp_path / "config"
    config.mkdir()
    (config / "profile.toml").write_text('[business]\nname = "Studio"\ncountry = "BE"\n')
    monkeypatch.setenv("CASETUI_CONFIG_DIR", str(config))
    monkeypatch.delenv("CASETUI_DB", raising=False)
    business_profile.cache_clear()
    path = tmp_path / "ledger.json"
    with Ledger.open(path, backup=False) as ledger:
        add_case(ledger, "Acme BV", "2026-101", "100.00", due=date(2026, 9, 30), ibans=(ACME_IBAN,))
        add_case(ledger, "Acme BV", "2026-102", "250.00", due=date(2026, 10, 31))
        add_case(ledger, "Acme BV", "2026-103", "75.00", due=date(2026, 11, 10))
    yield path
    business_profile.cache_clear()


def reference_of(db, case_id):
    with Ledger.open(db, readonly=True) as ledger:
        return payment_reference("BE", ledger.case(case_id))


def snapshot(db):
    return {p.name: p.read_bytes() for p in db.parent.iterdir() if p.is_file()}


def run(db, *args, capsys):
    code = main(["--db", str(db), "--today", "2026-11-23", "bank", *args])
    out, err = capsys.readouterr()
    return code, out, err


def statement_file(tmp_path, db, name="s.xml", **options):
    entries = [
        camt_entry(
            "100.00",
            reference=reference_of(db, "C-2026-0001"),
            payer="ACME",
            iban=ACME_IBAN,
            bank_ref="R1",
        ),
        camt_entry("75.00", iban=ACME_IBAN, payer="ACME", bank_ref="R2"),
        camt_entry("12.34", payer="Someone", text="donation", bank_ref="R3"),
        camt_entry("5.00", credit=False, payer="Bank", text="fees", bank_ref="R4"),
    ]
    path = tmp_path / name
    path.write_bytes(camt(*entries, **options))
    return path


def test_json_report_per_file_and_entry(tmp_path, db, capsys):
    path = statement_file(tmp_path, db)
    code, out, err = run(db, str(path), "--json", capsys=capsys)
    assert code == 0, err
    report = json.loads(out)
    (file,) = report["files"]
    assert file["format"] == "camt" and file["account"] == ACME_IBAN
    assert file["period"] == {"from": "2026-11-20", "to": "2026-11-20"}
    assert file["status"] == "recorded" and file["evidence"].startswith("evidence/")
    first, probable, unmatched, debit = file["entries"]
    for entry in file["entries"]:
        assert {
            "date",
            "amount",
            "currency",
            "payer",
            "iban",
            "reference",
            "text",
            "match",
            "cases",
            "recorded",
        } <= entry.keys()
    assert first["match"] == "exact" and first["cases"] == ["C-2026-0001"] and first["recorded"]
    assert first["amount"] == "100.00" and first["date"] == "2026-11-20"
    assert probable["match"] == "probable" and probable["cases"] == ["C-2026-0003"]
    assert not probable["recorded"]
    assert unmatched["match"] == "unmatched" and unmatched["cases"] == []
    assert debit["match"] == "ignored"
    assert report["summary"]["recorded"] == 1


def test_reading_again_changes_nothing(tmp_path, db, capsys):
    path = statement_file(tmp_path, db)
    assert run(db, str(path), capsys=capsys)[0] == 0
    before = snapshot(db)
    code, out, _ = run(db, str(path), "--json", capsys=capsys)
    assert code == 0
    assert json.loads(out)["files"][0]["entries"][0]["match"] == "known"
    assert snapshot(db) == before


def test_dry_run_writes_nothing(tmp_path, db, capsys):
    path = statement_file(tmp_path, db)
    before = snapshot(db)
    code, out, _ = run(db, str(path), "--dry-run", capsys=capsys)
    assert code == 0 and out.startswith("Dry run")
    assert "would record" in out and "to confirm" in out
    assert snapshot(db) == before


def test_accept_probable_records_probable_matches(tmp_path, db, capsys):
    path = statement_file(tmp_path, db)
    code, out, _ = run(db, str(path), "--accept-probable", "--json", capsys=capsys)
    entries = json.loads(out)["files"][0]["entries"]
    assert code == 0 and entries[1]["recorded"]
    with Ledger.open(db, readonly=True) as ledger:
        assert ledger.case("C-2026-0003").is_closed


def test_accepted_probable_matches_are_not_also_to_confirm(tmp_path, db, capsys):
    """The closing line counts each entry once: recorded, or to confirm, not both."""
    path = statement_file(tmp_path, db)
    code, out, _ = run(db, str(path), "--accept-probable", "--dry-run", capsys=capsys)
    assert code == 0
    assert out.splitlines()[-1] == "1 file (0 refused): 2 to record, 0 to confirm, 1 unmatched."
    code, out, _ = run(db, str(path), "--accept-probable", capsys=capsys)
    assert code == 0
    assert out.splitlines()[-1] == "1 file (0 refused): 2 recorded, 0 to confirm, 1 unmatched."
    assert "to confirm " not in out


def test_the_summary_counts_what_is_left_to_confirm(tmp_path, db, capsys):
    path = statement_file(tmp_path, db)
    code, out, _ = run(db, str(path), "--json", capsys=capsys)
    summary = json.loads(out)["summary"]
    assert code == 0
    assert (summary["recorded"], summary["probable"], summary["to_confirm"]) == (1, 1, 1)
    code, out, _ = run(db, str(statement_file(tmp_path, db, "t.xml")), "--accept-probable",
                       "--json", capsys=capsys)  # fmt: skip
    summary = json.loads(out)["summary"]
    assert (summary["recorded"], summary["probable"], summary["to_confirm"]) == (1, 1, 0)


def test_text_report_lists_what_needs_a_person(tmp_path, db, capsys):
    path = statement_file(tmp_path, db)
    code, out, _ = run(db, str(path), capsys=capsys)
    assert code == 0
    assert "recorded" in out and "to confirm" in out and "unmatched" in out
    assert "Someone" in out and "donation" in out


def test_balances_that_do_not_add_up_refuse_the_file_and_record_nothing(tmp_path, db, capsys):
    bad = statement_file(tmp_path, db, "bad.xml", closing="9.99")
    good_entries = camt_entry("250.00", text="invoice 2026-102", iban=ACME_IBAN, bank_ref="G1")
    good = tmp_path / "good.xml"
    good.write_bytes(camt(good_entries, statement_id="S2"))
    code, _, err = run(db, str(bad), str(good), capsys=capsys)
    assert code == 2
    assert "bad.xml" in err and "balances do not add up: statement 1" in err
    assert "closing balance is 9.99" in err
    with Ledger.open(db, readonly=True) as ledger:
        assert ledger.case("C-2026-0001").paid_minor == 0  # nothing of bad.xml
        assert ledger.case("C-2026-0002").is_closed  # good.xml went in
    code, _, _ = run(db, str(bad), "--ignore-balances", capsys=capsys)
    assert code == 0


DTD = b"""<?xml version="1.0"?>
<!DOCTYPE Document [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;">]>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08">&lol2;</Document>"""
XXE = b"""<?xml version="1.0"?>
<!DOCTYPE Document [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08">&x;</Document>"""


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (DTD, "declares a DTD"),
        (XXE, "declares a DTD"),
        (bytes(range(256)) * 40, "binary data"),
        (b"%PDF-1.7 statement", "PDF"),
        (b"PK\x03\x04zip", "ZIP"),
        (b"<Document xmlns='urn:other'/>", "not an ISO 20022 camt"),
        (b"<Document", "not well-formed XML"),
        (b"", "empty"),
    ],
)
def test_hostile_and_broken_files_are_refused(tmp_path, db, capsys, content, message):
    path = tmp_path / "statement"
    path.write_bytes(content)
    before = snapshot(db)
    code, _, err = run(db, str(path), capsys=capsys)
    assert code == 2 and message in err
    assert len(err.strip().splitlines()) == 1
    assert snapshot(db) == before


def test_truncated_downloads_are_refused_with_where(tmp_path, db, capsys):
    for name in ("oca-test-ing.940", "php-coda-parser-sample1.cod", "oca-test-camt053-txdtls.xml"):
        data = fixture(name).read_bytes()
        cut = tmp_path / f"cut-{name}"
        cut.write_bytes(data[: len(data) * 2 // 3])
        code, _, err = run(db, str(cut), capsys=capsys)
        assert code == 2, name
        assert cut.name in err


def test_a_file_over_the_size_limit_is_refused(tmp_path, db, capsys):
    path = statement_file(tmp_path, db)
    code, _, err = run(db, str(path), "--max-mb", "0.0001", capsys=capsys)
    assert code == 2 and "over the" in err


def test_mt940_parse_errors_never_log_to_stderr(tmp_path, db):
    path = tmp_path / "broken.sta"
    path.write_bytes(b":20:X\n:25:NL01\n:28C:1\n:60F:C140219EUR662,23\n:61:garbage\n:62F:C1402\n-")
    run_ = subprocess.run(
        [sys.executable, "-m", "casetui", "--db", str(db), "bank", str(path)],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
    )
    assert run_.returncode == 2
    lines = run_.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("casetui: bank: ")
    assert "Traceback" not in run_.stderr


def test_the_ledger_cannot_be_written_exits_1(tmp_path, db, capsys):
    path = statement_file(tmp_path, db)
    (db.parent / "evidence").write_text("a file where the evidence folder goes")
    code, _, err = run(db, str(path), capsys=capsys)
    assert code == 1 and "evidence" in err


def test_no_ledger_yet_is_bad_input(tmp_path, db, capsys):
    path = statement_file(tmp_path, db)
    code, _, err = run(tmp_path / "none.json", str(path), capsys=capsys)
    assert code == 2 and "no ledger" in err


def test_csv_statement_with_map_and_decimal_commas(tmp_path, db, capsys):
    path = tmp_path / "export.csv"
    path.write_bytes(
        "\ufeffBoekingsdatum;Naam tegenpartij;Rekening tegenpartij;Bedrag;Munt;Uitleg\n"
        f"20/11/2026;ACME;{ACME_IBAN};250,00;EUR;factuur 2026-102\n"
        "21/11/2026;Winkel;BE00;-1.234,56;EUR;aankoop\n".encode()
    )
    code, out, err = run(db, str(path), "--map", "text=Uitleg", "--json", capsys=capsys)
    assert code == 0, err
    first, second = json.loads(out)["files"][0]["entries"]
    assert first["match"] == "exact" and first["cases"] == ["C-2026-0002"]
    assert second["amount"] == "-1234.56" and second["match"] == "ignored"
    code, _, err = run(db, str(path), "--map", "nothing=Uitleg", capsys=capsys)
    assert code == 2 and "unknown field" in err


def test_show_json_gives_the_payment_reference_letters_print(db, capsys):
    assert main(["--db", str(db), "show", "C-2026-0001", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["payment_reference"] == reference_of(db, "C-2026-0001")
    assert data["payment_reference"].startswith("+++")
    assert data["customer"]["ibans"] == [ACME_IBAN]


@pytest.mark.parametrize("kind", ["camt", "csv"])
def test_verify_holds_after_a_statement_is_recorded_and_names_a_missing_one(
    tmp_path, db, capsys, kind
):
    if kind == "camt":
        path = statement_file(tmp_path, db)
    else:
        path = tmp_path / "s.csv"
        reference = reference_of(db, "C-2026-0001")
        path.write_text(f"date;amount;payer;reference\n2026-11-20;100,00;ACME;{reference}\n")
    code, out, err = run(db, str(path), capsys=capsys)
    assert code == 0, err
    assert main(["--db", str(db), "--today", "2026-11-23", "verify"]) == 0, capsys.readouterr()
    capsys.readouterr()
    for kept in (db.parent / "evidence").iterdir():
        kept.unlink()
    assert main(["--db", str(db), "--today", "2026-11-23", "verify"]) == 1
    out, err = capsys.readouterr()
    assert "the bank statement the payment was read from (evidence/" in out + err
    assert "proof of sending" not in out + err


@pytest.mark.parametrize(
    "text",
    [
        "{ogm}",
        "{ogm} ",
        "***{digits3}/{digits4}/{digits5}***",
        "{digits}",
        "{digits3}/{digits4}/{digits5}",
    ],
)
def test_a_reference_also_written_in_the_text_is_shown_once(tmp_path, db, capsys, text):
    """Belgian banks often repeat the structured communication in the free text: the report
    line says it once (in the text), whatever the spelling there."""
    ogm = reference_of(db, "C-2026-0002")
    digits = ogm.strip("+").replace("/", "")
    written = text.format(ogm=ogm, digits=digits, digits3=digits[:3], digits4=digits[3:7],
                          digits5=digits[7:])  # fmt: skip
    unknown = "+++090/9337/55493+++"  # valid, but no case's: unmatched
    path = tmp_path / "s.xml"
    path.write_bytes(
        camt(
            camt_entry("250.00", reference=ogm, text=written, payer="ACME", bank_ref="R1"),
            camt_entry("9.00", reference=unknown, text=unknown, payer="X", bank_ref="R2"),
        )
    )
    code, out, _ = run(db, str(path), capsys=capsys)
    assert code == 0
    said = [line for line in out.splitlines() if digits[7:] in line and "entry" not in line]
    assert len(said) == 1 and said[0].count(digits[7:]) == 1, out
    other = [line for line in out.splitlines() if "55493" in line]
    assert len(other) == 1 and other[0].count("55493") == 1, out


def test_a_reference_and_other_text_are_both_shown(tmp_path, db, capsys):
    ogm = reference_of(db, "C-2026-0002")
    path = tmp_path / "s.xml"
    path.write_bytes(camt(camt_entry("250.00", reference=ogm, text="invoice 2026-102 thanks",
                                     payer="ACME", bank_ref="R1")))  # fmt: skip
    code, out, _ = run(db, str(path), capsys=capsys)
    assert code == 0
    assert f"{ogm} · invoice 2026-102 thanks" in out


def test_casetui_undo_of_a_statement_payment_forgets_the_account_it_taught(tmp_path, db, capsys):
    """The probable match from an account Acme never paid from before teaches it; `casetui
    undo CASE` on that payment takes it back, as the bank screen's undo does."""
    new_iban = "BE71096123456769"
    path = tmp_path / "s.xml"
    path.write_bytes(camt(camt_entry("250.00", payer="Acme BV", iban=new_iban, bank_ref="R9")))
    code, out, _ = run(db, str(path), "--accept-probable", capsys=capsys)
    assert code == 0 and "C-2026-0002" in out
    with Ledger.open(db, readonly=True) as ledger:
        customer_id = ledger.case("C-2026-0002").customer_id
        assert new_iban in ledger.customer(customer_id).ibans
    assert main(["--db", str(db), "--today", "2026-11-23", "undo", "C-2026-0002"]) == 0
    capsys.readouterr()
    with Ledger.open(db, readonly=True) as ledger:
        assert ledger.customer(customer_id).ibans == (ACME_IBAN,)
        assert ledger.case("C-2026-0002").closed is None
