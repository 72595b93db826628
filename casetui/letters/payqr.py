"""The SEPA payment QR code on a letter: EPC069-12 ("GiroCode", "Scan to pay").

A banking app that scans it fills in a SEPA credit transfer: the creditor's name, IBAN and
BIC, the amount and the payment reference. Only euro payments (SEPA is a euro scheme).

The payload is plain text, one element a line (EPC069-12 v2, section 5):

    BCD                       service tag
    002                       version (BIC optional inside the EEA)
    1                         character set: UTF-8
    SCT                       SEPA credit transfer
    GKCCBEBB                  BIC (may be empty)
    Studio Noord BV           beneficiary name, at most 70 characters
    BE68539007547034          IBAN
    EUR99.43                  amount, 0.01 to 999999999.99
                              purpose code (unused)
    020264936569              structured reference, at most 35 characters, or
                              unstructured remittance text, at most 140 (one of the two)

The structured reference: an ISO 11649 creditor reference (`RF18...`, written without spaces),
or a Belgian structured communication as its 12 digits, the way SEPA files carry an OGM.
A letter that covers several invoices has no single reference: the remittance text then names
the invoices. The whole payload is at most 331 bytes; the code uses error correction level M.

segno (pure Python, no image library needed) makes the QR matrix; the PDF draws its modules.
"""

from __future__ import annotations

import re
from decimal import Decimal

import segno

from casetui.identifiers import compact_iban, is_valid_iban, is_valid_ogm, is_valid_rf, ogm_digits
from casetui.letters.inputs import PaymentRequest

MAX_BYTES = 331
MAX_AMOUNT = Decimal("999999999.99")
_BIC = re.compile(r"[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?")


def _compact(text: str) -> str:
    return re.sub(r"\s", "", text).upper()


def _one_line(text: str, limit: int) -> str:
    """Text for one element: no line breaks (they separate elements), at most `limit`."""
    return " ".join(text.split())[:limit].strip()


def structured_reference(reference: str) -> str:
    """The reference as the structured element carries it, or "" if it is not structured."""
    if not reference.strip():
        return ""
    if is_valid_ogm(reference):
        return ogm_digits(reference) or ""
    if is_valid_rf(reference):
        return _compact(reference)
    return ""


def epc_payload(request: PaymentRequest) -> str | None:
    """The EPC069-12 payload for the request, or None when no code can be made: not euros,
    no (valid) IBAN, no name, or an amount outside what a transfer may carry."""
    iban = compact_iban(request.iban)
    name = _one_line(request.name, 70)
    if request.currency != "EUR" or not name or not is_valid_iban(iban):
        return None
    amount = request.amount.quantize(Decimal("0.01"))
    if not Decimal("0.01") <= amount <= MAX_AMOUNT:
        return None
    bic = _compact(request.bic)
    if bic and not _BIC.fullmatch(bic):
        bic = ""  # a BIC the app would refuse; it is optional inside the EEA
    reference = structured_reference(request.reference)
    text = "" if reference else _one_line(", ".join(request.invoices), 140)
    lines = ["BCD", "002", "1", "SCT", bic, name, iban, f"EUR{amount:f}", "", reference, text]
    while lines and not lines[-1]:
        lines.pop()  # the last element ends the payload
    payload = "\n".join(lines)
    if len(payload.encode("utf-8")) > MAX_BYTES:
        return None
    return payload


def qr_modules(payload: str) -> tuple[tuple[bool, ...], ...]:
    """The QR code's modules, dark is True, row by row, without the quiet zone."""
    code = segno.make(payload, error="m", micro=False, boost_error=False, encoding="utf-8")
    return tuple(tuple(bool(module) for module in row) for row in code.matrix)
