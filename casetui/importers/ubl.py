"""UBL 2.1 Invoice and CreditNote (Peppol BIS 3.0 / EN 16931) -> one `ImportedDocument`.

Elements are matched by namespace URI and local name (ElementTree's `{uri}local` tags and
our own prefix map), so `<Invoice xmlns=...>`, `<ubl:Invoice xmlns:ubl=...>` and any other
prefix read the same. A Peppol SBDH envelope is unwrapped; UN/CEFACT CII is refused.

Only UBL's business content is validated, softly: a missing mandatory field is an error,
anything merely odd (totals that do not add up, an account that is not an IBAN) a warning.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal
from xml.etree.ElementTree import Element

from casetui.checks import check_currency
from casetui.errors import InputError
from casetui.identifiers import Classified, classify_reference, is_valid_iban
from casetui.importers.errors import FileRefused
from casetui.importers.records import (
    DocType,
    DueSource,
    FileParse,
    ImportedDocument,
    ImportedParty,
    RowProblem,
)
from casetui.importers.terms import due_from_terms
from casetui.importers.text import clean, clean_contact, clean_lines
from casetui.importers.xmlsafe import parse_xml
from casetui.money import AmountError, check_size, round_money

INVOICE_NS = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
CREDIT_NOTE_NS = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"
SBDH_NS = "http://www.unece.org/cefact/namespaces/StandardBusinessDocumentHeader"
CII_NS = "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
NS = {
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
}

_ROOTS: dict[str, DocType] = {
    f"{{{INVOICE_NS}}}Invoice": "invoice",
    f"{{{CREDIT_NOTE_NS}}}CreditNote": "credit",
}
# Peppol rules P0100 (invoice, plus XRechnung's 389) and P0101 (credit note).
_INVOICE_CODES = (
    "71 80 82 84 102 218 219 326 331 380 382 383 384 386 388 389 393 395 553 575 623 780 817 "
    "870 875 876 877"
)
_CREDIT_CODES = "381 396 81 83 532"
_TYPE_CODES: dict[DocType, frozenset[str]] = {
    "invoice": frozenset(_INVOICE_CODES.split()),
    "credit": frozenset(_CREDIT_CODES.split()),
}
_XSD_DECIMAL = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")
_XSD_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:Z|[+-]\d{2}:\d{2})?")
_NOT_AN_IBAN = re.compile(r"giro|:", re.IGNORECASE)


def _split(tag: str) -> tuple[str, str]:
    if tag.startswith("{"):
        uri, _, local = tag[1:].partition("}")
        return uri, local
    return "", tag


def _payload(root: Element, source: str) -> tuple[Element, DocType]:
    """The Invoice or CreditNote element, unwrapping an SBDH envelope; refuse anything else."""
    uri, local = _split(root.tag)
    if uri == SBDH_NS and local == "StandardBusinessDocument":
        inner = [
            child for child in root if _split(child.tag)[1] != "StandardBusinessDocumentHeader"
        ]
        if not inner:
            raise FileRefused(source, "the Peppol envelope (SBDH) holds no document")
        return _payload(inner[0], source)
    if root.tag in _ROOTS:
        return root, _ROOTS[root.tag]
    if uri == CII_NS:
        raise FileRefused(
            source,
            "this is a UN/CEFACT Cross Industry Invoice (CII: Factur-X, ZUGFeRD), which "
            "casetui does not support yet; export the invoice as UBL (Peppol BIS 3) instead",
        )
    if local in ("Invoice", "CreditNote"):
        found = f"namespace {uri!r}" if uri else "no namespace"
        raise FileRefused(source, f"<{local}> has {found}, not the UBL 2 {local} namespace")
    raise FileRefused(
        source,
        f"not a UBL invoice or credit note (the root element is <{local}>"
        + (f" in namespace {uri!r})" if uri else ")"),
    )


class _Reader:
    """Reads fields from one document and collects errors and warnings on the way."""

    def __init__(self, root: Element) -> None:
        self.root = root
        self.errors: list[str] = []
        self.warnings: list[str] = []

    def text(self, path: str, base: Element | None = None) -> str | None:
        node = (self.root if base is None else base).find(path, NS)
        return None if node is None else clean("".join(node.itertext()))

    def texts(self, path: str, base: Element | None = None) -> list[str]:
        nodes = (self.root if base is None else base).findall(path, NS)
        values = (clean("".join(node.itertext())) for node in nodes)
        return [value for value in values if value]

    def attr(self, path: str, name: str, base: Element | None = None) -> str | None:
        node = (self.root if base is None else base).find(path, NS)
        return None if node is None else clean(node.get(name))

    def date(
        self, path: str, label: str, *, required: bool, base: Element | None = None
    ) -> date | None:
        value = self.text(path, base)
        if value is None:
            if required:
                self.errors.append(f"missing {label}")
            return None
        match = _XSD_DATE.fullmatch(value)
        try:
            if not match:
                raise ValueError
            return date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            self.errors.append(f"bad {label} {value!r} (expected YYYY-MM-DD)")
            return None

    def amount(
        self, path: str, label: str, currency: str | None, *, required: bool = False
    ) -> Decimal | None:
        """A decimal amount; a bad one is an error when `required`, else a warning (the
        optional totals only feed the consistency check)."""
        node = self.root.find(path, NS)
        if node is None:
            return None
        value = clean("".join(node.itertext())) or ""
        if not _XSD_DECIMAL.fullmatch(value):
            problem = f"bad {label} {value!r} (not a number)"
            (self.errors if required else self.warnings).append(problem)
            return None
        try:
            amount = check_size(Decimal(value), value)
        except AmountError as error:
            (self.errors if required else self.warnings).append(f"bad {label}: {error}")
            return None
        stated = clean(node.get("currencyID"))
        if currency and stated and stated.upper() != currency:
            self.warnings.append(
                f"{label} is stated in {stated}, not in the document currency {currency}"
            )
        return amount

    def party(self, base: Element) -> ImportedParty | None:
        name = self.text("cac:PartyLegalEntity/cbc:RegistrationName", base)
        derived = False
        if name is None:
            name = self.text("cac:PartyName/cbc:Name", base)
            derived = name is not None
        if name is None:
            return None
        vat = None
        for scheme in base.findall("cac:PartyTaxScheme", NS):
            # Only the VAT registration: a second scheme (e.g. Swedish TAX) is not a VAT id.
            if (self.text("cac:TaxScheme/cbc:ID", scheme) or "").upper() == "VAT":
                vat = self.text("cbc:CompanyID", scheme)
                break
        address = "cac:PostalAddress/"
        lines = [
            self.text(address + "cbc:StreetName", base),
            self.text(address + "cbc:AdditionalStreetName", base),
            *self.texts(address + "cac:AddressLine/cbc:Line", base),
        ]
        country = self.text(address + "cac:Country/cbc:IdentificationCode", base)
        return ImportedParty(
            name=name,
            name_derived=derived,
            vat=vat,
            company_id=self.text("cac:PartyLegalEntity/cbc:CompanyID", base),
            company_id_scheme=self.attr("cac:PartyLegalEntity/cbc:CompanyID", "schemeID", base),
            endpoint_id=self.text("cbc:EndpointID", base),
            endpoint_scheme=self.attr("cbc:EndpointID", "schemeID", base),
            contact_name=clean_contact(self.text("cac:Contact/cbc:Name", base)),
            email=clean_contact(self.text("cac:Contact/cbc:ElectronicMail", base)),
            phone=clean_contact(self.text("cac:Contact/cbc:Telephone", base)),
            address_lines=tuple(line for line in lines if line),
            postcode=self.text(address + "cbc:PostalZone", base),
            city=self.text(address + "cbc:CityName", base),
            region=self.text(address + "cbc:CountrySubentity", base),
            country=country.upper() if country else None,
        )


def _due(
    reader: _Reader, issue: date, terms: str | None, default_terms_days: int, dayfirst: bool
) -> tuple[date, DueSource]:
    # BT-9 sits at document level in Invoice; a CreditNote (and UBL 2.0-style invoices)
    # carries it in PaymentMeans. Either place counts as read.
    for path in ("cbc:DueDate", "cac:PaymentMeans/cbc:PaymentDueDate"):
        read = reader.date(path, f"due date ({path})", required=False)
        if read is not None:
            return read, "read"
    suggested = due_from_terms(terms, issue, dayfirst=dayfirst)
    if suggested is not None:
        return suggested, "terms"
    return issue + timedelta(days=default_terms_days), "default"


def _seller_account(reader: _Reader) -> tuple[str | None, str | None]:
    """The seller's account (BT-84) and BIC from the first PaymentMeans that has one.

    Never the PaymentMandate's PayerFinancialAccount: that is the buyer's account (BT-91).
    """
    for means in reader.root.findall("cac:PaymentMeans", NS):
        account = reader.text("cac:PayeeFinancialAccount/cbc:ID", means)
        if account:
            bic = reader.text(
                "cac:PayeeFinancialAccount/cac:FinancialInstitutionBranch/cbc:ID", means
            )
            if not is_valid_iban(account) and not _NOT_AN_IBAN.search(bic or ""):
                reader.warnings.append(
                    f"seller account {account!r} is not a valid IBAN (kept as given)"
                )
            return account, bic
    return None, None


def _payment_reference(
    reader: _Reader, seller: ImportedParty | None, account: str | None
) -> Classified | None:
    """The first PaymentID (BT-83), classified with the issuer's country as a hint."""
    ids = reader.texts("cac:PaymentMeans/cbc:PaymentID")
    if not ids:
        return None
    country = (seller.country if seller else None) or (account[:2].upper() if account else None)
    reference = classify_reference(ids[0], country)
    if reference and reference.warning:
        reader.warnings.append(reference.warning)
    return reference


def _billing_references(reader: _Reader) -> tuple[tuple[str, ...], tuple[tuple[str, date], ...]]:
    """The invoices a credit note or corrective invoice names (BT-25), and the issue date
    (BT-26) of those that give one: a credit is applied only to the invoice it names."""
    numbers: dict[str, None] = {}
    issued: dict[str, date] = {}
    for node in reader.root.findall("cac:BillingReference/cac:InvoiceDocumentReference", NS):
        number = reader.text("cbc:ID", node)
        if not number:
            continue
        numbers.setdefault(number)
        day = reader.date(
            "cbc:IssueDate",
            f"issue date of invoice {number} in cac:BillingReference",
            required=False,
            base=node,
        )
        if day is not None:
            issued.setdefault(number, day)
    return tuple(numbers), tuple(issued.items())


def _check_totals(reader: _Reader, currency: str, payable: Decimal) -> Decimal:
    """Warn when the totals do not add up (BR-CO-16); the PrepaidAmount (zero if none)."""
    total = "cac:LegalMonetaryTotal/cbc:"
    inclusive = reader.amount(total + "TaxInclusiveAmount", "TaxInclusiveAmount", currency)
    prepaid = reader.amount(total + "PrepaidAmount", "PrepaidAmount", currency) or Decimal(0)
    rounding = reader.amount(total + "PayableRoundingAmount", "PayableRoundingAmount", currency)
    if inclusive is None:
        return prepaid
    expected = inclusive - prepaid + (rounding or Decimal(0))
    if round_money(expected, currency) != round_money(payable, currency):
        reader.warnings.append(
            f"totals do not add up: TaxInclusiveAmount {inclusive} - PrepaidAmount {prepaid} "
            f"+ PayableRoundingAmount {rounding or 0} = {expected}, but PayableAmount is "
            f"{payable}; the payable amount is used"
        )
    return prepaid


def parse_ubl(
    data: bytes,
    *,
    source: str,
    sha256: str,
    default_terms_days: int = 30,
    dayfirst: bool = True,
) -> FileParse:
    root, doc_type = _payload(parse_xml(data, source), source)
    reader = _Reader(root)
    label = "invoice" if doc_type == "invoice" else "credit note"

    number = reader.text("cbc:ID")
    if number is None:
        reader.errors.append(f"missing {label} number (cbc:ID)")
    issue = reader.date("cbc:IssueDate", "issue date (cbc:IssueDate)", required=True)
    currency: str | None = None
    raw_currency = reader.text("cbc:DocumentCurrencyCode")
    if raw_currency is None:
        reader.errors.append("missing currency (cbc:DocumentCurrencyCode)")
    else:
        try:
            currency = check_currency(raw_currency)
        except InputError as error:
            reader.errors.append(str(error))
    payable = reader.amount(
        "cac:LegalMonetaryTotal/cbc:PayableAmount", "PayableAmount", currency, required=True
    )
    if payable is None and not any("PayableAmount" in error for error in reader.errors):
        reader.errors.append("missing amount due (cac:LegalMonetaryTotal/cbc:PayableAmount)")
    buyer_node = root.find("cac:AccountingCustomerParty/cac:Party", NS)
    buyer = None if buyer_node is None else reader.party(buyer_node)
    if buyer is None:
        reader.errors.append("missing buyer name (cac:AccountingCustomerParty)")
    elif buyer.name_derived:
        reader.warnings.append(f"buyer has no legal name: using the trading name {buyer.name!r}")
    notes = (
        clean_lines("".join(node.itertext()))
        for node in root.findall("cac:PaymentTerms/cbc:Note", NS)
    )
    terms = "\n".join(note for note in notes if note) or None
    refers_to, refers_to_issued = _billing_references(reader)
    due: tuple[date, DueSource] | None = None
    if issue is not None:
        due = _due(reader, issue, terms, default_terms_days, dayfirst)

    if (
        reader.errors
        or number is None
        or issue is None
        or currency is None
        or payable is None
        or buyer is None
        or due is None
    ):
        problems = tuple(RowProblem(source, None, error) for error in reader.errors)
        return FileParse(source, "ubl", sha256, errors=problems, warnings=tuple(reader.warnings))

    prepaid = _check_totals(reader, currency, payable)
    rounded = round_money(payable, currency)
    if rounded != payable:
        reader.warnings.append(f"PayableAmount {payable} rounded to {rounded} {currency}")
    # The sign comes from the root element: a credit note's positive amount is owed to the buyer.
    amount = rounded if doc_type == "invoice" else -rounded
    # Paid before invoicing (a deposit, BT-113): the case keeps the invoice's total and
    # records the prepaid part as paid, so letters state the invoice as it was issued.
    total = None
    if doc_type == "invoice" and amount > 0 and prepaid > 0:
        total = amount + round_money(prepaid, currency)
    due_date, due_source = due
    if due_date < issue:
        reader.warnings.append(f"due date {due_date} is before the issue date {issue}")

    type_code = reader.text(
        "cbc:InvoiceTypeCode" if doc_type == "invoice" else "cbc:CreditNoteTypeCode"
    )
    if type_code is not None and type_code not in _TYPE_CODES[doc_type]:
        reader.warnings.append(f"type code {type_code} is not a Peppol {label} type code")

    seller_node = root.find("cac:AccountingSupplierParty/cac:Party", NS)
    seller = None if seller_node is None else reader.party(seller_node)
    account, bic = _seller_account(reader)
    reference = _payment_reference(reader, seller, account)
    payee = reader.text("cac:PayeeParty/cac:PartyName/cbc:Name")
    if payee and seller and payee != seller.name:
        reader.warnings.append(f"payee {payee!r} is not the seller: payments go to the payee")
    order = reader.text("cac:OrderReference/cbc:ID")

    if amount == 0:
        skipped = RowProblem(
            source, None, f"{label} {number}: nothing to pay (PayableAmount 0, fully prepaid)"
        )
        return FileParse(source, "ubl", sha256, skipped=(skipped,), warnings=tuple(reader.warnings))

    document = ImportedDocument(
        source=source,
        line=None,
        sha256=sha256,
        doc_type=doc_type,
        number=number,
        issue_date=issue,
        due_date=due_date,
        due_source=due_source,
        currency=currency,
        amount=amount,
        total=total,
        buyer=buyer,
        reference=reference.value if reference else None,
        reference_kind=reference.kind if reference else None,
        refers_to=refers_to,
        refers_to_issued=refers_to_issued,
        seller_name=seller.name if seller else None,
        seller_vat=seller.vat if seller else None,
        seller_endpoint_id=seller.endpoint_id if seller else None,
        seller_endpoint_scheme=seller.endpoint_scheme if seller else None,
        seller_account=account,
        seller_bic=bic,
        payee_name=payee,
        payment_means=tuple(reader.texts("cac:PaymentMeans/cbc:PaymentMeansCode")),
        mandate_id=reader.text("cac:PaymentMeans/cac:PaymentMandate/cbc:ID"),
        payment_terms=terms,
        buyer_reference=reader.text("cbc:BuyerReference"),
        order_reference=None if order is None or order.upper() == "NA" else order,
        type_code=type_code,
        customization_id=reader.text("cbc:CustomizationID"),
        warnings=tuple(dict.fromkeys(reader.warnings)),
    )
    return FileParse(source, "ubl", sha256, documents=(document,))
