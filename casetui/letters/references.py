"""The structured payment reference a letter asks the debtor to use.

Belgian creditors get a Belgian structured communication (OGM/VCS, `+++123/4567/89002+++`),
everyone else an ISO 11649 creditor reference (`RF18 5390 0754 7034`). A valid reference of the
right kind already on the invoice is reused, so the bank statement matches the invoice; else
one is generated from the invoice number, which is how the creditor's books know the debt:
- OGM: the invoice number's digits (the last 10 if there are more); an invoice number without
  digits falls back to the case id's (`C-2026-0042` -> 20260042).
- RF: the invoice number's letters and digits (the last 21), or the case id's.
The same invoice always gets the same reference.
"""

from __future__ import annotations

import re

from casetui.identifiers import (
    format_ogm,
    format_rf,
    is_valid_ogm,
    is_valid_rf,
    ogm_digits,
    ogm_from_number,
    rf_from_reference,
)
from casetui.timeline import CaseState


def uses_ogm(creditor_country: str) -> bool:
    return creditor_country.upper() == "BE"


def payment_reference(creditor_country: str, state: CaseState) -> str:
    """The reference for paying the case's invoice, formatted as printed."""
    existing = state.reference.strip()
    if uses_ogm(creditor_country):
        if existing and is_valid_ogm(existing):
            digits = ogm_digits(existing)
            assert digits is not None
            return format_ogm(digits)
        return ogm_from_number(_ogm_base(state))
    if existing and is_valid_rf(existing):
        return format_rf(existing)
    return rf_from_reference(_rf_body(state))


def _ogm_base(state: CaseState) -> int:
    digits = re.sub(r"[^0-9]", "", state.invoice)[-10:]
    if digits and int(digits):
        return int(digits)
    return int(re.sub(r"[^0-9]", "", state.id)[-10:] or "0")


def _rf_body(state: CaseState) -> str:
    body = re.sub(r"[^0-9A-Z]", "", state.invoice.upper())[-21:]
    return body or re.sub(r"[^0-9A-Z]", "", state.id.upper())[-21:]
