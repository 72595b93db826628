"""Words, numbers and dates in the letter languages: English, Dutch and French.

Amounts are grouped as people write them in each language (1,234.56 in English, 1.234,56 in
Dutch and in Belgian French), dates are spelled out ("23 November 2026", "23 november 2026",
"1er décembre 2026"), rates drop needless zeros ("10.5%", "10,5 %").

Also here: the short legal references a debtor reads in a letter, per regime and language
(the law package's `Regime.basis` lines are for the user: English, with sources).
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from casetui.errors import InputError
from casetui.money import currency_exponent

LANGUAGES = ("en", "nl", "fr")

_MONTHS = {
    "en": (
        "January", "February", "March", "April", "May", "June", "July", "August",
        "September", "October", "November", "December",
    ),
    "nl": (
        "januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
        "september", "oktober", "november", "december",
    ),
    "fr": (
        "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
        "septembre", "octobre", "novembre", "décembre",
    ),
}  # fmt: skip

_SYMBOLS = {"EUR": "€", "GBP": "£"}


def check_language(lang: str) -> str:
    code = lang.strip().lower()
    if code not in LANGUAGES:
        raise InputError(f"unknown letter language {lang!r} (use {', '.join(LANGUAGES)})")
    return code


def format_date(day: date, lang: str) -> str:
    """`23 November 2026`, `23 november 2026`, `1er décembre 2026`."""
    month = _MONTHS[lang][day.month - 1]
    number = "1er" if lang == "fr" and day.day == 1 else str(day.day)
    return f"{number} {month} {day.year}"


def format_number(value: Decimal, decimals: int, lang: str) -> str:
    """`1,234.56` (en) or `1.234,56` (nl, fr), rounded half up to `decimals`."""
    quantum = Decimal(1).scaleb(-decimals)
    text = f"{value.quantize(quantum, rounding=ROUND_HALF_UP):,f}"
    if lang == "en":
        return text
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def format_money(amount: Decimal, currency: str, lang: str) -> str:
    """`€1,234.56` / `€ 1.234,56` / `1.234,56 €`; unknown currencies keep their code."""
    number = format_number(amount, currency_exponent(currency), lang)
    symbol = _SYMBOLS.get(currency)
    if lang == "fr":
        return f"{number} {symbol or currency}"
    if lang == "en" and symbol:
        return f"{symbol}{number}"
    return f"{symbol or currency} {number}"


def format_daily(amount: Decimal, currency: str, lang: str) -> str:
    """A daily interest amount, to 4 decimals (never used to compute)."""
    number = format_number(amount, 4, lang)
    symbol = _SYMBOLS.get(currency) or currency
    if lang == "fr":
        return f"{number} {symbol}"
    if lang == "en" and symbol != currency:
        return f"{symbol}{number}"
    return f"{symbol} {number}"


def format_rate(rate: Decimal, lang: str) -> str:
    """`10.5%` (en), `10,5 %` (nl, fr)."""
    text = f"{rate.normalize():f}"
    if lang == "en":
        return f"{text}%"
    return f"{text.replace('.', ',')} %"


# --------------------------------------------------------------------------- vocabulary

KIND_NAMES = {
    "en": {
        "reminder": "payment reminder",
        "second-reminder": "second reminder",
        "formal-notice": "formal notice",
        "settlement": "settlement confirmation",
        "handover": "hand-over file",
        "instalment-reminder": "reminder of a missed instalment",
    },
    "nl": {
        "reminder": "betalingsherinnering",
        "second-reminder": "tweede herinnering",
        "formal-notice": "ingebrekestelling",
        "settlement": "bevestiging van de regeling",
        "handover": "overdrachtsdossier",
        "instalment-reminder": "herinnering aan een gemiste afbetaling",
    },
    "fr": {
        "reminder": "rappel de paiement",
        "second-reminder": "second rappel",
        "formal-notice": "mise en demeure",
        "settlement": "confirmation de l'accord",
        "handover": "dossier de transmission",
        "instalment-reminder": "rappel d'une échéance impayée",
    },
}

CHANNEL_NAMES = {
    "en": {"email": "e-mail", "post": "post", "registered": "registered post"},
    "nl": {"email": "e-mail", "post": "gewone post", "registered": "aangetekende zending"},
    "fr": {"email": "e-mail", "post": "courrier ordinaire", "registered": "envoi recommandé"},
}

HANDOVER_NAMES = {
    "en": {"agency": "collection agency", "bailiff": "bailiff", "lawyer": "lawyer"},
    "nl": {"agency": "incassobureau", "bailiff": "gerechtsdeurwaarder", "lawyer": "advocaat"},
    "fr": {
        "agency": "bureau de recouvrement",
        "bailiff": "huissier de justice",
        "lawyer": "avocat",
    },
}

CUSTOMER_KINDS = {
    "en": {"business": "business", "consumer": "consumer (private individual)"},
    "nl": {"business": "onderneming", "consumer": "consument (particulier)"},
    "fr": {"business": "entreprise", "consumer": "consommateur (particulier)"},
}

CALL_OUTCOMES = {
    "en": {
        "reached": "reached",
        "no-answer": "no answer",
        "voicemail": "voicemail",
        "wrong-number": "wrong number",
        "promised": "promised to pay",
        "disputed": "disputed the invoice",
    },
    "nl": {
        "reached": "bereikt",
        "no-answer": "geen antwoord",
        "voicemail": "voicemail",
        "wrong-number": "verkeerd nummer",
        "promised": "betaling beloofd",
        "disputed": "factuur betwist",
    },
    "fr": {
        "reached": "joint",
        "no-answer": "pas de réponse",
        "voicemail": "messagerie vocale",
        "wrong-number": "mauvais numéro",
        "promised": "a promis de payer",
        "disputed": "a contesté la facture",
    },
}

# The label of the creditor's registration number, by the creditor's country.
REGISTRATION_LABELS = {
    "BE": {"en": "Enterprise no.", "nl": "Ondernemingsnummer", "fr": "Numéro d'entreprise"},
    "NL": {"en": "KvK no.", "nl": "KvK-nummer", "fr": "Numéro KvK"},
    "GB": {"en": "Company no.", "nl": "Company number", "fr": "Company number"},
}
VAT_LABELS = {"en": "VAT no.", "nl": "Btw-nummer", "fr": "Numéro de TVA"}
OTHER_REGISTRATION = {
    "en": "Registration no.",
    "nl": "Registratienummer",
    "fr": "Numéro d'enregistrement",
}


# --------------------------------------------------------------------------- legal words


class LawWords(NamedTuple):
    """How a letter names a regime's interest and compensation, and their legal basis."""

    interest_name: str  # "interest for late payment"
    interest_basis: str  # "the Act of 2 August 2002 ... (art. 5)"
    costs_name: str  # table label: "Fixed compensation"
    costs_desc: str  # in a sentence: "a fixed compensation of €40 per invoice"
    costs_basis: str  # "art. 6 of the Act of 2 August 2002"


_BE_ACT = {
    "en": "the Act of 2 August 2002 on combating late payment in commercial transactions",
    "nl": "de wet van 2 augustus 2002 betreffende de bestrijding van de betalingsachterstand bij "
    "handelstransacties",
    "fr": "loi du 2 août 2002 concernant la lutte contre le retard de paiement dans les "
    "transactions commerciales",
}
_DIRECTIVE = {
    "en": "Directive 2011/7/EU on combating late payment in commercial transactions",
    "nl": "Richtlijn 2011/7/EU betreffende bestrijding van betalingsachterstand bij "
    "handelstransacties",
    "fr": "directive 2011/7/UE concernant la lutte contre le retard de paiement dans les "
    "transactions commerciales",
}
_WIK = {
    "en": "article 6:96 of the Dutch Civil Code and the Decree on extrajudicial collection costs",
    "nl": "artikel 6:96 BW en het Besluit vergoeding voor buitengerechtelijke incassokosten",
    "fr": "article 6:96 du Code civil néerlandais et décret sur les frais de recouvrement "
    "extrajudiciaires",
}
_UK_ACT = "Late Payment of Commercial Debts (Interest) Act 1998"

# "" where the regime charges none.
_LAW: dict[str, dict[str, LawWords]] = {
    "be-b2b": {
        "en": LawWords(
            "interest for late payment",
            f"{_BE_ACT['en']} (art. 5)",
            "Fixed compensation",
            "a fixed compensation of €40 per invoice",
            "art. 6 of the Act of 2 August 2002",
        ),
        "nl": LawWords(
            "verwijlintrest",
            f"{_BE_ACT['nl']} (art. 5)",
            "Forfaitaire schadevergoeding",
            "een forfaitaire schadevergoeding van € 40 per factuur",
            "art. 6 van de wet van 2 augustus 2002",
        ),
        "fr": LawWords(
            "intérêts de retard",
            f"{_BE_ACT['fr']} (art. 5)",
            "Indemnité forfaitaire",
            "une indemnité forfaitaire de 40 € par facture",
            "art. 6 de la loi du 2 août 2002",
        ),
    },
    "eu-b2b": {
        "en": LawWords(
            "interest for late payment",
            f"{_DIRECTIVE['en']} (art. 3)",
            "Fixed compensation",
            "a fixed compensation of €40 per invoice",
            "art. 6 of Directive 2011/7/EU",
        ),
        "nl": LawWords(
            "interest wegens betalingsachterstand",
            f"{_DIRECTIVE['nl']} (art. 3)",
            "Vaste vergoeding",
            "een vaste vergoeding van € 40 per factuur",
            "art. 6 van Richtlijn 2011/7/EU",
        ),
        "fr": LawWords(
            "intérêts pour retard de paiement",
            f"{_DIRECTIVE['fr']} (art. 3)",
            "Indemnité forfaitaire",
            "une indemnité forfaitaire de 40 € par facture",
            "art. 6 de la directive 2011/7/UE",
        ),
    },
    "be-b2c": {
        "en": LawWords(
            "interest for late payment",
            "Book XIX of the Code of Economic Law (art. XIX.2 and XIX.4)",
            "Lump-sum damages",
            "the lump-sum damages provided in our general terms and conditions",
            "art. XIX.4 of the Code of Economic Law",
        ),
        "nl": LawWords(
            "verwijlintrest",
            "Boek XIX van het Wetboek van economisch recht (art. XIX.2 en XIX.4)",
            "Forfaitaire schadevergoeding",
            "de forfaitaire schadevergoeding uit onze algemene voorwaarden",
            "art. XIX.4 van het Wetboek van economisch recht",
        ),
        "fr": LawWords(
            "intérêts de retard",
            "Livre XIX du Code de droit économique (art. XIX.2 et XIX.4)",
            "Indemnité forfaitaire",
            "l'indemnité forfaitaire prévue par nos conditions générales",
            "art. XIX.4 du Code de droit économique",
        ),
    },
    "nl-b2b": {
        "en": LawWords(
            "statutory commercial interest",
            "article 6:119a of the Dutch Civil Code (wettelijke handelsrente)",
            "Collection costs",
            "extrajudicial collection costs",
            _WIK["en"],
        ),
        "nl": LawWords(
            "wettelijke handelsrente",
            "artikel 6:119a van het Burgerlijk Wetboek",
            "Buitengerechtelijke incassokosten",
            "buitengerechtelijke incassokosten",
            _WIK["nl"],
        ),
        "fr": LawWords(
            "intérêts commerciaux légaux",
            "article 6:119a du Code civil néerlandais (wettelijke handelsrente)",
            "Frais de recouvrement",
            "des frais de recouvrement extrajudiciaires",
            _WIK["fr"],
        ),
    },
    "nl-b2c": {
        "en": LawWords(
            "statutory interest",
            "article 6:119 of the Dutch Civil Code (wettelijke rente)",
            "Collection costs",
            "extrajudicial collection costs",
            _WIK["en"],
        ),
        "nl": LawWords(
            "wettelijke rente",
            "artikel 6:119 van het Burgerlijk Wetboek",
            "Buitengerechtelijke incassokosten",
            "buitengerechtelijke incassokosten",
            _WIK["nl"],
        ),
        "fr": LawWords(
            "intérêts légaux",
            "article 6:119 du Code civil néerlandais (wettelijke rente)",
            "Frais de recouvrement",
            "des frais de recouvrement extrajudiciaires",
            _WIK["fr"],
        ),
    },
    "uk-b2b": {
        "en": LawWords(
            "statutory interest",
            f"the {_UK_ACT}",
            "Fixed-sum compensation",
            "a fixed sum of £40, £70 or £100 per invoice",
            f"section 5A of the {_UK_ACT}",
        ),
        "nl": LawWords(
            "wettelijke rente",
            f"de Britse {_UK_ACT}",
            "Vaste vergoeding",
            "een vaste vergoeding van £ 40, £ 70 of £ 100 per factuur",
            f"section 5A van de {_UK_ACT}",
        ),
        "fr": LawWords(
            "intérêts légaux",
            f"{_UK_ACT} (loi britannique)",
            "Indemnité forfaitaire",
            "une indemnité forfaitaire de 40 £, 70 £ ou 100 £ par facture",
            f"section 5A de la {_UK_ACT}",
        ),
    },
    "contract": {
        "en": LawWords(
            "contractual interest",
            "our general terms and conditions",
            "Agreed fee",
            "the fee agreed in our general terms and conditions",
            "our general terms and conditions",
        ),
        "nl": LawWords(
            "contractuele rente",
            "onze algemene voorwaarden",
            "Overeengekomen vergoeding",
            "de vergoeding uit onze algemene voorwaarden",
            "onze algemene voorwaarden",
        ),
        "fr": LawWords(
            "intérêts conventionnels",
            "nos conditions générales",
            "Indemnité convenue",
            "l'indemnité prévue par nos conditions générales",
            "nos conditions générales",
        ),
    },
}
_NONE = LawWords("", "", "", "", "")


def law_words(regime: str, lang: str) -> LawWords:
    """How a letter in `lang` names the regime's interest and compensation."""
    return _LAW.get(regime, {}).get(lang, _NONE)


_BE_LEGAL_INTEREST = {
    "en": ("legal interest", "the Act of 5 May 1865 on the legal interest rate"),
    "nl": ("wettelijke intrest", "de wet van 5 mei 1865 betreffende de wettelijke intrestvoet"),
    "fr": ("intérêts légaux", "loi du 5 mai 1865 relative au taux de l'intérêt légal"),
}


def be_legal_interest_words(lang: str) -> tuple[str, str]:
    """BE consumers without an agreed rate owe legal interest: its name and basis."""
    return _BE_LEGAL_INTEREST[lang]


# Disclosure of a rate carried forward beyond the rate table (LAW.md: say so wherever the
# figure appears). {periods}: "2026 H2"; {rate}: the rate used.
_EXTRAPOLATED = {
    "en": (
        "The official rate for {periods} has not been published yet; the last published rate "
        "({rate}) has been used for that period and the amount will be adjusted once the rate "
        "is known."
    ),
    "nl": (
        "De officiële rentevoet voor {periods} is nog niet bekendgemaakt; voor die periode is "
        "de laatst bekende rentevoet ({rate}) gebruikt. Het bedrag wordt aangepast zodra de "
        "rentevoet bekend is."
    ),
    "fr": (
        "Le taux officiel pour {periods} n'est pas encore publié ; le dernier taux connu "
        "({rate}) a été appliqué pour cette période et le montant sera adapté dès que le taux "
        "sera connu."
    ),
}

_HALF = {"en": ("the first half of", "the second half of"),
         "nl": ("de eerste helft van", "de tweede helft van"),
         "fr": ("le premier semestre", "le second semestre")}  # fmt: skip


def period_words(label: str, lang: str) -> str:
    """`2026 H2` -> `the second half of 2026` / `tweede helft van 2026` / `second semestre 2026`."""
    year, _, half = label.partition(" H")
    if not half:
        return year
    words = _HALF[lang][int(half) - 1]
    return f"{words} {year}"


# The same for a letter that states a rate but no interest amount (a reminder announcing it).
_EXTRAPOLATED_RATE = {
    "en": (
        "The official rate for {periods} has not been published yet; the rate stated is the "
        "last published one ({rate})."
    ),
    "nl": (
        "De officiële rentevoet voor {periods} is nog niet bekendgemaakt; de vermelde "
        "rentevoet is de laatst bekende ({rate})."
    ),
    "fr": (
        "Le taux officiel pour {periods} n'est pas encore publié ; le taux indiqué est le "
        "dernier taux connu ({rate})."
    ),
}


def extrapolation_note(periods: list[str], rate: str, lang: str, *, amounts: bool = True) -> str:
    """The disclosure of a carried-forward rate; `amounts`: the letter states interest."""
    joined = f" {AND_WORD[lang]} ".join(period_words(label, lang) for label in periods)
    text = _EXTRAPOLATED if amounts else _EXTRAPOLATED_RATE
    return text[lang].format(periods=joined, rate=rate)


REGIME_NAMES = {
    "be-b2b": {
        "en": "Belgian law, between businesses (Act of 2 August 2002)",
        "nl": "Belgisch recht, tussen ondernemingen (wet van 2 augustus 2002)",
        "fr": "droit belge, entre entreprises (loi du 2 août 2002)",
    },
    "be-b2c": {
        "en": "Belgian law, consumer debt (Book XIX Code of Economic Law)",
        "nl": "Belgisch recht, schuld van een consument (Boek XIX WER)",
        "fr": "droit belge, dette d'un consommateur (Livre XIX CDE)",
    },
    "nl-b2b": {
        "en": "Dutch law, commercial contract (art. 6:119a BW)",
        "nl": "Nederlands recht, handelsovereenkomst (art. 6:119a BW)",
        "fr": "droit néerlandais, contrat commercial (art. 6:119a BW)",
    },
    "nl-b2c": {
        "en": "Dutch law, consumer (art. 6:119 and 6:96 BW)",
        "nl": "Nederlands recht, consument (art. 6:119 en 6:96 BW)",
        "fr": "droit néerlandais, consommateur (art. 6:119 et 6:96 BW)",
    },
    "uk-b2b": {
        "en": f"English law, between businesses ({_UK_ACT})",
        "nl": f"Engels recht, tussen ondernemingen ({_UK_ACT})",
        "fr": f"droit anglais, entre entreprises ({_UK_ACT})",
    },
    "eu-b2b": {
        "en": "between businesses, Directive 2011/7/EU",
        "nl": "tussen ondernemingen, Richtlijn 2011/7/EU",
        "fr": "entre entreprises, directive 2011/7/UE",
    },
    "contract": {
        "en": "as agreed in the contract",
        "nl": "zoals overeengekomen in het contract",
        "fr": "tel que convenu dans le contrat",
    },
    "none": {
        "en": "no statutory interest or costs claimed",
        "nl": "geen wettelijke rente of kosten gevorderd",
        "fr": "ni intérêts légaux ni frais réclamés",
    },
}

COUNTRY_NAMES = {
    "en": {"BE": "BELGIUM", "NL": "NETHERLANDS", "GB": "UNITED KINGDOM"},
    "nl": {"BE": "BELGIË", "NL": "NEDERLAND", "GB": "VERENIGD KONINKRIJK"},
    "fr": {"BE": "BELGIQUE", "NL": "PAYS-BAS", "GB": "ROYAUME-UNI"},
}

REGISTERED_MARK = {"en": "By registered post", "nl": "Aangetekend", "fr": "Recommandé"}

REFERENCE_NAMES = {
    "ogm": {"en": "Structured communication", "nl": "Gestructureerde mededeling",
            "fr": "Communication structurée"},
    "rf": {"en": "Payment reference", "nl": "Betalingskenmerk", "fr": "Référence de paiement"},
}  # fmt: skip

OR_WORD = {"en": "or", "nl": "of", "fr": "ou"}
AND_WORD = {"en": "and", "nl": "en", "fr": "et"}
