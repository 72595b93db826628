"""Bank statements exported as CSV (BE, NL and UK banks): one row per movement.

The header row is found and mapped as for invoice lists (`casetui.importers.csvread`,
`columns`): encodings with or without BOM, `,` `;` tab or `|`, header synonyms compared
without case, accents or punctuation, `--map FIELD=COLUMN` first. Amounts and dates are
decided per column (`importers.values`): decimal commas, `1.234,56`, DD/MM/YYYY.

The sign of a movement comes from a signed amount column, from separate credit and debit
columns (Lloyds' "Credit Amount"/"Debit Amount", KBC's "credit"/"debet"), or from a
direction column (ING NL's "Af Bij": `Af` is a debit).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from decimal import Decimal

from casetui.bank.records import Entry, Statement
from casetui.checks import check_currency
from casetui.importers.columns import check_mapping, missing_mapped_columns, synonyms
from casetui.importers.csvread import Row, read_table
from casetui.importers.errors import FileRefused
from casetui.importers.text import clean, key
from casetui.importers.values import (
    AmountColumn,
    CellError,
    DateColumn,
    decide_amount_column,
    decide_date_column,
)

# field -> (label, synonyms best first)
BANK_FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "date": ("booking date", (
        "Boekingsdatum", "Booking Date", "Transaction Date", "Date", "Datum",
        "Uitvoeringsdatum", "Date de comptabilisation", "Date d'exécution", "Date comptable",
        "Buchungstag", "Buchungsdatum", "Posting Date", "Completed Date", "Started Date",
    )),
    "value_date": ("value date", (
        "Valutadatum", "Value Date", "Rentedatum", "Date valeur", "Date de valeur",
        "Valuta", "Wertstellung",
    )),
    "amount": ("amount", (
        "Bedrag", "Amount", "Montant", "Betrag", "Bedrag (EUR)", "Amount (GBP)",
        "Amount (EUR)", "Transactiebedrag", "Value",
    )),
    "credit": ("credit amount", (
        "Credit Amount", "Credit", "Paid in", "Money In", "Bij", "Crédit", "Haben",
    )),
    "debit": ("debit amount", (
        "Debit Amount", "Debit", "Debet", "Paid out", "Money Out", "Af", "Débit", "Soll",
    )),
    "direction": ("debit/credit", (
        "Af Bij", "Af/Bij", "Debit/Credit", "Credit/Debit", "D/C", "C/D", "Debet/Credit",
        "Soll/Haben",
    )),
    "currency": ("currency", (
        "Munt", "Munteenheid", "Currency", "Devies", "Devise", "Valuta rekening", "Währung",
    )),
    "payer": ("counterparty name", (
        "Naam tegenpartij", "Naam van de tegenpartij", "Naam tegenpartij bevat",
        "Counterparty Name", "Counterparty", "Counter Party", "Naam / Omschrijving",
        "Tegenpartij", "Nom de la contrepartie", "Contrepartie", "Payer", "Payee", "Name",
        "Beneficiary", "Auftraggeber / Empfänger", "Beguenstigter/Zahlungspflichtiger",
    )),
    "iban": ("counterparty account", (
        "Rekening tegenpartij", "Rekeningnummer tegenpartij", "Tegenrekening",
        "Tegenrekening IBAN/BBAN", "IBAN tegenpartij", "Counterparty Account",
        "Counterparty IBAN", "Compte contrepartie", "Compte de la contrepartie",
        "IBAN Auftraggeber", "Kontonummer/IBAN",
    )),
    "reference": ("structured reference", (
        "Gestructureerde mededeling", "Structured communication", "Communication structurée",
        "Betalingskenmerk", "Payment Reference", "Reference", "Référence", "Referentie",
    )),
    "text": ("communication", (
        "Mededeling", "Mededelingen", "Vrije mededeling", "Communication", "Communications",
        "Omschrijving", "Omschrijving-1", "Description", "Transaction Description", "Memo",
        "Details", "Bericht", "Libellé", "Verwendungszweck", "Notes", "Detail van de omzet",
        "Remittance Information", "Remittance Info", "Remittance", "Unstructured Remittance",
        "Narrative", "Payment Details", "Omschrijving-2", "Mitteilung",
    )),
    "bank_ref": ("bank reference", (
        "Transactienummer", "Omzetnummer", "Volgnummer", "Volgnr", "Transaction ID",
        "Transaction Reference", "Référence de l'opération", "Numéro de transaction",
    )),
    "account": ("your account", (
        "Rekeningnummer", "Rekening", "IBAN/BBAN", "Account", "Account Number", "Compte",
        "Numéro de compte", "Auftragskonto",
    )),
}  # fmt: skip


def _with_field_names(table: dict[str, tuple[str, int]]) -> dict[str, tuple[str, int]]:
    """A column headed with a field's own name (`text`, `bank_ref`: what `--map` calls it)
    is that field, after every real synonym."""
    for field, (_label, names) in BANK_FIELDS.items():
        table.setdefault(key(field), (field, len(names)))
    return table


_SYNONYMS = _with_field_names(synonyms(BANK_FIELDS))
_COMPACT_DATE = re.compile(r"(?:19|20)\d{6}")
_EXPECTED = "'Date', 'Amount', 'Counterparty', 'IBAN', 'Communication'"
_DEBIT_WORDS = frozenset(key(word) for word in ("af", "d", "debit", "debet", "dbit", "-", "soll"))


def _money_columns(columns: Mapping[str, int], headers: tuple[str, ...], source: str) -> None:
    if "amount" not in columns and not ({"credit", "debit"} & columns.keys()):
        found = ", ".join(repr(cell) for cell in headers if cell.strip()) or "none"
        raise FileRefused(
            source,
            f"no amount column (e.g. 'Amount', 'Bedrag', or 'Credit'/'Debit'); columns found: "
            f"{found}. Name it with --map amount=COLUMN",
        )
    if "date" not in columns:
        raise FileRefused(
            source, "no booking date column (e.g. 'Date', 'Boekingsdatum'); name it with --map"
        )


class _Cells:
    def __init__(self, columns: Mapping[str, int], rows: tuple[Row, ...], dayfirst: bool) -> None:
        self.columns = columns
        self.amounts: dict[str, AmountColumn] = {}
        self.dates: dict[str, DateColumn] = {}
        for name in ("amount", "credit", "debit"):
            if name in columns:
                values = [v for row in rows if (v := self.raw(row, name))]
                self.amounts[name] = decide_amount_column(values, name)
        for name in ("date", "value_date"):
            if name in columns:
                column = decide_date_column([v for row in rows if (v := self.raw(row, name))])
                if column.order is None and column.ambiguous:
                    column = DateColumn("dmy" if dayfirst else "mdy", ambiguous=True)
                self.dates[name] = column

    def raw(self, row: Row, name: str) -> str | None:
        index = self.columns.get(name)
        if index is None or index >= len(row.cells):
            return None
        return clean(row.cells[index])

    def amount(self, row: Row, name: str) -> Decimal | None:
        value = self.raw(row, name)
        return None if value is None else self.amounts[name].parse(value)

    def date(self, row: Row, name: str) -> date | None:
        value = self.raw(row, name)
        if value is None:
            return None
        if _COMPACT_DATE.fullmatch(value):  # ING NL writes 20260301
            try:
                return date(int(value[:4]), int(value[4:6]), int(value[6:]))
            except ValueError:
                raise CellError(f"not a date: {value!r}") from None
        return self.dates[name].parse(value)


def _signed(cells: _Cells, row: Row) -> Decimal | None:
    if "amount" in cells.columns:
        amount = cells.amount(row, "amount")
        if amount is None:
            return None
        direction = cells.raw(row, "direction")
        if direction is not None and key(direction) in _DEBIT_WORDS:
            return -abs(amount)
        return amount
    credit = cells.amount(row, "credit") if "credit" in cells.columns else None
    debit = cells.amount(row, "debit") if "debit" in cells.columns else None
    if credit is None and debit is None:
        return None
    return abs(credit or Decimal(0)) - abs(debit or Decimal(0))


def parse_bank_csv(
    data: bytes,
    source: str,
    mapping: Mapping[str, str] | None = None,
    currency: str = "EUR",
    dayfirst: bool = True,
    delimiter: str | None = None,
) -> tuple[tuple[Statement, ...], tuple[str, ...]]:
    """The movements of a bank's CSV export, as one statement (CSV has no balances)."""
    mapping = dict(mapping or {})
    check_mapping(mapping, BANK_FIELDS)
    table = read_table(data, source, mapping, delimiter, synonyms=_SYNONYMS, expected=_EXPECTED)
    missing = missing_mapped_columns(table.header.cells, mapping)
    if missing:
        raise FileRefused(source, f"--map {', '.join(missing)}: no such column in the header")
    columns = table.match.columns
    _money_columns(columns, table.header.cells, source)
    rows = tuple(row for row in table.rows if any(cell.strip() for cell in row.cells))
    cells = _Cells(columns, rows, dayfirst)
    entries: list[Entry] = []
    problems: list[str] = []
    accounts: set[str] = set()
    default = check_currency(currency)
    for row in rows:
        where = f"line {row.line}"
        try:
            booked_on = cells.date(row, "date")
            value_date = cells.date(row, "value_date") if "value_date" in columns else None
            amount = _signed(cells, row)
        except CellError as error:
            problems.append(f"{where}: {error}")
            continue
        if booked_on is None or amount is None:
            problems.append(f"{where}: no {'date' if booked_on is None else 'amount'}")
            continue
        row_currency = cells.raw(row, "currency")
        try:
            row_currency = check_currency(row_currency) if row_currency else default
        except ValueError:
            problems.append(f"{where}: not a currency code: {row_currency!r}")
            continue
        if account := cells.raw(row, "account"):
            accounts.add(account.replace(" ", ""))
        reference = cells.raw(row, "reference") or ""
        text = " / ".join(t for t in (cells.raw(row, "text"), reference) if t)
        entries.append(
            Entry(
                where=where,
                booked_on=booked_on,
                value_date=value_date,
                amount=amount,
                currency=row_currency,
                payer=cells.raw(row, "payer") or "",
                iban=(cells.raw(row, "iban") or "").replace(" ", ""),
                reference=reference,
                text=text,
                bank_ref=cells.raw(row, "bank_ref") or "",
            )
        )
    if problems:
        more = f"; and {len(problems) - 5} more" if len(problems) > 5 else ""
        shown = "; ".join(problems[:5]) + more
        raise FileRefused(source, shown)
    if not entries:
        raise FileRefused(source, "the CSV has a header but no movements")
    warnings = list(table.match.warnings)
    used = set(columns.values())
    unread = [
        repr(clean(cell))
        for index, cell in enumerate(table.header.cells)
        if index not in used and clean(cell)
    ]
    if unread:
        warnings.append(
            f"column{'s' if len(unread) > 1 else ''} not read: {', '.join(unread)} "
            "(use one with --map FIELD=COLUMN; fields: " + ", ".join(BANK_FIELDS) + ")"
        )
    if len(accounts) > 1:
        warnings.append(f"the file holds movements of {len(accounts)} accounts")
    statement = Statement(
        format="csv",
        account=sorted(accounts)[0] if len(accounts) == 1 else "",
        currency=entries[0].currency,
        entries=tuple(entries),
        movement=sum((entry.amount for entry in entries), Decimal(0)),
    )
    return (statement,), tuple(warnings)
