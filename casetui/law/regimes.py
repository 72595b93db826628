"""The legal regimes: which rate, which engine, which compensation, which clock, and why.

Imputation (what a payment settles first): art. 6:44 BW makes it costs, then interest, then
principal for the Dutch regimes. No statute in scope fixes it elsewhere (LAW.md §2.8); we use
the same order as every regime's default, which is also what a creditor may choose when the
debtor makes no appropriation, and `ClaimOptions.imputation` overrides it per claim.
"""

from __future__ import annotations

from casetui.errors import InputError
from casetui.values import frozen

COSTS_INTEREST_PRINCIPAL = ("costs", "interest", "principal")

_DIRECTIVE = "https://eur-lex.europa.eu/legal-content/EN/TXT/HTML/?uri=OJ:L:2011:048:FULL&from=ES"
_C585 = "https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=ecli%3AECLI%3AEU%3AC%3A2022%3A806"
_BW = "https://wetten.overheid.nl/BWBR0005289"
_WIK = "https://wetten.overheid.nl/BWBR0031432"
_HR_14D = "https://uitspraken.rechtspraak.nl/inziendocument?id=ECLI:NL:PHR:2016:938"
_UK_ACT = "https://www.legislation.gov.uk/ukpga/1998/20"
_UK_ORDER = "http://legislation.data.gov.uk/uksi/2002/1675/made/data.htm?wrap=true"
_BE_RATE = "https://etaamb.openjustice.be/nl/mededeling_n2023041019.html"
_BE_40 = (
    "https://www.ponet-law.be/language/nl/"
    "actuele-intrestvoet-betalingsachterstand-in-handelstransacties/"
)
_BE_XIX = (
    "https://studio-legale.com/"
    "de-nieuwe-invorderingswet-voor-consumenten-van-4-mei-2023-een-overzicht/"
)
_BE_XIX4 = "https://amboslaw.be/news/new-law-belgium-collecting-debts-consumers"
_BE_LEGAL = (
    "https://immospector.kluwer.be/NewsView.aspx?"
    "contentdomains=OR(IMMOPRO,IMMORES,IMMONEW,IMMOMOD)&id=kl2715948&lang=nl"
)

# EU member states (ISO 3166 codes; EL is the EU's own code for Greece).
EU_MEMBERS = frozenset({
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "EL", "ES", "FI", "FR", "GR", "HR",
    "HU", "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
})  # fmt: skip
KINDS = ("business", "consumer", "public")


@frozen
class Regime:
    """How one regime computes a claim.

    engine: "split" (A: each day at its period's rate), "fixed-at-start" (B: the rate of the
    half-year interest starts in, for the whole claim), "agreed" (one contractual rate), "none".
    compensation: "eur40", "wik", "be-lump-sum", "uk-fixed", "contract-fee", "none".
    clock: "be-xix" (first reminder and 14-day wait), "nl-14d" (14-day letter) or None.
    """

    code: str
    label: str
    currency: str
    consumer: bool
    series: str | None
    engine: str
    compounding: bool
    compensation: str
    clock: str | None
    clock_gates_interest: bool
    calendar_country: str | None
    imputation: tuple[str, ...]
    basis: tuple[str, ...]


REGIMES: dict[str, Regime] = {
    regime.code: regime
    for regime in (
        Regime(
            code="eu-b2b",
            label="EU B2B: Late Payment Directive 2011/7/EU",
            currency="EUR",
            consumer=False,
            series="eu",
            engine="split",
            compounding=False,
            compensation="eur40",
            clock=None,
            clock_gates_interest=False,
            calendar_country=None,
            imputation=COSTS_INTEREST_PRINCIPAL,
            basis=(
                "Directive 2011/7/EU arts. 2-3: interest from the day after the due date at the "
                f"ECB reference rate + 8 points, no reminder needed - {_DIRECTIVE}",
                "Directive 2011/7/EU art. 6: EUR 40 per late invoice plus reasonable further "
                "costs; CJEU C-585/20: per invoice, interest on the VAT-inclusive amount - "
                f"{_C585}",
            ),
        ),
        Regime(
            code="be-b2b",
            label="BE B2B: Act of 2 August 2002 (commercial transactions)",
            currency="EUR",
            consumer=False,
            series="be-b2b",
            engine="split",
            compounding=False,
            compensation="eur40",
            clock=None,
            clock_gates_interest=False,
            calendar_country="BE",
            imputation=COSTS_INTEREST_PRINCIPAL,
            basis=(
                "Act of 2 August 2002 art. 5: interest by law from the day after the due date at "
                "the semester rate published by FPS Finance (ECB + 8, rounded up to the next "
                f"half point) - {_BE_RATE}",
                f"Act of 2 August 2002 art. 6: EUR 40 per invoice plus reasonable further costs "
                f"- {_BE_40}",
            ),
        ),
        Regime(
            code="be-b2c",
            label="BE B2C: Code of Economic Law, Book XIX (consumer debts)",
            currency="EUR",
            consumer=True,
            series="be-legal",
            engine="split",
            compounding=False,
            compensation="be-lump-sum",
            clock="be-xix",
            clock_gates_interest=True,
            calendar_country="BE",
            imputation=COSTS_INTEREST_PRINCIPAL,
            basis=(
                "Code of Economic Law art. XIX.2: no interest or damages before a free first "
                "reminder and a wait of 14 calendar days (from the day after an e-mail, from the "
                f"third working day after posting) - {_BE_XIX}",
                "Code of Economic Law art. XIX.4: interest and a lump sum only as agreed in "
                "accepted, reciprocal terms; interest at most the BE B2B rate; lump sum at most "
                f"20 / 30 + 10 % / 65 + 5 % (max. EUR 2,000) - {_BE_XIX4}",
                f"Legal interest when no rate was agreed: Act of 5 May 1865 art. 2 - {_BE_LEGAL}",
            ),
        ),
        Regime(
            code="nl-b2b",
            label="NL B2B: wettelijke handelsrente (art. 6:119a BW)",
            currency="EUR",
            consumer=False,
            series="nl-handelsrente",
            engine="split",
            compounding=True,
            compensation="wik",
            clock=None,
            clock_gates_interest=False,
            calendar_country="NL",
            imputation=COSTS_INTEREST_PRINCIPAL,
            basis=(
                "Art. 6:119a BW: handelsrente from the day after the agreed payment day, no "
                "notice; rate per half-year = ECB + 8 (art. 6:120(2) BW); after each full year "
                f"the interest is added to the base (art. 6:119a(3) BW) - {_BW}",
                "Art. 6:96(2)(c) and (4) BW with the Besluit vergoeding voor "
                "buitengerechtelijke incassokosten art. 2: WIK scale on the principal, at least "
                f"EUR 40 - {_WIK}",
                f"Art. 6:44 BW: a payment settles costs, then interest, then principal - {_BW}",
            ),
        ),
        Regime(
            code="nl-b2c",
            label="NL B2C: wettelijke rente (art. 6:119 BW)",
            currency="EUR",
            consumer=True,
            series="nl-wettelijke",
            engine="split",
            compounding=True,
            compensation="wik",
            clock="nl-14d",
            clock_gates_interest=False,
            calendar_country="NL",
            imputation=COSTS_INTEREST_PRINCIPAL,
            basis=(
                "Art. 6:119 BW: wettelijke rente over the period of default (verzuim), added to "
                f"the base after each full year - {_BW}",
                "Art. 6:96(5)-(7) BW and the Besluit (WIK scale, min. EUR 40, max. EUR 6,775): "
                f"costs only after a compliant 14-day letter - {_WIK}",
                "HR 25-11-2016, ECLI:NL:HR:2016:2704: the 14 days run from the day after "
                f"delivery - {_HR_14D}",
                f"Art. 6:44 BW: a payment settles costs, then interest, then principal - {_BW}",
            ),
        ),
        Regime(
            code="uk-b2b",
            label="UK B2B: Late Payment of Commercial Debts (Interest) Act 1998",
            currency="GBP",
            consumer=False,
            series="uk",
            engine="fixed-at-start",
            compounding=False,
            compensation="uk-fixed",
            clock=None,
            clock_gates_interest=False,
            calendar_country="GB",
            imputation=COSTS_INTEREST_PRINCIPAL,
            basis=(
                "Late Payment of Commercial Debts (Interest) Act 1998 ss.1-4: simple interest "
                f"from the day after the agreed payment date - {_UK_ACT}",
                "Rate of Interest (No. 3) Order 2002 art. 4: Bank of England rate on 31 December "
                "or 30 June before the interest starts + 8 points, fixed for the whole debt - "
                f"{_UK_ORDER}",
                "1998 Act s.5A: fixed sum per debt of GBP 40 / 70 / 100, plus reasonable further "
                f"costs - {_UK_ACT}",
            ),
        ),
        Regime(
            code="contract",
            label="Contract: agreed rate and fee",
            currency="EUR",
            consumer=False,
            series=None,
            engine="agreed",
            compounding=False,
            compensation="contract-fee",
            clock=None,
            clock_gates_interest=False,
            calendar_country=None,
            imputation=COSTS_INTEREST_PRINCIPAL,
            basis=(
                "Interest at the annual rate agreed in the contract or accepted terms, simple, "
                "from the day after the due date; fee as agreed.",
            ),
        ),
        Regime(
            code="none",
            label="No interest or costs",
            currency="EUR",
            consumer=False,
            series=None,
            engine="none",
            compounding=False,
            compensation="none",
            clock=None,
            clock_gates_interest=False,
            calendar_country=None,
            imputation=COSTS_INTEREST_PRINCIPAL,
            basis=("No statutory late-payment interest or compensation is claimed.",),
        ),
    )
}


def regime_codes() -> tuple[str, ...]:
    return tuple(REGIMES)


def get_regime(code: str) -> Regime:
    """The regime for `code`; an unknown code names the valid ones."""
    try:
        return REGIMES[code.strip().lower()]
    except KeyError:
        raise InputError(f"unknown regime {code!r} (valid: {', '.join(REGIMES)})") from None


def default_regime(country: str | None, kind: str) -> str:
    """The regime to propose for a debtor, from the governing law's country and the debtor type.

    `country` is the ISO code of the law that governs the contract (for the small creditors we
    serve, usually their own); `kind` is "business", "consumer" or "public" (a public authority
    is treated like a business, as the Directive does).
    - BE, NL: their B2B or B2C regime. GB (or UK): uk-b2b for businesses; consumers get "none"
      (no statutory interest in the UK, LAW.md §7.2).
    - Other EU member states: businesses eu-b2b; consumers "none" (outside the Directive and
      not modelled here).
    - Unknown or missing country, or outside the EU/UK: "none". We never propose statutory
      interest a law might not grant; the user picks a regime (or "contract") explicitly.
    """
    if kind not in KINDS:
        raise InputError(f"debtor kind must be one of {', '.join(KINDS)}, got {kind!r}")
    consumer = kind == "consumer"
    code = (country or "").strip().upper()
    if code == "UK":
        code = "GB"
    if code == "BE":
        return "be-b2c" if consumer else "be-b2b"
    if code == "NL":
        return "nl-b2c" if consumer else "nl-b2b"
    if code == "GB":
        return "none" if consumer else "uk-b2b"
    if code in EU_MEMBERS and not consumer:
        return "eu-b2b"
    return "none"
