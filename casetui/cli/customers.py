"""Debtors on the command line: `casetui customer list|show|edit|undo`, and the contact
options `add` shares with `edit` (each value checked by `casetui.checks`, as in the app).

CUSTOMER is an id (`CUS-0003`), a whole name or a unique part of one; a part that fits
several customers lists them and exits 2.
"""

from __future__ import annotations

import argparse
from dataclasses import replace
from datetime import date
from typing import Any

from casetui import checks
from casetui.cli.common import open_ledger, print_json
from casetui.cli.views import cut, table
from casetui.customers import Totals, find_customer, totals
from casetui.describe import headline
from casetui.errors import InputError
from casetui.ledger import Ledger
from casetui.model import Customer, CustomerKind, letter_languages_text
from casetui.money import format_amount, format_grouped, from_minor


def add_contact_options(parser: argparse.ArgumentParser) -> None:
    """--address (repeatable), --vat, --contact, --email, --phone, --lang, --kind,
    --country: a customer's details, for `add` (a new customer) and `customer edit`."""
    parser.add_argument(
        "--address",
        action="append",
        metavar="LINE",
        help="postal address, one line per option, as on the envelope (repeatable)",
    )
    parser.add_argument("--vat", metavar="NO", help="VAT, enterprise, KvK or company number")
    parser.add_argument("--contact", metavar="NAME", help="the person to ask for")
    parser.add_argument("--email", metavar="E")
    parser.add_argument("--phone", metavar="P")
    parser.add_argument("--lang", metavar="LL", help=f"letter language: {letter_languages_text()}")
    parser.add_argument("--kind", choices=[k.value for k in CustomerKind])
    parser.add_argument("--country", metavar="CC", help="two letters, e.g. BE, NL, GB")


def contact_values(args: argparse.Namespace, country: str = "") -> dict[str, Any]:
    """The details given on the command line, checked and normalised: {field: value}.
    An empty value (`--email ""`) clears the field. `country`: the customer's, for a VAT
    number written without its country code."""
    values: dict[str, Any] = {}

    def given(option: str) -> str | None:
        value = getattr(args, option, None)
        return None if value is None else value.strip()

    def checked(option: str, field: str, check: Any) -> None:
        text = given(option)
        if text is None:
            return
        try:
            values[field] = check(text) if text else ""
        except InputError as error:
            raise InputError(f"--{option}: {error}") from None

    checked("country", "country", checks.check_country)
    country = values.get("country", country)
    checked("lang", "language", checks.check_language)
    checked("email", "email", checks.check_email)
    checked("phone", "phone", checks.check_phone)
    checked("vat", "vat", lambda text: checks.check_vat(text, country))
    if (contact := given("contact")) is not None:
        values["contact"] = " ".join(contact.split())
    if getattr(args, "kind", None):
        values["kind"] = CustomerKind(args.kind)
    if getattr(args, "address", None) is not None:
        lines = [" ".join(line.split()) for line in args.address]
        values["address"] = "\n".join(line for line in lines if line)
    return values


# --------------------------------------------------------------------------- parsers


def configure(customer: argparse.ArgumentParser) -> None:
    customer.description = (
        "Debtors: who they are, what they owe over all their cases, their history. "
        "CUSTOMER is an id (CUS-0003) or a unique part of the name."
    )
    what = customer.add_subparsers(dest="what", metavar="WHAT", required=True)
    listing = what.add_parser(
        "list", help="every customer: what they owe, open cases, last contact"
    )
    listing.add_argument("--owing", action="store_true", help="only those who owe something")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=run_list)

    show = what.add_parser("show", help="one customer: details, cases, totals, last contacts")
    show.add_argument("customer", metavar="CUSTOMER")
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=run_show)

    edit = what.add_parser("edit", help="change a customer's details (undo takes it back)")
    edit.add_argument("customer", metavar="CUSTOMER")
    edit.add_argument("--name", metavar="NAME")
    add_contact_options(edit)
    edit.add_argument("--notes", metavar="TEXT", help="notes about this customer (replaces them)")
    edit.add_argument("--note", default="", metavar="WHY", help="why it changed (history)")
    edit.set_defaults(handler=run_edit)

    undo = what.add_parser("undo", help="take back the last change of a customer's details")
    undo.add_argument("customer", metavar="CUSTOMER")
    undo.set_defaults(handler=run_undo)


# --------------------------------------------------------------------------- reading


def _amounts_json(summary: Totals) -> dict[str, str]:
    return {
        currency: format_amount(from_minor(minor, currency), currency)
        for currency, minor in sorted(summary.owed.items())
    }


def customer_json(customer: Customer) -> dict[str, Any]:
    data = customer.to_json()
    data.setdefault("contact", "")
    data.setdefault("ibans", [])
    data.setdefault("limitation_law", "")
    data.pop("peppol_id", None)
    data["peppol_id"] = customer.peppol_id
    return data


def run_list(args: argparse.Namespace) -> int:
    with open_ledger(args, write=False) as ledger:
        rows = []
        cases_of = ledger.rows_by_customer()  # (from the index rows: no case is folded)
        for customer in ledger.customers():
            summary = totals(cases_of.get(customer.id, []))
            if args.owing and not any(summary.owed.values()):
                continue
            rows.append((customer, summary))
    if args.json:
        print_json(
            [
                {
                    "id": customer.id,
                    "name": customer.name,
                    "owed": _amounts_json(summary),
                    "open_cases": summary.open_cases,
                    "cases": summary.all_cases,
                    "last_contact": summary.last_contact,
                }
                for customer, summary in rows
            ]
        )
        return 0
    if not rows:
        print("No customers owe anything." if args.owing else "No customers yet.")
        return 0
    lines = [
        [
            customer.id,
            cut(customer.name, 34),
            str(summary.open_cases),
            summary.owed_text() if summary.open_cases else "",
            summary.last_contact.isoformat() if summary.last_contact else "",
        ]
        for customer, summary in rows
    ]
    print(table(lines, ["ID", "NAME", "OPEN", "OWES", "LAST CONTACT"], right={2, 3}))
    return 0


def recent_contacts(ledger: Ledger, customer_id: str, limit: int = 8) -> list[dict[str, Any]]:
    """The last calls and letters across a customer's cases, newest first."""
    found = []
    for state in ledger.cases_of(customer_id, include_closed=True):
        for event in state.timeline():
            if event.kind in ("call", "letter") and event.id not in state.voided_ids:
                found.append((event.date, state.id, event.id, headline(event, state.currency)))
    found.sort(reverse=True)
    return [
        {"date": day.isoformat(), "case": case_id, "what": what}
        for day, case_id, _, what in found[:limit]
    ]


def run_show(args: argparse.Namespace) -> int:
    with open_ledger(args, write=False) as ledger:
        customer = find_customer(ledger.customers(), args.customer)
        states = ledger.cases_of(customer.id, include_closed=True)
        summary = totals(states)
        contacts = recent_contacts(ledger, customer.id)
        history = ledger.customer_history(customer.id)
    if args.json:
        print_json(
            {
                **customer_json(customer),
                "owed": _amounts_json(summary),
                "open_cases": summary.open_cases,
                "last_contact": summary.last_contact,
                "cases": [_case_json(state, args.today) for state in states],
                "contacts": contacts,
                "history": [change.to_json() for change in history],
            }
        )
        return 0
    print(_show_text(customer, states, summary, contacts, history, args.today))
    return 0


def _case_json(state: Any, today: date) -> dict[str, Any]:
    return {
        "id": state.id,
        "invoice": state.invoice,
        "due": state.due.isoformat(),
        "currency": state.currency,
        "amount": format_amount(state.amount.amount, state.currency),
        "outstanding": format_amount(state.outstanding.amount, state.currency),
        "stage": state.stage.value,
        "closed": state.closed.reason.value if state.closed else None,
        "days_overdue": state.days_overdue(today) if state.closed is None else 0,
        "last_contact": state.last_contact,
    }


def _show_text(customer, states, summary, contacts, history, today) -> str:  # type: ignore[no-untyped-def]
    kind = [customer.kind.value, *(part for part in (customer.country,) if part)]
    lines = [f"{customer.id}  {customer.name} ({', '.join(kind)})"]
    for label, value in (
        ("Contact", customer.contact),
        ("E-mail", customer.email),
        ("Phone", customer.phone),
        ("VAT", customer.vat),
        ("Language", customer.language),
    ):
        if value:
            lines.append(f"{label:<10}{value}")
    for number, line in enumerate(customer.address.splitlines()):
        lines.append(f"{'Address' if number == 0 else '':<10}{line}")
    if customer.notes:
        lines.append(f"{'Notes':<10}{' / '.join(customer.notes.splitlines())}")
    last = summary.last_contact.isoformat() if summary.last_contact else "never"
    lines += [
        f"Owes      {summary.owed_text()} on {summary.open_cases} open case"
        f"{'s' if summary.open_cases != 1 else ''} ({summary.all_cases} in all); "
        f"last contact {last}",
        "",
    ]
    if states:
        rows = [
            [
                state.id,
                cut(state.invoice, 16),
                state.due.isoformat(),
                format_grouped(state.outstanding.amount, state.currency),
                state.currency,
                state.closed.reason.value if state.closed else state.stage.value,
            ]
            for state in states
        ]
        lines.append(table(rows, ["CASE", "INVOICE", "DUE", "OWES", "CUR", "STAGE"], right={3}))
    if contacts:
        lines += ["", "Last calls and letters"]
        lines += [f"  {c['date']}  {c['case']}  {c['what']}" for c in contacts]
    if history:
        lines += ["", "Changes"]
        lines += [f"  {c.date}  #{c.id} {c.describe()}" for c in history]
    return "\n".join(lines)


# --------------------------------------------------------------------------- writing


def run_edit(args: argparse.Namespace) -> int:
    with open_ledger(args, write=True) as ledger:
        customer = find_customer(ledger.customers(), args.customer)
        values = contact_values(args, customer.country)
        if args.name is not None:
            name = " ".join(args.name.split())
            if not name:
                raise InputError("--name: a customer needs a name")
            values["name"] = name
        if args.notes is not None:
            values["notes"] = args.notes.strip()
        if not values:
            raise InputError(
                "customer edit: nothing to change (--name, --address, --vat, --contact, "
                "--email, --phone, --lang, --kind, --country or --notes)"
            )
        edited = replace(customer, **values)
        if edited == customer:
            print(f"{customer.id}: nothing changed")
            return 0
        ledger.update_customer(edited, note=args.note, day=args.today)
        change = ledger.customer_history(customer.id)[-1]
    print(f"{customer.id}: changed {change.describe()}")
    return 0


def run_undo(args: argparse.Namespace) -> int:
    with open_ledger(args, write=True) as ledger:
        customer = find_customer(ledger.customers(), args.customer)
        undone, restored = ledger.undo_customer(customer.id, args.today)
    print(f"{restored.id}: undid change #{undone.id} ({undone.describe()})")
    return 0
