"""A case's timeline in words, for the hand-over file (in the file's language).

Every event that is not voided becomes one dated line; user text (notes, reasons, terms) is
kept as typed and escaped where the template prints it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from casetui.letters import i18n
from casetui.model import Event
from casetui.timeline import CaseState

Formatter = Callable[[Any], str]

_WORDS = {
    "en": {
        "opened": "Invoice {invoice} issued for {amount}, due {due}",
        "amended": "Invoice data corrected",
        "note": "Note: {text}",
        "call": "Phone call ({outcome})",
        "letter": "{kind} sent by {channel}",
        "deadline": "deadline {deadline}",
        "tracking": "tracking no. {tracking}",
        "dispute": "Invoice disputed: {reason}",
        "settled": "Dispute settled: {terms}",
        "settled_amount": "agreed amount {amount}",
        "promise": "Promise to pay {amount} by {by}",
        "payment": "Payment received: {amount}",
        "credit": "Credit note {document}: {amount}",
        "snooze": "Follow-up postponed to {until}",
        "stage": "Stage set to {stage}",
        "handover": "Handed over to {to}",
        "closed": "Case closed ({reason})",
        "reopened": "Case reopened",
    },
    "nl": {
        "opened": "Factuur {invoice} uitgereikt voor {amount}, vervaldag {due}",
        "amended": "Factuurgegevens verbeterd",
        "note": "Notitie: {text}",
        "call": "Telefoongesprek ({outcome})",
        "letter": "{kind} verstuurd per {channel}",
        "deadline": "termijn tot {deadline}",
        "tracking": "zendingnummer {tracking}",
        "dispute": "Factuur betwist: {reason}",
        "settled": "Betwisting geregeld: {terms}",
        "settled_amount": "overeengekomen bedrag {amount}",
        "promise": "Betalingsbelofte: {amount} tegen {by}",
        "payment": "Betaling ontvangen: {amount}",
        "credit": "Creditnota {document}: {amount}",
        "snooze": "Opvolging uitgesteld tot {until}",
        "stage": "Fase gewijzigd naar {stage}",
        "handover": "Overgedragen aan {to}",
        "closed": "Dossier afgesloten ({reason})",
        "reopened": "Dossier heropend",
    },
    "fr": {
        "opened": "Facture {invoice} émise pour {amount}, échéance {due}",
        "amended": "Données de la facture corrigées",
        "note": "Note : {text}",
        "call": "Appel téléphonique ({outcome})",
        "letter": "{kind} envoyé par {channel}",
        "deadline": "délai jusqu'au {deadline}",
        "tracking": "numéro d'envoi {tracking}",
        "dispute": "Facture contestée : {reason}",
        "settled": "Contestation réglée : {terms}",
        "settled_amount": "montant convenu {amount}",
        "promise": "Promesse de paiement : {amount} pour le {by}",
        "payment": "Paiement reçu : {amount}",
        "credit": "Note de crédit {document} : {amount}",
        "snooze": "Suivi reporté au {until}",
        "stage": "Étape modifiée : {stage}",
        "handover": "Transmis à {to}",
        "closed": "Dossier clôturé ({reason})",
        "reopened": "Dossier rouvert",
    },
    "de": {
        "opened": "Rechnung {invoice} über {amount} ausgestellt, fällig am {due}",
        "amended": "Rechnungsdaten berichtigt",
        "note": "Notiz: {text}",
        "call": "Telefonat ({outcome})",
        "letter": "{kind} versandt per {channel}",
        "deadline": "Frist bis {deadline}",
        "tracking": "Sendungsnummer {tracking}",
        "dispute": "Rechnung bestritten: {reason}",
        "settled": "Streit beigelegt: {terms}",
        "settled_amount": "vereinbarter Betrag {amount}",
        "promise": "Zahlungszusage: {amount} bis {by}",
        "payment": "Zahlung erhalten: {amount}",
        "credit": "Gutschrift {document}: {amount}",
        "snooze": "Nachverfolgung verschoben auf {until}",
        "stage": "Stufe geändert: {stage}",
        "handover": "Übergeben an {to}",
        "closed": "Akte abgeschlossen ({reason})",
        "reopened": "Akte wieder eröffnet",
    },
}


def describe(event: Event, lang: str, money: Formatter, day: Formatter) -> str:
    """One event as a sentence in `lang` (without its date)."""
    words = _WORDS[lang]
    kind = event.kind
    get = lambda name: getattr(event, name)  # noqa: E731
    if kind == "opened":
        return words["opened"].format(
            invoice=get("invoice"), amount=money(get("amount")), due=day(get("due"))
        )
    if kind == "amended":
        note = get("note")
        return words["amended"] + (f": {note}" if note else "")
    if kind == "note":
        return words["note"].format(text=get("text"))
    if kind == "call":
        text = words["call"].format(outcome=i18n.CALL_OUTCOMES[lang][get("outcome").value])
        return text + (f": {get('note')}" if get("note") else "")
    if kind == "letter":
        text = words["letter"].format(
            kind=i18n.KIND_NAMES[lang][get("letter_kind").value].capitalize(),
            channel=i18n.CHANNEL_NAMES[lang][get("channel").value],
        )
        extra = []
        if get("deadline"):
            extra.append(words["deadline"].format(deadline=day(get("deadline"))))
        if get("tracking"):
            extra.append(words["tracking"].format(tracking=get("tracking")))
        return ", ".join([text, *extra])
    if kind == "dispute":
        return words["dispute"].format(reason=get("reason"))
    if kind == "settled":
        text = words["settled"].format(terms=get("terms"))
        amount = get("amount")
        return text + (
            ", " + words["settled_amount"].format(amount=money(amount)) if amount else ""
        )
    if kind == "promise":
        return words["promise"].format(amount=money(get("amount")), by=day(get("by")))
    if kind == "payment":
        return words["payment"].format(amount=money(get("amount")))
    if kind == "credit":
        return words["credit"].format(document=get("document"), amount=money(get("amount")))
    if kind == "snooze":
        text = words["snooze"].format(until=day(get("until")))
        return text + (f": {get('reason')}" if get("reason") else "")
    if kind == "stage":
        return words["stage"].format(stage=get("stage").label)
    if kind == "handover":
        to = i18n.HANDOVER_NAMES[lang][get("to").value]
        name = get("name")
        return words["handover"].format(to=f"{to} {name}".strip())
    if kind == "closed":
        return words["closed"].format(reason=get("reason").value)
    if kind == "reopened":
        return words["reopened"] + (f": {get('reason')}" if get("reason") else "")
    return event.label


def history_rows(
    state: CaseState, lang: str, money: Formatter, day: Formatter
) -> list[dict[str, str]]:
    """The case's events in order (voided ones and the voiding itself left out)."""
    rows = []
    for event in state.timeline():
        if event.id in state.voided_ids or event.kind == "voided":
            continue
        rows.append(
            {
                "date": day(event.date),
                "invoice": state.invoice,
                "what": describe(event, lang, money, day),
            }
        )
    return rows
