"""What a bank statement says, in neutral form, before any ledger is involved.

Every reader (camt, CODA, MT940, CSV) produces `Statement`s of `Entry`s. Amounts are
`Decimal`, signed from the account holder's side: a credit (money in) is positive, a
debit negative. An entry that a bank booked as one line but that pays several things (a
camt batch with several `TxDtls`, a CODA globalisation with its details) is split into one
`Entry` per part when the parts add up to the booking; `Statement.movement` keeps the sum
of what the bank booked, for the balance check.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Literal

BankFormat = Literal["camt", "coda", "mt940", "csv"]
FORMATS: tuple[BankFormat, ...] = ("camt", "coda", "mt940", "csv")


@dataclass(frozen=True, slots=True)
class Entry:
    """One movement on the account, as the statement gives it."""

    # Where it is in the file, for messages: "entry 3", "line 12", "record 2.1 at line 7".
    where: str
    booked_on: date
    amount: Decimal  # + credit (money in), - debit
    currency: str
    value_date: date | None = None
    payer: str = ""  # the counterparty's name (the payer of a credit)
    iban: str = ""  # the counterparty's account, compact, as given
    reference: str = ""  # a structured reference from a structured field, as given
    text: str = ""  # free remittance text (several fields joined)
    bank_ref: str = ""  # the bank's own reference for this movement
    end_to_end: str = ""  # the payer's end-to-end id (SEPA), if any
    # A return or reversal of an earlier movement, and the bank's reason code (AC06, MS03).
    is_return: bool = False
    return_reason: str = ""

    @property
    def is_credit(self) -> bool:
        return self.amount > 0


@dataclass(frozen=True, slots=True)
class Balance:
    amount: Decimal  # signed: a debit balance is negative
    currency: str
    on: date | None = None


@dataclass(frozen=True, slots=True)
class Statement:
    """One account's statement for one period (a file may hold several)."""

    format: BankFormat
    account: str  # IBAN or the bank's account number, compact
    currency: str
    entries: tuple[Entry, ...]
    movement: Decimal  # the sum of the booked movements (credits - debits)
    opening: Balance | None = None
    closing: Balance | None = None
    period_from: date | None = None
    period_to: date | None = None
    statement_id: str = ""
    warnings: tuple[str, ...] = field(default=())

    @property
    def period(self) -> tuple[date | None, date | None]:
        start = self.period_from or min((e.booked_on for e in self.entries), default=None)
        end = self.period_to or max((e.booked_on for e in self.entries), default=None)
        return start, end


@dataclass(frozen=True, slots=True)
class StatementFile:
    """A whole file read: its statements, its SHA-256 and the format it was read as."""

    source: str
    format: BankFormat
    sha256: str
    statements: tuple[Statement, ...]
    warnings: tuple[str, ...] = ()

    @property
    def entries(self) -> tuple[Entry, ...]:
        return tuple(entry for statement in self.statements for entry in statement.entries)
