"""Debtors as people: finding one by a part of the name, their history of changes, and
what they owe across their cases.

A customer's details change (a new address, another contact person); each change is
recorded as a `CustomerChange` in the customer's own history, with the value before and
after, so that it shows who changed what when and `undo` can take it back. Undo records a
change of its own that voids the one it cancels: nothing is deleted, as on a case.

The ledger keeps the history beside the customer's current values (`Ledger.update_customer`
records, `Ledger.undo_customer` takes back); this module holds the values and the pure
functions the CLI and the app share.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import field, fields
from datetime import date
from typing import TYPE_CHECKING, Any

from casetui.errors import InputError
from casetui.model import Customer, CustomerKind
from casetui.money import format_money, from_minor
from casetui.owed import owed_minor
from casetui.records import NamedTuple
from casetui.values import frozen

if TYPE_CHECKING:
    from casetui.timeline import CaseState

# What a change may touch (the id never changes).
EDITABLE = tuple(spec.name for spec in fields(Customer) if spec.name != "id")

_LEARNT = "account learnt from a bank statement (entry "


def learnt_account_note(entry_key: str) -> str:
    """The note on the change that remembered a payer's account from a bank statement:
    undoing the statement's payments, by any route, forgets the account again."""
    return f"{_LEARNT}{entry_key})"


def learnt_from_statement(change: CustomerChange, iban: str) -> bool:
    """Did this change remember the account `iban` from a bank statement?"""
    if not change.note.startswith(_LEARNT) or "ibans" not in change.changes:
        return False
    before, after = change.changes["ibans"]
    return iban in (after or ()) and iban not in (before or ())


def forgotten_account_note(entry_key: str) -> str:
    """The note on the change that took such an account back (other changes came since)."""
    return f"account forgotten: the payment of bank statement entry {entry_key} was undone"


def normalise_name(name: str) -> str:
    """How customer names are compared: case-insensitive, whitespace collapsed."""
    return " ".join(name.split()).casefold()


@frozen
class CustomerChange:
    """One edit of a customer: for each field, the value before and after. `voids` is set on
    an undo (the id of the change it takes back)."""

    id: int
    date: date
    recorded_at: str = ""
    changes: Mapping[str, tuple[Any, Any]] = field(default_factory=dict)
    note: str = ""
    voids: int = 0

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "date": self.date.isoformat(),
            "recorded_at": self.recorded_at,
            "changes": {name: [_plain(a), _plain(b)] for name, (a, b) in self.changes.items()},
        }
        if self.note:
            data["note"] = self.note
        if self.voids:
            data["voids"] = self.voids
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> CustomerChange:
        return cls(
            id=int(data["id"]),
            date=date.fromisoformat(data["date"]),
            recorded_at=data.get("recorded_at", ""),
            changes={name: (pair[0], pair[1]) for name, pair in data.get("changes", {}).items()},
            note=data.get("note", ""),
            voids=int(data.get("voids", 0)),
        )

    def describe(self) -> str:
        """ "address, e-mail changed: ..." in words, for a history list."""
        what = ", ".join(
            f"{_label(name)} {_shown(before)} → {_shown(after)}"
            for name, (before, after) in self.changes.items()
        )
        if self.voids:
            what = f"undo of change #{self.voids}: {what}"
        return f"{what}; {self.note}" if self.note else what


def _plain(value: Any) -> Any:
    if isinstance(value, CustomerKind):
        return value.value
    if isinstance(value, tuple):
        return list(value)
    return value


def _label(name: str) -> str:
    return {"vat": "VAT", "ibans": "accounts", "limitation_law": "limitation law"}.get(
        name, name.replace("_", " ")
    )


def _shown(value: Any) -> str:
    if isinstance(value, list | tuple):
        value = ", ".join(str(item) for item in value)
    text = " / ".join(part.strip() for part in str(value).splitlines() if part.strip())
    return repr(text) if text else "(empty)"


def differences(old: Customer, new: Customer) -> dict[str, tuple[Any, Any]]:
    """The fields `new` changes, as (before, after) in their stored form."""
    return {
        name: (_plain(getattr(old, name)), _plain(getattr(new, name)))
        for name in EDITABLE
        if getattr(old, name) != getattr(new, name)
    }


def apply_values(customer: Customer, values: Mapping[str, Any]) -> Customer:
    """`customer` with stored-form `values` (an undo puts the "before" values back)."""
    data = customer.to_json()
    data.update({name: value for name, value in values.items()})
    return Customer.from_json(data)


# --------------------------------------------------------------------------- finding one


def find_customer(customers: Iterable[Customer], text: str) -> Customer:
    """CUSTOMER as typed: an id (`CUS-0003`), a whole name, or a unique part of a name.

    An exact id or name wins; otherwise the names containing `text`. Several: `InputError`
    listing them (the CLI exits 2); none: `InputError` saying so.
    """
    wanted = text.strip()
    if not wanted:
        raise InputError("CUSTOMER: give an id (CUS-0001) or a part of the name")
    everyone = list(customers)
    by_id = [c for c in everyone if c.id.casefold() == wanted.casefold()]
    if by_id:
        return by_id[0]
    needle = normalise_name(wanted)
    exact = [c for c in everyone if normalise_name(c.name) == needle]
    if len(exact) == 1:
        return exact[0]
    found = exact or [c for c in everyone if needle in normalise_name(c.name)]
    if len(found) == 1:
        return found[0]
    if not found:
        raise InputError(f"no customer matches {wanted!r} (an id like CUS-0001 or part of a name)")
    found.sort(key=lambda c: normalise_name(c.name))
    shown = "; ".join(f"{c.id} {c.name}" for c in found[:10])
    more = f"; and {len(found) - 10} more" if len(found) > 10 else ""
    raise InputError(
        f"{wanted!r} matches {len(found)} customers: {shown}{more}; use the id or more of the name"
    )


# --------------------------------------------------------------------------- their cases


class Totals(NamedTuple):
    """What a customer owes, per currency (`casetui.owed`: open cases, never below zero)."""

    owed: dict[str, int]  # currency -> minor units
    open_cases: int
    all_cases: int
    last_contact: date | None

    def owed_text(self) -> str:
        """ "1,234.56 EUR + 80.00 GBP", or "nothing"."""
        parts = [
            format_money(from_minor(minor, currency), currency)
            for currency, minor in sorted(self.owed.items())
            if minor
        ]
        return " + ".join(parts) or "nothing"


def totals(states: Sequence[CaseState]) -> Totals:
    owed: dict[str, int] = {}
    open_cases = 0
    last: date | None = None
    for state in states:
        if state.closed is None:
            open_cases += 1
            owed[state.currency] = owed.get(state.currency, 0) + owed_minor(state)
        contact = state.last_contact
        if contact is not None and (last is None or contact > last):
            last = contact
    return Totals(owed, open_cases, len(states), last)
