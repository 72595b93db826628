"""How long reading a 10,000-entry bank statement against a 10,000-case ledger takes.

Builds a synthetic ledger (10,000 open EUR cases of 2,000 Belgian customers, half of them
with a known account) and a camt.053 statement of 10,000 entries whose balances add up:
50 % pay a case in full by its OGM, 5 % pay part of one by its OGM, 15 % name invoices of the
payer in the text, 10 % are probable (known account, amount of one case), 10 % come from
unknown payers and 10 % are debits. Then, per run on a fresh copy of the ledger: parse, open
the ledger for writing, build the index and match, record (evidence + one commit), close;
and reading the same statement again (nothing to record). With `--scaling` it also matches
the statement against ledgers of 1,000 and 10,000 cases,
to show that matching does not grow with cases x entries.

    uv run python benchmarks/bank_match.py [--cases 10000] [--entries 10000] [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import orjson

from casetui.bank.index import build_index
from casetui.bank.matching import match_file
from casetui.bank.read import parse_statement_bytes
from casetui.bank.record import record_matches
from casetui.ledger import Ledger
from casetui.letters.references import payment_reference
from casetui.model import Customer, CustomerKind, Opened
from casetui.money import Money
from casetui.profile import Profile

COUNTRY = "BE"
# The ladder and limitation settings of the profile the CLI run is given (a Belgian
# business): the ledger's index rows are built with them, as a user's own ledger is, so the
# command does not spend its time rebuilding every row for another policy.
POLICY = Profile(country=COUNTRY).ladder_policy()
REPO = Path(__file__).resolve().parents[1]


def iban(number: int) -> str:
    """A valid Belgian IBAN for a customer number (check digits computed)."""
    bban = f"{number:012d}"
    check = 98 - int(bban + "111400") % 97  # "BE" = 11 14, then "00"
    return f"BE{check:02d}{bban}"


def build_ledger(path: Path, cases: int, rng: random.Random) -> list[tuple[str, str, Decimal, str]]:
    """The ledger; returns (case id, invoice, amount, customer account or "") per case."""
    customers = max(1, cases // 5)
    batch = []
    facts = []
    with Ledger.open(path, backup=False, policy=POLICY) as ledger, ledger.transaction():
        known: list[Customer] = []
        for number in range(customers):
            account = (iban(number + 1),) if number % 2 == 0 else ()
            known.append(
                ledger.add_customer(
                    Customer(
                        id="",
                        name=f"Customer {number} BV",
                        kind=CustomerKind.BUSINESS,
                        country="BE",
                        ibans=account,
                    )
                )
            )
        for number in range(cases):
            customer = known[number % customers]
            issued = date(2026, 1, 1) + timedelta(days=rng.randrange(300))
            amount = Decimal(rng.randrange(5_000, 500_000)).scaleb(-2)
            invoice = f"F2026-{number:06d}"
            batch.append(
                (
                    Opened(
                        date=issued,
                        invoice=invoice,
                        customer_id=customer.id,
                        issued=issued,
                        due=issued + timedelta(days=30),
                        amount=Money(amount, "EUR"),
                    ),
                    None,
                )
            )
            facts.append(
                (invoice, amount, customer.ibans[0] if customer.ibans else "", customer.name)
            )
        ids = ledger.open_cases(batch, 2026)
    return [(case_id, *fact) for case_id, fact in zip(ids, facts, strict=True)]


def _entry(
    amount: Decimal, credit: bool, payer: str, account: str, reference: str, text: str, ref: str
) -> str:
    party = "Dbtr" if credit else "Cdtr"
    parties = f"<{party}><Nm>{payer}</Nm></{party}>" if payer else ""
    if account:
        parties += f"<{party}Acct><Id><IBAN>{account}</IBAN></Id></{party}Acct>"
    remittance = f"<Ustrd>{text}</Ustrd>" if text else ""
    if reference:
        remittance += (
            "<Strd><CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry><Issr>BBA"
            f"</Issr></Tp><Ref>{reference}</Ref></CdtrRefInf></Strd>"
        )
    return (
        f'<Ntry><Amt Ccy="EUR">{amount:f}</Amt><CdtDbtInd>{"CRDT" if credit else "DBIT"}'
        "</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2026-11-20</Dt></BookgDt>"
        f"<AcctSvcrRef>{ref}</AcctSvcrRef><NtryDtls><TxDtls><RltdPties>{parties}"
        f"</RltdPties><RmtInf>{remittance}</RmtInf></TxDtls></NtryDtls></Ntry>"
    )


def build_statement(ledger_path: Path, facts, entries: int, rng: random.Random) -> bytes:
    with Ledger.open(ledger_path, readonly=True, policy=POLICY) as ledger:
        references = {cid: payment_reference(COUNTRY, ledger.case(cid)) for cid, *_ in facts}
    order = list(range(len(facts)))
    rng.shuffle(order)
    parts = []
    total = Decimal(0)
    for number in range(entries):
        case_id, invoice, amount, account, name = facts[order[number % len(order)]]
        kind = number % 20
        ogm = references[case_id].strip("+").replace("/", "")
        if kind < 10:
            entry = (
                amount,
                True,
                name.upper(),
                account,
                ogm,
                "",
            )
        elif kind == 10:
            entry = ((amount / 2).quantize(Decimal("0.01")), True, name, account, ogm, "")
        elif kind < 14:
            entry = (amount, True, name, account, "", f"factuur {invoice}")
        elif kind < 16:
            entry = (amount, True, "", account or iban(10**9 + number), "", "thanks")
        elif kind < 18:
            entry = (Decimal("42.00"), True, f"Stranger {number}", iban(10**8 + number), "", "?")
        else:
            entry = (Decimal("19.99"), False, "Supplier", iban(7), "", "purchase")
        total += entry[0] if entry[1] else -entry[0]
        parts.append(_entry(*entry, ref=f"BENCH-{number:06d}"))

    def balance(code: str, value: Decimal) -> str:
        sign = "CRDT" if value >= 0 else "DBIT"
        return (
            f'<Bal><Tp><CdOrPrtry><Cd>{code}</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">'
            f"{abs(value):f}</Amt><CdtDbtInd>{sign}</CdtDbtInd><Dt><Dt>2026-11-20</Dt></Dt>"
            "</Bal>"
        )

    opening = Decimal("10000.00")
    return (
        '<?xml version="1.0" encoding="UTF-8"?><Document xmlns="urn:iso:std:iso:20022:tech:'
        'xsd:camt.053.001.02"><BkToCstmrStmt><GrpHdr><MsgId>B</MsgId></GrpHdr><Stmt><Id>S</Id>'
        "<Acct><Id><IBAN>BE68539007547034</IBAN></Id><Ccy>EUR</Ccy></Acct>"
        + balance("OPBD", opening)
        + balance("CLBD", opening + total)
        + "".join(parts)
        + "</Stmt></BkToCstmrStmt></Document>"
    ).encode()


def copy_ledger(template: Path, folder: Path) -> Path:
    """A fresh copy of the template ledger (snapshot and journal) in `folder`."""
    for source in template.parent.iterdir():
        if source.is_file() and not source.name.endswith(".lock"):
            shutil.copy(source, folder / source.name)
    return folder / template.name


def _stats(timings: list[float]) -> dict[str, float]:
    return {
        "median_s": round(statistics.median(timings), 4),
        "min_s": round(min(timings), 4),
        "max_s": round(max(timings), 4),
    }


def time_run(template: Path, data: bytes, runs: int) -> dict[str, object]:
    steps: dict[str, list[float]] = {
        "parse": [], "open": [], "match": [], "record": [], "close": [], "total": [],
        "total_cpu": [], "reread_unchanged": [],
    }  # fmt: skip
    counts: dict[str, int] = {}
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as folder:
            db = copy_ledger(template, Path(folder))
            cpu = time.process_time()
            start = time.perf_counter()
            parsed = parse_statement_bytes(data, source="bench.xml")
            parsed_at = time.perf_counter()
            ledger = Ledger.open(db, backup=False, policy=POLICY)
            opened_at = time.perf_counter()
            matches = match_file(build_index(ledger, COUNTRY), parsed)
            matched_at = time.perf_counter()
            written = record_matches(
                ledger,
                [m for m in matches if m.match == "exact"],
                data=data,
                sha256=parsed.sha256,
                format=parsed.format,
            )
            recorded_at = time.perf_counter()
            ledger.close()
            closed_at = time.perf_counter()
            steps["total_cpu"].append(time.process_time() - cpu)
            for name, took in (
                ("parse", parsed_at - start),
                ("open", opened_at - parsed_at),
                ("match", matched_at - opened_at),
                ("record", recorded_at - matched_at),
                ("close", closed_at - recorded_at),
                ("total", closed_at - start),
            ):
                steps[name].append(took)
            counts = {
                kind: sum(1 for m in matches if m.match == kind)
                for kind in ("exact", "probable", "unmatched", "ignored", "known")
            }
            counts["recorded"] = len(written)
            start = time.perf_counter()
            parsed = parse_statement_bytes(data, source="bench.xml")
            with Ledger.open(db, readonly=True, policy=POLICY) as ledger:
                again = match_file(build_index(ledger, COUNTRY), parsed)
            steps["reread_unchanged"].append(time.perf_counter() - start)
            assert not any(m.match == "exact" for m in again)
    return {"matches": counts, **{name: _stats(t) for name, t in steps.items()}}


def time_cli(template: Path, path: Path, runs: int) -> dict[str, float]:
    """`casetui bank FILE` as a user runs it: process start to exit, and the CPU time it
    took (user + system: steadier than wall time on a shared machine)."""
    timings = []
    cpu = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as folder:
            db = copy_ledger(template, Path(folder))
            env = {**os.environ, "CASETUI_CONFIG_DIR": str(Path(folder) / "config")}
            config = Path(folder) / "config"
            config.mkdir()
            (config / "profile.toml").write_text('[business]\ncountry = "BE"\n')
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "casetui", "--db", str(db), "bank", str(path)],
                check=True,
                capture_output=True,
                env=env,
                cwd=REPO,
            )
            timings.append(time.perf_counter() - start)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return {**_stats(timings), "cpu_median_s": round(statistics.median(cpu), 4)}


def match_per_entry(cases: int, entries: int, rng: random.Random) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "ledger.json"
        facts = build_ledger(db, cases, rng)
        parsed = parse_statement_bytes(build_statement(db, facts, entries, rng), source="s")
        with Ledger.open(db, readonly=True, policy=POLICY) as ledger:
            start = time.perf_counter()
            index = build_index(ledger, COUNTRY)
            indexed = time.perf_counter()
            match_file(index, parsed)
            done = time.perf_counter()
    return {
        "cases": cases,
        "entries": entries,
        "index_s": round(indexed - start, 4),
        "match_s": round(done - indexed, 4),
        "match_us_per_entry": round((done - indexed) / entries * 1e6, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--scaling", action="store_true", help="also 1k vs 10k cases")
    args = parser.parse_args()
    rng = random.Random(2026)
    report: dict[str, object] = {
        "benchmark": "bank_match",
        "cases": args.cases,
        "entries": args.entries,
        "runs": args.runs,
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "load_average_1m": round(os.getloadavg()[0], 2),
    }
    with tempfile.TemporaryDirectory() as folder:
        template = Path(folder) / "template" / "ledger.json"
        template.parent.mkdir()
        facts = build_ledger(template, args.cases, rng)
        data = build_statement(template, facts, args.entries, rng)
        statement = Path(folder) / "statement.xml"
        statement.write_bytes(data)
        report["statement_bytes"] = len(data)
        report["in_process"] = time_run(template, data, args.runs)
        report["cli_process"] = time_cli(template, statement, args.runs)
    if args.scaling:
        report["scaling"] = [match_per_entry(cases, args.entries, rng) for cases in (1_000, 10_000)]
    print(orjson.dumps(report, option=orjson.OPT_INDENT_2).decode())


if __name__ == "__main__":
    main()
