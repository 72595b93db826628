"""Canonical import fields, the column headers that mean them, and header-row matching.

Headers are compared by `text.key`: case, accents, `*`, `#`, punctuation and spaces are
ignored, so `*InvoiceNumber`, `invoice.number` and `Invoice Number` are one header. Each
field lists its synonyms best first: when two columns match one field the better synonym
wins (Odoo's `amount_residual` before `amount_residual_signed`, which is in the company
currency), and a tie goes to the leftmost column with a warning.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from casetui.errors import InputError
from casetui.importers.text import key

# field -> (label for messages, synonyms best first)
FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "invoice_number": ("invoice number", (
        "Invoice Number", "invoice.number", "Invoice No", "Invoice Nr", "Invoice #", "Invoice",
        "Number", "Num", "Document Number", "Factuurnummer", "Factuurnr", "Factuur",
        "N° de facture", "Numéro de facture", "No facture", "Numéro", "Rechnungsnummer",
        "Rechnungsnr", "Belegnummer",
        "Details",  # Invoicely: the invoice number, under this heading
    )),
    "customer_name": ("customer name", (
        "Client Name", "client.name", "Customer Name", "Customer", "Client", "Partner",
        "partner_id", "Contact Name", "Customer Display Name", "Klant", "Klantnaam",
        "Debiteur", "Debiteurnaam", "Relatie", "Nom du client", "Nom client", "Raison sociale",
        "Kunde", "Kundenname", "Debitor",
        "Name",  # Invoice2go (DocumentNumber, DocumentDate, Name); Odoo's `name`: see below
    )),
    "customer_email": ("customer e-mail", (
        "Contact Email", "contact.email", "Client Email", "Customer Email",
        "Primary Contact EmailID", "EmailAddress", "Email", "partner_id/email", "E-mailadres",
        "Courriel", "Adresse e-mail",
    )),
    "customer_phone": ("customer phone", (
        "Contact Phone", "contact.phone", "Client Phone", "Phone", "Telephone", "Telefoon",
        "Téléphone", "Telefon", "partner_id/phone",
    )),
    "customer_vat": ("customer VAT number", (
        "Client VAT Number", "client.vat_number", "VAT Number", "VAT ID", "VAT No",
        "partner_id/vat", "BTW-nummer", "BTW nr", "Ondernemingsnummer", "N° TVA",
        "Numéro de TVA", "TVA intracommunautaire", "USt-IdNr", "USt-ID", "Umsatzsteuer-ID",
    )),
    "customer_address": ("customer address", (
        "Billing Address", "client.address1", "POAddressLine1", "Address", "Street", "Adres",
        "Straat", "Adresse", "Rue", "Straße",
    )),
    "customer_address2": ("customer address line 2", (
        "Billing Street2", "client.address2", "POAddressLine2", "Address 2",
    )),
    "customer_postcode": ("customer postcode", (
        "Billing Code", "client.postal_code", "POPostalCode", "Postal Code", "Postcode", "Zip",
        "Zip Code", "Code postal", "PLZ", "Postleitzahl",
    )),
    "customer_city": ("customer city", (
        "Billing City", "client.city", "POCity", "City", "Stad", "Gemeente", "Plaats", "Ville",
        "Localité", "Ort", "Stadt",
    )),
    "customer_country": ("customer country", (
        "Billing Country", "client.country_id", "POCountry", "Country", "Land", "Pays",
    )),
    "issue_date": ("issue date", (
        "Invoice Date", "invoice.date", "invoice_date", "Invoice/Bill Date", "Date Issued",
        "Issue Date", "Document Date", "Date", "Factuurdatum", "Datum", "Date de facture",
        "Date facture", "Rechnungsdatum", "Belegdatum",
    )),
    "due_date": ("due date", (
        "Invoice Due Date", "invoice.due_date", "Due Date", "invoice_date_due",
        "Payment Due Date", "Vervaldatum", "Vervaldag", "Date d'échéance", "Date échéance",
        "Échéance", "Fälligkeitsdatum", "Fällig am", "Fälligkeit",
    )),
    "outstanding": ("amount outstanding", (
        "Invoice Balance", "invoice.balance", "Amount Due", "amount_residual",
        "InvoiceAmountDue", "Balance Due", "Open Balance", "Balance", "Outstanding",
        "Outstanding Amount", "Amount Outstanding", "amount_residual_signed", "Openstaand",
        "Openstaand bedrag", "Saldo", "Solde", "Solde dû", "Reste à payer", "Montant dû",
        "Offener Betrag", "Offen", "Restbetrag",
    )),
    "total": ("invoice total", (
        "Invoice Amount", "invoice.amount", "Total", "Invoice Total", "Total Amount",
        "amount_total", "amount_total_in_currency_signed", "amount_total_signed",
        "Grand Total", "Amount", "Totaal", "Totaalbedrag", "Bedrag", "Montant TTC",
        "Total TTC", "Montant", "Gesamtbetrag", "Bruttobetrag", "Rechnungsbetrag", "Betrag",
    )),
    "paid": ("amount paid", (
        "Invoice Paid to Date", "invoice.paid_to_date", "Paid to Date", "InvoiceAmountPaid",
        "Amount Paid", "Paid Amount", "Paid", "Betaald", "Betaald bedrag", "Payé",
        "Montant payé", "Bezahlt", "Bezahlter Betrag",
    )),
    "line_total": ("line total", ("Line Total", "LineAmount", "Item Total")),
    "currency": ("currency", (
        "Client Currency", "client.currency_id", "Currency", "Currency Code", "currency_id",
        "Munt", "Valuta", "Devise", "Währung",
    )),
    "status": ("status", (
        "Invoice Status", "invoice.status", "Status", "status_in_payment", "Payment Status",
        "state", "Statut", "État",
    )),
    "doc_type": ("document type", (
        "Type", "move_type", "Transaction Type", "Document Type", "Invoice Type", "Soort",
        "Type de document", "Belegart", "Typ",
    )),
    "reference": ("payment reference", (
        "Payment Reference", "payment_reference", "Structured Communication",
        "Gestructureerde mededeling", "Mededeling", "Communication structurée",
        "Communication", "Betalingskenmerk", "Kenmerk", "Verwendungszweck", "Reference", "ref",
        "Referentie", "Référence", "Referenz", "PO Number", "invoice.po_number",
        "PurchaseOrder", "Purchase Order",
    )),
    "refers_to": ("invoice a credit note corrects", (
        "Reversal of", "reversed_entry_id", "Original Invoice", "Original Invoice Number",
        "Credited Invoice", "Related Invoice", "Oorspronkelijke factuur", "Facture d'origine",
        "Ursprungsrechnung",
    )),
    "terms": ("payment terms", (
        "Invoice Terms", "invoice.terms", "Payment Terms", "invoice_payment_term_id", "Terms",
        "Term", "Terms & Conditions", "Betalingstermijn", "Betalingsvoorwaarden",
        "Conditions de paiement", "Délai de paiement", "Zahlungsbedingungen", "Zahlungsziel",
    )),
}  # fmt: skip

# Odoo's "import-compatible" export names columns by field: `name` is the invoice number
# there, beside other Odoo field names; a bare "Name" elsewhere is the customer's (Invoice2go).
_ODOO_NAME = key("name")
_ODOO_MARKERS = frozenset(
    key(name)
    for name in (
        "partner_id", "invoice_date", "invoice_date_due", "amount_residual", "move_type",
        "amount_total_in_currency_signed", "amount_residual_signed", "payment_reference",
    )
)  # fmt: skip

Fields = Mapping[str, tuple[str, tuple[str, ...]]]


def synonyms(fields: Fields) -> dict[str, tuple[str, int]]:
    """Header key -> (field, rank of the synonym), for `match_header`."""
    table: dict[str, tuple[str, int]] = {}
    for field, (_label, names) in fields.items():
        for rank, name in enumerate(names):
            table.setdefault(key(name), (field, rank))
    return table


_SYNONYMS = synonyms(FIELDS)


def label(field: str) -> str:
    return FIELDS[field][0]


def example_headers(field: str, count: int = 3) -> str:
    return ", ".join(repr(name) for name in FIELDS[field][1][:count])


@dataclass(frozen=True, slots=True)
class HeaderMatch:
    """Which column holds which field, for one candidate header row."""

    columns: dict[str, int]
    warnings: tuple[str, ...]

    @property
    def score(self) -> int:
        return len(self.columns)


def check_mapping(mapping: Mapping[str, str], fields: Fields = FIELDS) -> None:
    """Refuse `--map` entries that name no known field."""
    unknown = sorted(field for field in mapping if field not in fields)
    if unknown:
        raise InputError(
            f"--map: unknown field{'s' if len(unknown) > 1 else ''} {', '.join(unknown)}; "
            f"known fields: {', '.join(fields)}"
        )


def _find_column(cells: Sequence[str], header: str) -> int | None:
    wanted = header.strip()
    for index, cell in enumerate(cells):
        if cell.strip() == wanted:
            return index
    for index, cell in enumerate(cells):
        if key(cell) and key(cell) == key(wanted):
            return index
    return None


def match_header(
    cells: Sequence[str],
    mapping: Mapping[str, str],
    table: Mapping[str, tuple[str, int]] | None = None,
) -> HeaderMatch:
    """Assign columns to fields: `--map` entries first, then synonyms (of invoice fields,
    or of `table`, made by `synonyms`)."""
    table = _SYNONYMS if table is None else table
    odoo_aware = table is _SYNONYMS
    columns: dict[str, int] = {}
    for field, header in mapping.items():
        index = _find_column(cells, header)
        if index is not None:
            columns[field] = index
    taken = set(columns.values())
    keys = [key(cell) for cell in cells]
    odoo = odoo_aware and any(cell_key in _ODOO_MARKERS for cell_key in keys)
    best: dict[str, list[tuple[int, int]]] = {}
    for index, cell_key in enumerate(keys):
        if index in taken or not cell_key:
            continue
        if odoo and cell_key == _ODOO_NAME:
            found: tuple[str, int] | None = ("invoice_number", -1)
        else:
            found = table.get(cell_key)
        if found is None or found[0] in columns:
            continue
        best.setdefault(found[0], []).append((found[1], index))
    warnings = []
    for field, candidates in best.items():
        candidates.sort()
        rank, index = candidates[0]
        columns[field] = index
        ties = [cells[other] for other_rank, other in candidates[1:] if other_rank == rank]
        if ties:
            warnings.append(
                f"columns {cells[index]!r} and {', '.join(map(repr, ties))} both look like the "
                f"{label(field)}; using {cells[index]!r} (choose with --map {field}=COLUMN)"
            )
    return HeaderMatch(columns, tuple(warnings))


def missing_mapped_columns(cells: Sequence[str], mapping: Mapping[str, str]) -> list[str]:
    return [
        f"{field}={header}"
        for field, header in mapping.items()
        if _find_column(cells, header) is None
    ]
