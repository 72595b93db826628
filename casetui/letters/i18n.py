"""Words, numbers and dates in the letter languages: English, Dutch, French and German.

Amounts are grouped as people write them in each language (1,234.56 in English, 1.234,56 in
Dutch, Belgian French and German), dates are spelled out ("23 November 2026", "23 november
2026", "1er décembre 2026", "23. November 2026"), rates drop needless zeros ("10.5%",
"10,5 %"). German is Belgium's third official language: its legal words are those of the
official German texts of Belgian law (Wirtschaftsgesetzbuch, "Inverzugsetzung").

Also here: the short legal references a debtor reads in a letter, per regime and language
(the law package's `Regime.basis` lines are for the user: English, with sources).
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from casetui.errors import InputError
from casetui.model import LETTER_LANGUAGES
from casetui.money import currency_exponent
from casetui.records import NamedTuple

LANGUAGES = LETTER_LANGUAGES  # the one list: the CLI, the forms and the profile use it too

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
    "de": (
        "Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
        "September", "Oktober", "November", "Dezember",
    ),
}  # fmt: skip

_SYMBOLS = {"EUR": "€", "GBP": "£"}


def check_language(lang: str) -> str:
    code = lang.strip().lower()
    if code not in LANGUAGES:
        raise InputError(f"unknown letter language {lang!r} (use {', '.join(LANGUAGES)})")
    return code


def format_date(day: date, lang: str) -> str:
    """`23 November 2026`, `23 november 2026`, `1er décembre 2026`, `23. November 2026`."""
    month = _MONTHS[lang][day.month - 1]
    number = "1er" if lang == "fr" and day.day == 1 else str(day.day)
    if lang == "de":
        number += "."
    return f"{number} {month} {day.year}"


def format_number(value: Decimal, decimals: int, lang: str) -> str:
    """`1,234.56` (en) or `1.234,56` (nl, fr, de), rounded half up to `decimals`."""
    quantum = Decimal(1).scaleb(-decimals)
    text = f"{value.quantize(quantum, rounding=ROUND_HALF_UP):,f}"
    if lang == "en":
        return text
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def format_money(amount: Decimal, currency: str, lang: str) -> str:
    """`€1,234.56` / `€ 1.234,56` / `1.234,56 €` (fr, de); unknown currencies keep their code."""
    number = format_number(amount, currency_exponent(currency), lang)
    symbol = _SYMBOLS.get(currency)
    if lang in ("fr", "de"):
        return f"{number} {symbol or currency}"
    if lang == "en" and symbol:
        return f"{symbol}{number}"
    return f"{symbol or currency} {number}"


def format_daily(amount: Decimal, currency: str, lang: str) -> str:
    """A daily interest amount, to 4 decimals (never used to compute)."""
    number = format_number(amount, 4, lang)
    symbol = _SYMBOLS.get(currency) or currency
    if lang in ("fr", "de"):
        return f"{number} {symbol}"
    if lang == "en" and symbol != currency:
        return f"{symbol}{number}"
    return f"{symbol} {number}"


def format_rate(rate: Decimal, lang: str) -> str:
    """`10.5%` (en), `10,5 %` (nl, fr, de)."""
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

# Where the order in which a payment was applied comes from (issue 18, item 7): a statute
# for the Dutch regimes (art. 6:44 BW) and, for interest before principal, Belgium's
# art. 1254 old Civil Code; elsewhere the creditor's order when the debtor names none.
_IMPUTATION_BASIS = {
    "nl": {
        "en": "art. 6:44 of the Dutch Civil Code",
        "nl": "art. 6:44 BW",
        "fr": "art. 6:44 du Code civil néerlandais",
    },
    "be": {
        "en": "art. 1254 of the old Civil Code: interest before principal",
        "nl": "art. 1254 oud Burgerlijk Wetboek: eerst de interesten, dan de hoofdsom",
        "fr": "art. 1254 de l'ancien Code civil : les intérêts avant le capital",
    },
}


def imputation_basis(regime: str, lang: str) -> str:
    """The legal basis of the default order costs, interest, principal, or "" if none."""
    family = regime.split("-", 1)[0]
    return _IMPUTATION_BASIS.get(family, {}).get(lang, "")


# An agreed percentage fee and its bounds, as the letter states the clause (issue 18, item 13).
_FEE_TERMS = {
    "en": ("{percent} of the principal", "at least {minimum}", "at most {maximum}"),
    "nl": ("{percent} van de hoofdsom", "minimaal {minimum}", "maximaal {maximum}"),
    "fr": ("{percent} du principal", "au minimum {minimum}", "au maximum {maximum}"),
}


def fee_terms(percent: str, minimum: str, maximum: str, lang: str) -> str:
    """`10 % of the principal, at least € 75,00, at most € 500,00` (bounds when given)."""
    base, low, high = _FEE_TERMS[lang]
    parts = [base.format(percent=percent)]
    if minimum:
        parts.append(low.format(minimum=minimum))
    if maximum:
        parts.append(high.format(maximum=maximum))
    return ", ".join(parts)


# --------------------------------------------------------------------------- German
# Belgium's third official language (issue 18, item 5). The legal words follow the official
# German texts of Belgian law: Wirtschaftsgesetzbuch (Code of Economic Law, Buch XIX "Schulden
# des Verbrauchers"), Gesetz vom 2. August 2002 zur Bekämpfung des Zahlungsverzugs im
# Handelsverkehr, Zivilgesetzbuch; "Inverzugsetzung" for the formal notice; the EU's German
# title of Directive 2011/7/EU. Dutch and English law keep their own names.

KIND_NAMES["de"] = {
    "reminder": "Zahlungserinnerung",
    "second-reminder": "zweite Zahlungserinnerung",
    "formal-notice": "Inverzugsetzung",
    "settlement": "Bestätigung der Vereinbarung",
    "handover": "Übergabeakte",
    "instalment-reminder": "Erinnerung an eine nicht gezahlte Rate",
}
CHANNEL_NAMES["de"] = {"email": "E-Mail", "post": "gewöhnliche Post", "registered": "Einschreiben"}
HANDOVER_NAMES["de"] = {
    "agency": "Inkassobüro",
    "bailiff": "Gerichtsvollzieher",
    "lawyer": "Rechtsanwalt",
}
CUSTOMER_KINDS["de"] = {"business": "Unternehmen", "consumer": "Verbraucher (Privatperson)"}
CALL_OUTCOMES["de"] = {
    "reached": "erreicht",
    "no-answer": "keine Antwort",
    "voicemail": "Mailbox",
    "wrong-number": "falsche Nummer",
    "promised": "Zahlung zugesagt",
    "disputed": "Rechnung bestritten",
}
REGISTRATION_LABELS["BE"]["de"] = "Unternehmensnummer"
REGISTRATION_LABELS["NL"]["de"] = "KvK-Nummer"
REGISTRATION_LABELS["GB"]["de"] = "Company number"
VAT_LABELS["de"] = "MwSt.-Nummer"
OTHER_REGISTRATION["de"] = "Registrierungsnummer"

_BE_ACT["de"] = "Gesetz vom 2. August 2002 zur Bekämpfung des Zahlungsverzugs im Handelsverkehr"
_DIRECTIVE["de"] = "Richtlinie 2011/7/EU zur Bekämpfung von Zahlungsverzug im Geschäftsverkehr"
_WIK["de"] = (
    "Artikel 6:96 des niederländischen Bürgerlichen Gesetzbuches und dem Erlass über die "
    "Vergütung außergerichtlicher Inkassokosten"
)
_LAW["be-b2b"]["de"] = LawWords(
    "Verzugszinsen",
    f"dem {_BE_ACT['de']} (Art. 5)",
    "Pauschale Entschädigung",
    "eine pauschale Entschädigung von 40 € pro Rechnung",
    "Art. 6 des Gesetzes vom 2. August 2002",
)
_LAW["eu-b2b"]["de"] = LawWords(
    "Verzugszinsen",
    f"der {_DIRECTIVE['de']} (Art. 3)",
    "Pauschale Entschädigung",
    "eine pauschale Entschädigung von 40 € pro Rechnung",
    "Art. 6 der Richtlinie 2011/7/EU",
)
_LAW["be-b2c"]["de"] = LawWords(
    "Verzugszinsen",
    "Buch XIX des Wirtschaftsgesetzbuches (Art. XIX.2 und XIX.4)",
    "Pauschale Entschädigung",
    "die in unseren allgemeinen Geschäftsbedingungen vorgesehene pauschale Entschädigung",
    "Art. XIX.4 des Wirtschaftsgesetzbuches",
)
_LAW["nl-b2b"]["de"] = LawWords(
    "gesetzliche Handelszinsen",
    "Artikel 6:119a des niederländischen Bürgerlichen Gesetzbuches (wettelijke handelsrente)",
    "Inkassokosten",
    "außergerichtliche Inkassokosten",
    _WIK["de"],
)
_LAW["nl-b2c"]["de"] = LawWords(
    "gesetzliche Zinsen",
    "Artikel 6:119 des niederländischen Bürgerlichen Gesetzbuches (wettelijke rente)",
    "Inkassokosten",
    "außergerichtliche Inkassokosten",
    _WIK["de"],
)
_LAW["uk-b2b"]["de"] = LawWords(
    "gesetzliche Zinsen",
    f"dem britischen {_UK_ACT}",
    "Pauschalbetrag",
    "ein Pauschalbetrag von 40 £, 70 £ oder 100 £ pro Rechnung",
    f"Section 5A des {_UK_ACT}",
)
_LAW["contract"]["de"] = LawWords(
    "vertragliche Zinsen",
    "unseren allgemeinen Geschäftsbedingungen",
    "Vereinbarte Entschädigung",
    "die in unseren allgemeinen Geschäftsbedingungen vereinbarte Entschädigung",
    "unsere allgemeinen Geschäftsbedingungen",
)
_BE_LEGAL_INTEREST["de"] = (
    "gesetzliche Zinsen",
    "dem Gesetz vom 5. Mai 1865 über den gesetzlichen Zinssatz",
)
_EXTRAPOLATED["de"] = (
    "Der amtliche Zinssatz für {periods} ist noch nicht veröffentlicht; für diesen Zeitraum "
    "wurde der zuletzt veröffentlichte Zinssatz ({rate}) angewandt. Der Betrag wird angepasst, "
    "sobald der Zinssatz bekannt ist."
)
_HALF["de"] = ("das erste Halbjahr", "das zweite Halbjahr")
_EXTRAPOLATED_RATE["de"] = (
    "Der amtliche Zinssatz für {periods} ist noch nicht veröffentlicht; der angegebene "
    "Zinssatz ist der zuletzt veröffentlichte ({rate})."
)
for _code, _name in {
    "be-b2b": "belgisches Recht, zwischen Unternehmen (Gesetz vom 2. August 2002)",
    "be-b2c": "belgisches Recht, Schuld eines Verbrauchers (Buch XIX Wirtschaftsgesetzbuch)",
    "nl-b2b": "niederländisches Recht, Handelsvertrag (Art. 6:119a BW)",
    "nl-b2c": "niederländisches Recht, Verbraucher (Art. 6:119 und 6:96 BW)",
    "uk-b2b": f"englisches Recht, zwischen Unternehmen ({_UK_ACT})",
    "eu-b2b": "zwischen Unternehmen, Richtlinie 2011/7/EU",
    "contract": "wie im Vertrag vereinbart",
    "none": "weder gesetzliche Zinsen noch Kosten gefordert",
}.items():
    REGIME_NAMES[_code]["de"] = _name
COUNTRY_NAMES["de"] = {"BE": "BELGIEN", "NL": "NIEDERLANDE", "GB": "VEREINIGTES KÖNIGREICH"}
REGISTERED_MARK["de"] = "Einschreiben"
REFERENCE_NAMES["ogm"]["de"] = "Strukturierte Mitteilung"
REFERENCE_NAMES["rf"]["de"] = "Zahlungsreferenz"
OR_WORD["de"] = "oder"
AND_WORD["de"] = "und"
_IMPUTATION_BASIS["nl"]["de"] = "Art. 6:44 des niederländischen Bürgerlichen Gesetzbuches"
_IMPUTATION_BASIS["be"]["de"] = (
    "Art. 1254 des früheren Zivilgesetzbuches: zuerst die Zinsen, dann die Hauptsumme"
)
_FEE_TERMS["de"] = ("{percent} der Hauptsumme", "mindestens {minimum}", "höchstens {maximum}")
