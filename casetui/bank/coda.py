"""Belgian CODA statements (Febelfin "Coded statement of account", version 2): records of
128 characters, read by fixed position. Positions below are 1-based, as in the standard.

- Record 0 (header): version in 128.
- Record 1 (old balance): account structure in 2 (0 Belgian number, 1 foreign number,
  2 Belgian IBAN, 3 foreign IBAN), the account in 6-17 / 6-39 / 6-21 / 6-39, the currency in
  19-21 (structure 0) or 40-42, sign in 43 (0 credit, 1 debit), balance in 44-58 (3 decimals),
  date in 59-64 (DDMMYY).
- Record 2.1 (movement): sequence 3-6, detail 7-10, bank reference 11-31, sign 32, amount
  33-47, value date 48-53, transaction code 54-61 (type in 54), communication type 62
  (1 structured: its type in 63-65, an OGM's 12 digits in 66-77; 0 free text in 63-115),
  entry date 116-121, globalisation code 125.
- Record 2.2: communication continued 11-63, the customer (end-to-end) reference 64-98, the
  counterparty's BIC 99-109, the R-transaction type 113 (1 reject, 2 return, 3 refund,
  4 reversal, 5 cancellation) and its ISO reason 114-117.
- Record 2.3: the counterparty's account 11-44 (currency 45-47), name 48-82, communication
  continued 83-125.
- Records 3.x (information) add free text; record 4 is a free message (skipped); record 8
  the new balance (sign 42, amount 43-57, date 58-63); record 9 the trailer.

A movement whose type (position 54) is 1 or 2 is a total whose details (type 5, 6 or 7) are
separate payments, such as the debtors of a direct-debit collection: those details become
the entries when they add up to the total. Details of type 8 and 9 only describe their
movement; their text joins it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from casetui.bank.records import Balance, Entry, Statement
from casetui.importers.errors import FileRefused
from casetui.importers.text import squash

RECORD_LENGTH = 128
_R_TYPES = {"1": "reject", "2": "return", "3": "refund", "4": "reversal", "5": "cancellation"}
_SEPARATE_DETAILS = frozenset("567")


def _field(record: str, first: int, last: int) -> str:
    """Positions `first`..`last`, 1-based and inclusive, as in the standard."""
    return record[first - 1 : last]


def _day(text: str, line: int, source: str) -> date | None:
    if not text.strip() or text == "000000":
        return None
    if not text.isdigit():
        raise FileRefused(source, f"line {line}: not a date (DDMMYY): {text!r}")
    day, month, year = int(text[:2]), int(text[2:4]), int(text[4:])
    try:
        return date(2000 + year if year < 70 else 1900 + year, month, day)
    except ValueError:
        raise FileRefused(source, f"line {line}: not a date (DDMMYY): {text!r}") from None


def _amount(sign: str, digits: str, line: int, source: str) -> Decimal:
    if sign not in "01" or not digits.isdigit():
        raise FileRefused(source, f"line {line}: not an amount: {sign}{digits!r}")
    value = Decimal(int(digits)).scaleb(-3)
    if value == value.quantize(Decimal("0.01")):
        value = value.quantize(Decimal("0.01"))
    return -value if sign == "1" else value


@dataclass
class _Movement:
    """One 2.1 record with what its 2.2, 2.3 and 3.x records add."""

    line: int
    sequence: str
    detail: str
    kind: str  # the transaction type, position 54
    amount: Decimal
    bank_ref: str
    value_date: date | None
    booked_on: date | None
    structured: str = ""  # the structured communication's type + content
    reference: str = ""  # an OGM (types 101 and 102)
    text: list[str] = field(default_factory=list)
    payer: str = ""
    iban: str = ""
    end_to_end: str = ""
    r_type: str = ""
    reason: str = ""

    def add_text(self, text: str) -> None:
        cleaned = squash(text)
        if cleaned and cleaned not in self.text:
            self.text.append(cleaned)


@dataclass
class _Open:
    """A statement being read: from its record 1 to its record 8."""

    line: int
    account: str
    currency: str
    opening: Balance
    movements: list[_Movement] = field(default_factory=list)
    closing: Balance | None = None


def _account(record: str, line: int, source: str) -> tuple[str, str]:
    structure = record[1]
    if structure == "0":
        return _field(record, 6, 17).strip(), _field(record, 19, 21).strip()
    if structure in "123":
        last = 21 if structure == "2" else 39
        return _field(record, 6, last).strip(), _field(record, 40, 42).strip()
    raise FileRefused(source, f"line {line}: unknown account structure {structure!r}")


def _movement(record: str, line: int, source: str) -> _Movement:
    movement = _Movement(
        line=line,
        sequence=_field(record, 3, 6),
        detail=_field(record, 7, 10),
        kind=_field(record, 54, 54),
        amount=_amount(_field(record, 32, 32), _field(record, 33, 47), line, source),
        bank_ref=_field(record, 11, 31).strip(),
        value_date=_day(_field(record, 48, 53), line, source),
        booked_on=_day(_field(record, 116, 121), line, source),
    )
    communication = _field(record, 63, 115)
    if _field(record, 62, 62) == "1":
        kind = communication[:3]
        movement.structured = squash(communication)
        if kind in ("101", "102"):
            movement.reference = communication[3:15]
    else:
        movement.text.append(communication)
    return movement


def _continue(movement: _Movement, text: str) -> None:
    """The communication continued from the 2.1 record (it runs on without a space)."""
    if movement.structured:
        movement.structured += text
    elif movement.text:
        movement.text[0] += text
    else:
        movement.add_text(text)


def _entries(statement: _Open, source: str) -> tuple[list[Entry], Decimal]:
    """Movements -> entries (globalised totals split into their payments)."""
    entries: list[Entry] = []
    booked = Decimal(0)
    mains = [m for m in statement.movements if m.detail == "0000"]
    by_sequence: dict[str, list[_Movement]] = {}
    for movement in statement.movements:
        if movement.detail != "0000":
            by_sequence.setdefault(movement.sequence, []).append(movement)
    for main in mains:
        booked += main.amount
        details = by_sequence.get(main.sequence, [])
        separate = [d for d in details if d.kind in _SEPARATE_DETAILS]
        if separate and sum(d.amount for d in separate) == main.amount:
            parts = separate
        else:
            parts = [main]
            for detail in details:  # informative details describe the movement itself
                main.add_text(" ".join(detail.text) or detail.structured)
                main.reference = main.reference or detail.reference
                main.payer = main.payer or detail.payer
                main.iban = main.iban or detail.iban
        for part in parts:
            entries.append(_entry(part, main, statement, source))
    return entries, booked


def _entry(part: _Movement, main: _Movement, statement: _Open, source: str) -> Entry:
    booked_on = main.booked_on or part.value_date or main.value_date
    if booked_on is None:
        raise FileRefused(source, f"line {part.line}: a movement without a date")
    # A structured communication other than an OGM (SEPA direct-debit data, an original
    # amount) is machine data, not words from the payer: it is not searched for references.
    text = [squash(t) for t in part.text if squash(t)]
    reason = part.reason or main.reason
    r_type = part.r_type or main.r_type
    return Entry(
        where=f"line {part.line}",
        booked_on=booked_on,
        value_date=part.value_date,
        amount=part.amount,
        currency=statement.currency,
        payer=part.payer or main.payer,
        iban=part.iban or main.iban,
        reference=part.reference,
        text=" / ".join(text),
        bank_ref=part.bank_ref,
        end_to_end=part.end_to_end,
        is_return=bool(r_type),
        return_reason=" ".join(x for x in (reason, _R_TYPES.get(r_type, "")) if x),
    )


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def parse_coda(data: bytes, source: str) -> tuple[tuple[Statement, ...], tuple[str, ...]]:
    """The statements of a CODA file, and warnings about the file."""
    statements: list[Statement] = []
    warnings: list[str] = []
    current: _Open | None = None
    movement: _Movement | None = None
    version = ""
    lines = _decode(data).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for number, raw in enumerate(lines, 1):
        if not raw.strip():
            continue
        if len(raw) > RECORD_LENGTH:
            raise FileRefused(
                source, f"line {number}: a CODA record has 128 characters, this one {len(raw)}"
            )
        record = raw.ljust(RECORD_LENGTH)
        kind = record[0]
        if kind == "0":
            version = record[127]
            if version != "2":
                raise FileRefused(
                    source, f"line {number}: CODA version {version!r}; casetui reads version 2"
                )
        elif kind == "1":
            if not version:
                raise FileRefused(source, f"line {number}: a statement before the header record")
            account, currency = _account(record, number, source)
            opening = Balance(
                _amount(_field(record, 43, 43), _field(record, 44, 58), number, source),
                currency,
                _day(_field(record, 59, 64), number, source),
            )
            current = _Open(number, account, currency, opening)
            movement = None
        elif kind == "4":
            continue  # a free message from the bank, about no movement
        elif kind in "23":
            if current is None:
                raise FileRefused(source, f"line {number}: a movement outside a statement")
            movement = _read_detail(record, number, current, movement, source)
        elif kind == "8":
            if current is None:
                raise FileRefused(source, f"line {number}: a new balance without a statement")
            closing_account = _field(record, 5, 41)[: len(current.account) + 4].strip()
            current.closing = Balance(
                _amount(_field(record, 42, 42), _field(record, 43, 57), number, source),
                current.currency,
                _day(_field(record, 58, 63), number, source),
            )
            if current.account not in closing_account:
                warnings.append(
                    f"line {number}: the new balance names account "
                    f"{closing_account.split()[0] if closing_account else '?'}, the old balance "
                    f"{current.account}"
                )
            statements.append(_finish(current, source))
            current = movement = None
        elif kind == "9":
            continue
        else:
            raise FileRefused(source, f"line {number}: unknown CODA record type {kind!r}")
    if current is not None:
        statements.append(_finish(current, source))  # no record 8: the balance check says so
    if not statements:
        raise FileRefused(source, "the CODA file holds no statement (record 1)")
    return tuple(statements), tuple(warnings)


def _read_detail(
    record: str, number: int, current: _Open, movement: _Movement | None, source: str
) -> _Movement | None:
    kind = record[:2]
    if kind == "21":
        movement = _movement(record, number, source)
        current.movements.append(movement)
        return movement
    if movement is None:
        raise FileRefused(source, f"line {number}: record {kind[0]}.{kind[1]} without a movement")
    if kind == "22":
        _continue(movement, _field(record, 11, 63))
        movement.end_to_end = _field(record, 64, 98).strip()
        movement.r_type = _field(record, 113, 113).strip()
        movement.reason = _field(record, 114, 117).strip()
    elif kind == "23":
        movement.iban = _field(record, 11, 44).strip()
        movement.payer = squash(_field(record, 48, 82))
        _continue(movement, _field(record, 83, 125))
    elif kind == "31":
        structured = _field(record, 40, 40) == "1"
        text = _field(record, 41, 113)
        # A structured 3.1 repeats the movement's type code before the text (001...).
        movement.add_text(text[3:] if structured else text)
    elif kind == "32":
        movement.add_text(_field(record, 11, 115))
    elif kind == "33":
        movement.add_text(_field(record, 11, 100))
    else:
        raise FileRefused(source, f"line {number}: unknown CODA record {kind[0]}.{kind[1]}")
    return movement


def _finish(current: _Open, source: str) -> Statement:
    entries, booked = _entries(current, source)
    return Statement(
        format="coda",
        account=current.account.replace(" ", ""),
        currency=current.currency,
        entries=tuple(entries),
        movement=booked,
        opening=current.opening,
        closing=current.closing,
        period_from=current.opening.on,
        period_to=current.closing.on if current.closing else None,
    )
