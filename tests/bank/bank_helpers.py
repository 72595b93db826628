"""Shared helpers for the bank tests (a plain module: no conftest name to clash with)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from xml.sax.saxutils import escape

from casetui.bank.index import build_index
from casetui.bank.matching import match_file
from casetui.bank.records import Entry, Statement, StatementFile
from casetui.ledger import Ledger
from casetui.model import Customer, CustomerKind, Opened
from casetui.money import Money

REPO_ROOT = Path(__file__).resolve().parents[2]
# Byte-for-byte copies of ../shared/fixtures/bank (sources and licences in its README.md).
FIXTURES = REPO_ROOT / "tests" / "fixtures" / "bank"


def fixture(name: str) -> Path:
    found = list(FIXTURES.glob(f"*/{name}"))
    assert len(found) == 1, name
    return found[0]


def add_case(
    ledger: Ledger,
    customer_name: str,
    invoice: str,
    amount: str,
    *,
    due: date = date(2026, 10, 31),
    issued: date | None = None,
    reference: str = "",
    currency: str = "EUR",
    ibans: tuple[str, ...] = (),
) -> str:
    """A case (and its customer, made on first use); returns the case id."""
    found = ledger.find_customer(customer_name)
    if found is None:
        found = ledger.add_customer(
            Customer(
                id="", name=customer_name, kind=CustomerKind.BUSINESS, country="BE", ibans=ibans
            )
        )
    issued = issued or date(due.year, due.month, 1)
    state = ledger.open_case(
        Opened(
            date=issued,
            invoice=invoice,
            customer_id=found.id,
            issued=issued,
            due=due,
            amount=Money(Decimal(amount), currency),
            reference=reference,
        )
    )
    return state.id


def entry(
    amount: str,
    *,
    text: str = "",
    reference: str = "",
    payer: str = "",
    iban: str = "",
    bank_ref: str = "",
    day: date = date(2026, 11, 20),
    is_return: bool = False,
    reason: str = "",
    end_to_end: str = "",
    currency: str = "EUR",
) -> Entry:
    return Entry(
        where="entry",
        booked_on=day,
        amount=Decimal(amount),
        currency=currency,
        payer=payer,
        iban=iban,
        reference=reference,
        text=text,
        bank_ref=bank_ref,
        end_to_end=end_to_end,
        is_return=is_return,
        return_reason=reason,
    )


def statement(*entries: Entry, account: str = "BE68539007547034") -> StatementFile:
    return StatementFile(
        source="test",
        format="camt",
        sha256="0" * 64,
        statements=(
            Statement(
                format="camt",
                account=account,
                currency="EUR",
                entries=tuple(entries),
                movement=sum((e.amount for e in entries), Decimal(0)),
            ),
        ),
    )


def match(ledger: Ledger, *entries: Entry, country: str = "BE", accept_probable: bool = False):
    """Match entries against the ledger (nothing is written)."""
    index = build_index(ledger, country)
    return match_file(index, statement(*entries), accept_probable=accept_probable)


# --------------------------------------------------------------------------- camt files


def camt_entry(
    amount: str,
    *,
    credit: bool = True,
    reference: str = "",
    text: str = "",
    payer: str = "",
    iban: str = "",
    bank_ref: str = "",
    day: str = "2026-11-20",
    reversal: bool = False,
    return_code: str = "",
    end_to_end: str = "",
) -> str:
    """One `Ntry` of a camt.053.001.08 statement."""
    side = "Dbtr" if credit != reversal else "Cdtr"
    parts = []
    if payer:
        parts.append(f"<{side}><Pty><Nm>{escape(payer)}</Nm></Pty></{side}>")
    if iban:
        parts.append(f"<{side}Acct><Id><IBAN>{iban}</IBAN></Id></{side}Acct>")
    remittance = ""
    if reference:
        remittance += (
            "<Strd><CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry></Tp>"
            f"<Ref>{escape(reference)}</Ref></CdtrRefInf></Strd>"
        )
    if text:
        remittance += f"<Ustrd>{escape(text)}</Ustrd>"
    returned = f"<RtrInf><Rsn><Cd>{return_code}</Cd></Rsn></RtrInf>" if return_code else ""
    refs = f"<Refs><EndToEndId>{escape(end_to_end)}</EndToEndId></Refs>" if end_to_end else ""
    return (
        f'<Ntry><Amt Ccy="EUR">{amount}</Amt><CdtDbtInd>{"CRDT" if credit else "DBIT"}'
        f"</CdtDbtInd>{'<RvslInd>true</RvslInd>' if reversal else ''}<Sts><Cd>BOOK</Cd></Sts>"
        f"<BookgDt><Dt>{day}</Dt></BookgDt>"
        + (f"<AcctSvcrRef>{escape(bank_ref)}</AcctSvcrRef>" if bank_ref else "")
        + f"<NtryDtls><TxDtls>{refs}<RltdPties>{''.join(parts)}</RltdPties>"
        f"<RmtInf>{remittance}</RmtInf>{returned}</TxDtls></NtryDtls></Ntry>"
    )


def camt(
    *entries: str,
    opening: str = "1000.00",
    closing: str | None = None,
    account: str = "BE68539007547034",
    statement_id: str = "S1",
) -> bytes:
    """A camt.053.001.08 statement; `closing` defaults to what makes the balances add up."""
    if closing is None:
        total = Decimal(opening)
        for text in entries:
            amount = Decimal(text.split('">', 1)[1].split("<", 1)[0])
            total += amount if "<CdtDbtInd>CRDT" in text else -amount
        closing = f"{total:.2f}"

    def balance(code: str, value: str) -> str:
        sign = "DBIT" if value.startswith("-") else "CRDT"
        return (
            f"<Bal><Tp><CdOrPrtry><Cd>{code}</Cd></CdOrPrtry></Tp>"
            f'<Amt Ccy="EUR">{value.lstrip("-")}</Amt><CdtDbtInd>{sign}</CdtDbtInd>'
            "<Dt><Dt>2026-11-20</Dt></Dt></Bal>"
        )

    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt>'
        f"<GrpHdr><MsgId>M1</MsgId></GrpHdr><Stmt><Id>{statement_id}</Id>"
        f"<Acct><Id><IBAN>{account}</IBAN></Id><Ccy>EUR</Ccy></Acct>"
        + balance("OPBD", opening)
        + balance("CLBD", closing)
        + "".join(entries)
        + "</Stmt></BkToCstmrStmt></Document>"
    ).encode("utf-8")
