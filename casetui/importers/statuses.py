"""What the status and type columns of invoicing tools mean for a case.

Default filter (IMPORT.md §9.2): skip paid, draft, cancelled and void documents; keep sent,
partial, overdue, awaiting payment and open ones. Purchase documents, payments and journal
entries are not sales invoices and are skipped too. Unknown words are kept, with a warning,
so that a new status never makes invoices disappear silently.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

from casetui.importers.text import key

StatusDecision = Literal["keep", "skip", "unknown"]
TypeDecision = Literal["invoice", "credit", "skip", "unknown"]


def _words(*groups: str) -> frozenset[str]:
    return frozenset(key(word) for group in groups for word in group.split("|"))


_SKIP_STATUS: dict[str, frozenset[str]] = {
    "already paid": _words(
        "paid|fully paid|closed|betaald|paye|payee|payé|payée|bezahlt|beglichen|reconciled",
    ),
    "payment registered, awaiting reconciliation": _words("in payment|in_payment"),
    "draft": _words(
        "draft|concept|brouillon|entwurf|awaiting approval|submitted|pending approval|proforma",
    ),
    "cancelled": _words(
        "cancelled|canceled|cancel|void|voided|deleted|reversed|geannuleerd|annule|annulé|"
        "annulée|storniert|storno|gecrediteerd",
    ),
}
_KEEP_STATUS = _words(
    "sent|partial|partially paid|partially_paid|overdue|awaiting payment|authorised|authorized|"
    "open|unpaid|not paid|not_paid|viewed|outstanding|posted|due|past due|approved|pending|"
    "verzonden|openstaand|onbetaald|vervallen|deels betaald|gedeeltelijk betaald|envoyé|"
    "impayé|en retard|ouvert|partiellement payé|offen|überfällig|versendet|teilweise bezahlt|"
    "teilbezahlt|unbezahlt",
)
_PARTIAL = _words("partial|partially paid|partially_paid|deels betaald|gedeeltelijk betaald|"
                  "partiellement payé|"
                  "teilweise bezahlt|teilbezahlt")  # fmt: skip

_INVOICE_TYPES = _words(
    "invoice|out_invoice|customer invoice|sales invoice|tax invoice|accrec|factuur|facture|"
    "rechnung|debit note",
)
_CREDIT_TYPES = _words(
    "credit note|out_refund|customer credit note|credit memo|sales credit note|accreccredit|"
    "credit|refund|creditnota|creditfactuur|note de crédit|avoir|gutschrift|rechnungskorrektur",
)
_SKIP_TYPES: dict[str, frozenset[str]] = {
    "a purchase document, not a sales invoice": _words(
        "in_invoice|in_refund|vendor bill|bill|vendor credit|supplier invoice|accpay|"
        "accpaycredit|inkoopfactuur|facture fournisseur|eingangsrechnung",
    ),
    "a payment, not an invoice (apply it in the ledger)": _words(
        "payment|receive payment|received payment|betaling|paiement|zahlung",
    ),
    "a journal entry, not an invoice": _words("entry|journal entry|memoriaal"),
}


@lru_cache(maxsize=1024)
def status_decision(text: str | None) -> tuple[StatusDecision, str | None]:
    """`keep`, `unknown` (kept, warn) or `skip` with the reason."""
    word = key(text or "")
    if not word or word in _KEEP_STATUS:
        return "keep", None
    for reason, words in _SKIP_STATUS.items():
        if word in words:
            return "skip", reason
    return "unknown", None


def is_partial(text: str | None) -> bool:
    return key(text or "") in _PARTIAL


@lru_cache(maxsize=1024)
def type_decision(text: str | None) -> tuple[TypeDecision, str | None]:
    word = key(text or "")
    if not word:
        return "unknown", None
    if word in _INVOICE_TYPES:
        return "invoice", None
    if word in _CREDIT_TYPES:
        return "credit", None
    for reason, words in _SKIP_TYPES.items():
        if word in words:
            return "skip", reason
    return "unknown", None
