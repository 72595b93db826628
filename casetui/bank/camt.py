"""ISO 20022 bank-to-customer statements: camt.053 (statement), camt.054 (debit/credit
notification) and camt.052 (account report), versions 001.02 to 001.13.

Read with the same hardened XML parser as UBL invoices (no DTD, no entities, bounded depth),
and by namespace: the document's namespace names the message and its version, and every
element is looked up in it, whatever prefix the file uses.

Where things are (ISO 20022 names): an entry `Ntry` has `Amt`, `CdtDbtInd`, `RvslInd`,
`Sts`, `BookgDt`, `ValDt`, `AcctSvcrRef`, `AddtlNtryInf`, and one or more
`NtryDtls/TxDtls`. A transaction detail has `Refs` (`AcctSvcrRef`, `EndToEndId`), its own
`Amt` (001.04+) or `AmtDtls/TxAmt/Amt` (001.02), the parties (`RltdPties/Dbtr/Nm` in 001.02,
`Dbtr/Pty/Nm` from 001.08; `DbtrAcct/Id/IBAN`), the remittance (`RmtInf/Ustrd`, repeatable,
and `RmtInf/Strd/CdtrRefInf/Ref`) and, for a return, `RtrInf/Rsn/Cd`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from decimal import Decimal, InvalidOperation
from xml.etree.ElementTree import Element

from casetui.bank.records import Balance, Entry, Statement
from casetui.importers.errors import FileRefused
from casetui.importers.text import squash
from casetui.importers.xmlsafe import parse_xml

_NAMESPACE = re.compile(r"\{urn:iso:std:iso:20022:tech:xsd:camt\.(05[234])\.001\.(\d{2})\}")
# The message's body element and the element of each statement in it.
_BODIES = {
    "053": ("BkToCstmrStmt", "Stmt"),
    "054": ("BkToCstmrDbtCdtNtfctn", "Ntfctn"),
    "052": ("BkToCstmrAcctRpt", "Rpt"),
}
_KNOWN_VERSIONS = range(2, 14)
_AMOUNT = re.compile(r"\d{1,18}(?:\.\d{1,5})?")
_NOT_PROVIDED = {"", "NOTPROVIDED", "NONREF"}


class _Reader:
    """Namespaced look-ups in one document."""

    def __init__(self, namespace: str) -> None:
        self.ns = namespace
        self._split: dict[str, tuple[str, ...]] = {}

    def _steps(self, path: str) -> tuple[str, ...]:
        found = self._split.get(path)
        if found is None:
            found = tuple(f"{self.ns}{part}" for part in path.split("/"))
            self._split[path] = found
        return found

    def find(self, element: Element | None, path: str) -> Element | None:
        # One tag at a time: a plain tag is looked up by the C accelerator, a path with
        # slashes goes through ElementPath's Python code (half the time of a 10k statement).
        for step in self._steps(path):
            if element is None:
                return None
            element = element.find(step)
        return element

    def findall(self, element: Element | None, path: str) -> list[Element]:
        # Step by step, as `find`: each plain tag by the C accelerator, in document order.
        found = [] if element is None else [element]
        for step in self._steps(path):
            found = [child for parent in found for child in parent.findall(step)]
        return found

    def text(self, element: Element | None, *paths: str) -> str:
        """The squashed text of the first of `paths` that is there and not empty."""
        for path in paths:
            found = self.find(element, path)
            if found is not None and found.text and found.text.strip():
                return squash(found.text)
        return ""


def _amount(element: Element | None, where: str, source: str) -> tuple[Decimal, str]:
    if element is None:
        raise FileRefused(source, f"{where}: no amount")
    raw = (element.text or "").strip()
    currency = (element.get("Ccy") or "").strip().upper()
    if not _AMOUNT.fullmatch(raw):
        raise FileRefused(source, f"{where}: not an amount: {raw[:40]!r}")
    if not re.fullmatch(r"[A-Z]{3}", currency):
        raise FileRefused(source, f"{where}: amount {raw} without a currency (Ccy)")
    try:
        return Decimal(raw), currency
    except InvalidOperation:  # pragma: no cover - the pattern only lets digits through
        raise FileRefused(source, f"{where}: not an amount: {raw!r}") from None


def _day(text: str) -> date | None:
    """`2014-01-05`, or the date part of `2014-12-31T13:15:00+01:00` (the bank's own day)."""
    if not text:
        return None
    try:
        return date.fromisoformat(text.strip()[:10])
    except ValueError:
        return None


def _signed(amount: Decimal, indicator: str, where: str, source: str) -> Decimal:
    if indicator == "CRDT":
        return amount
    if indicator == "DBIT":
        return -amount
    raise FileRefused(source, f"{where}: credit/debit indicator {indicator!r} is not CRDT or DBIT")


def _account(reader: _Reader, statement: Element) -> str:
    account = reader.text(statement, "Acct/Id/IBAN", "Acct/Id/Othr/Id")
    return account.replace(" ", "")


def _balances(
    reader: _Reader, statement: Element, where: str, source: str
) -> tuple[Balance | None, Balance | None]:
    found: dict[str, Balance] = {}
    for balance in reader.findall(statement, "Bal"):
        code = reader.text(balance, "Tp/CdOrPrtry/Cd", "Tp/CdOrPrtry/Prtry").upper()
        amount, currency = _amount(reader.find(balance, "Amt"), f"{where}, balance {code}", source)
        indicator = reader.text(balance, "CdtDbtInd").upper()
        signed = _signed(amount, indicator, f"{where}, balance {code}", source)
        day = _day(reader.text(balance, "Dt/Dt", "Dt/DtTm"))
        found.setdefault(code, Balance(signed, currency, day))
    # Opening: OPBD, or the previous closing PRCD; closing: CLBD.
    return found.get("OPBD") or found.get("PRCD"), found.get("CLBD")


def _party(reader: _Reader, details: Element, side: str) -> tuple[str, str]:
    name = reader.text(details, f"RltdPties/{side}/Nm", f"RltdPties/{side}/Pty/Nm")
    if not name:
        name = reader.text(details, f"RltdPties/Ultmt{side}/Nm", f"RltdPties/Ultmt{side}/Pty/Nm")
    account = reader.text(
        details, f"RltdPties/{side}Acct/Id/IBAN", f"RltdPties/{side}Acct/Id/Othr/Id"
    )
    return name, account.replace(" ", "")


def _texts(reader: _Reader, details: Element | None, *paths: str) -> list[str]:
    texts: list[str] = []
    for path in paths:
        for element in reader.findall(details, path):
            value = squash("".join(element.itertext()))
            if value and value not in texts:
                texts.append(value)
    return texts


def _detail_amount(
    reader: _Reader, details: Element, currency: str, where: str, source: str
) -> Decimal | None:
    element = reader.find(details, "Amt")
    if element is None:  # 001.02 puts it in AmtDtls (an Element without children is falsy)
        element = reader.find(details, "AmtDtls/TxAmt/Amt")
    if element is None:
        return None
    amount, detail_currency = _amount(element, where, source)
    return amount if detail_currency == currency else None


def _entry_parts(reader: _Reader, entry: Element, number: int, source: str) -> Iterator[Entry]:
    where = f"entry {number}"
    amount, currency = _amount(reader.find(entry, "Amt"), where, source)
    indicator = reader.text(entry, "CdtDbtInd").upper()
    signed = _signed(amount, indicator, where, source)
    reversal = reader.text(entry, "RvslInd").lower() in ("true", "1")
    booked_on = _day(reader.text(entry, "BookgDt/Dt", "BookgDt/DtTm"))
    value_date = _day(reader.text(entry, "ValDt/Dt", "ValDt/DtTm"))
    if booked_on is None:
        booked_on = value_date
    if booked_on is None:
        raise FileRefused(source, f"{where}: no booking date (BookgDt)")
    entry_ref = reader.text(entry, "AcctSvcrRef", "NtryRef")
    entry_text = _texts(reader, entry, "AddtlNtryInf")
    details = reader.findall(entry, "NtryDtls/TxDtls")
    amounts = [_detail_amount(reader, d, currency, where, source) for d in details]
    split = (
        len(details) > 1
        and all(value is not None and value > 0 for value in amounts)
        and sum(value for value in amounts if value is not None) == amount
    )
    parts: list[tuple[Element | None, Decimal, str]]
    if split:
        sign = 1 if signed > 0 else -1
        parts = [
            (detail, sign * value, f"{where}, part {index}")
            for index, (detail, value) in enumerate(zip(details, amounts, strict=True), 1)
            if value is not None
        ]
    else:
        # One booking: its first detail (if any) says who paid and why.
        parts = [(details[0] if details else None, signed, where)]
    side_order = ("Dbtr", "Cdtr") if (signed > 0) != reversal else ("Cdtr", "Dbtr")
    for detail, part_amount, part_where in parts:
        payer, iban = "", ""
        for side in side_order:
            if detail is not None and not (payer or iban):
                payer, iban = _party(reader, detail, side)
        references = _texts(reader, detail, "RmtInf/Strd/CdtrRefInf/Ref")
        text = _texts(reader, detail, "RmtInf/Ustrd", "RmtInf/Strd/AddtlRmtInf", "AddtlTxInf")
        if not split:
            text += [line for line in entry_text if line not in text]
        returned = reader.find(detail, "RtrInf") is not None
        reason = reader.text(detail, "RtrInf/Rsn/Cd", "RtrInf/Rsn/Prtry")
        bank_ref = reader.text(detail, "Refs/AcctSvcrRef") if split else ""
        end_to_end = reader.text(detail, "Refs/EndToEndId")
        yield Entry(
            where=part_where,
            booked_on=booked_on,
            value_date=value_date,
            amount=part_amount,
            currency=currency,
            payer=payer,
            iban=iban,
            reference=references[0] if references else "",
            text=" / ".join(text),
            bank_ref=bank_ref or entry_ref or reader.text(detail, "Refs/AcctSvcrRef"),
            end_to_end="" if end_to_end.upper() in _NOT_PROVIDED else end_to_end,
            is_return=reversal or returned,
            return_reason=reason,
        )


def _statement(
    reader: _Reader, element: Element, number: int, first_entry: int, source: str
) -> tuple[Statement, int]:
    where = f"statement {number}"
    opening, closing = _balances(reader, element, where, source)
    account = _account(reader, element)
    currency = reader.text(element, "Acct/Ccy").upper()
    entries: list[Entry] = []
    movement = Decimal(0)
    warnings: list[str] = []
    pending = 0
    index = first_entry
    for entry in reader.findall(element, "Ntry"):
        index += 1
        status = reader.text(entry, "Sts", "Sts/Cd").upper()
        if status and status != "BOOK":
            pending += 1  # pending or information only: not on the account yet
            continue
        parts = list(_entry_parts(reader, entry, index, source))
        booked = sum((part.amount for part in parts), Decimal(0))
        movement += booked
        entries.extend(parts)
    if pending:
        warnings.append(f"{where}: {pending} entries not booked yet (status other than BOOK)")
    if not currency:
        known = [entry.currency for entry in entries] + [
            b.currency for b in (opening, closing) if b
        ]
        currency = known[0] if known else ""
    statement = Statement(
        format="camt",
        account=account,
        currency=currency,
        entries=tuple(entries),
        movement=movement,
        opening=opening,
        closing=closing,
        period_from=_day(reader.text(element, "FrToDt/FrDtTm", "FrToDt/FrDt")),
        period_to=_day(reader.text(element, "FrToDt/ToDtTm", "FrToDt/ToDt")),
        statement_id=reader.text(element, "Id"),
        warnings=tuple(warnings),
    )
    return statement, index


def parse_camt(data: bytes, source: str) -> tuple[tuple[Statement, ...], tuple[str, ...]]:
    """The statements of a camt.052/053/054 document, and warnings about the file."""
    root = parse_xml(data, source, what="bank statements")
    match = _NAMESPACE.match(root.tag)
    if match is None or not root.tag.endswith("}Document"):
        raise FileRefused(
            source, f"not an ISO 20022 camt.053/054 statement (root element {root.tag[:120]!r})"
        )
    message, version = match[1], int(match[2])
    warnings: list[str] = []
    if version not in _KNOWN_VERSIONS:
        warnings.append(
            f"camt.{message}.001.{version:02d} is a version casetui does not know "
            "(it reads 001.02 to 001.13); read like 001.13"
        )
    reader = _Reader(match[0])
    body_name, statement_name = _BODIES[message]
    body = reader.find(root, body_name)
    if body is None:
        raise FileRefused(source, f"camt.{message}: no {body_name} element")
    statements: list[Statement] = []
    entries_seen = 0
    for number, element in enumerate(reader.findall(body, statement_name), 1):
        statement, entries_seen = _statement(reader, element, number, entries_seen, source)
        statements.append(statement)
    if not statements:
        raise FileRefused(source, f"camt.{message}: the file holds no {statement_name} element")
    return tuple(statements), tuple(warnings)
