"""Cases on the command line: `add`, `list`, `agenda`, `edit`, `undo`, `redo`, `export`."""

from __future__ import annotations

import argparse
import sys
from datetime import date

from casetui.checks import check_currency
from casetui.cli.common import (
    accept_negative_offsets,
    amount,
    business_profile,
    day,
    is_folder,
    ledger_path,
    not_in_future,
    open_ledger,
    print_json_items,
    user_path,
    write_output,
)
from casetui.cli.customers import add_contact_options, contact_values
from casetui.cli.ending import leave_for_exit
from casetui.cli.views import (
    CASE_HEADER,
    agenda_json_items,
    balance_grouped,
    case_rows,
    cut,
    summary_json,
    table,
    totals_line,
)
from casetui.describe import headline
from casetui.errors import InputError
from casetui.filters import Facts, Query, stages_named
from casetui.filters import parse as parse_filter
from casetui.ledger import Ledger, gc_paused
from casetui.model import LIMITATION_LAWS, ClaimType, Customer, Opened, Stage
from casetui.money import Money
from casetui.timeline import CaseState
from casetui.userfiles import check_target


def configure_add(add: argparse.ArgumentParser) -> None:
    add.description = (
        "Add a case. An existing customer is matched by name (case-insensitive) "
        "and reused; otherwise a new customer is created with the details given."
    )
    accept_negative_offsets(add)  # --issued -30d
    add.add_argument("--customer", required=True, metavar="NAME")
    add.add_argument("--invoice", required=True, metavar="NO", help="the invoice number")
    add.add_argument("--amount", required=True, metavar="AMOUNT", help="VAT included, e.g. 1250,00")
    add.add_argument("--currency", default=None, metavar="CUR", help="default EUR (GBP for GB)")
    add.add_argument("--issued", required=True, metavar="DATE")
    add.add_argument("--due", required=True, metavar="DATE")
    add_contact_options(add)  # a new customer's details
    add.add_argument("--tag", action="append", default=[], metavar="TAG", help="repeatable")
    add_limitation_options(add, auto=False)
    add.set_defaults(handler=run_add)


def configure_list(listing: argparse.ArgumentParser) -> None:
    listing.description = (
        "List cases, filtered with the words of the app's `/` filter: free text, "
        'customer:acme, customer:"daan mulder", stage:formal, overdue>30, amount>500, '
        "currency:gbp, tag:vip, disputed, promised, broken, closed, open, due; ! or - "
        "negates a term, OR between terms gives either."
    )
    listing.add_argument("filter", nargs="*", metavar="WORD", help="filter words, as in the app")
    listing.add_argument("--all", action="store_true", help="closed cases too")
    listing.add_argument(
        "--stage",
        metavar="STAGE",
        help="open, reminder, second-reminder, formal-notice, handed-over, closed "
        "(a prefix or the label will do: formal, 'formal notice')",
    )
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=run_list)


def configure_agenda(agenda: argparse.ArgumentParser) -> None:
    agenda.add_argument("--json", action="store_true")
    agenda.set_defaults(handler=run_agenda)


def configure_edit(edit: argparse.ArgumentParser) -> None:
    edit.description = (
        "Correct a case: the change is recorded as an `amended` event (undo "
        "cancels it). Regimes: " + ", ".join(("auto", *_regimes())) + "; `auto` derives it "
        "from the law of the contract (the one limitation applies: the case's or customer's "
        "--limitation-law, else a consumer's country, else yours) and the customer's kind."
    )
    accept_negative_offsets(edit)
    edit.add_argument("case", metavar="CASE")
    edit.add_argument("--invoice", metavar="NO")
    edit.add_argument("--amount", metavar="AMOUNT")
    edit.add_argument("--issued", metavar="DATE")
    edit.add_argument("--due", metavar="DATE")
    edit.add_argument("--regime", metavar="R")
    edit.add_argument("--tag", action="append", metavar="TAG", help="replaces the tags")
    add_limitation_options(edit, auto=True)
    edit.add_argument(
        "--customer-limitation-law",
        metavar="LAW",
        help="the law of all this customer's contracts (be, nl, ew, scot, or auto)",
    )
    edit.add_argument("--note", default="", metavar="TEXT", help="why it was corrected")
    edit.set_defaults(handler=run_edit)


def configure_undo(undo: argparse.ArgumentParser) -> None:
    undo.add_argument("case", metavar="CASE")
    undo.set_defaults(handler=run_undo)


def configure_redo(redo: argparse.ArgumentParser) -> None:
    redo.add_argument("case", metavar="CASE")
    redo.set_defaults(handler=run_redo)


def configure_export(export: argparse.ArgumentParser) -> None:
    export.add_argument("case", metavar="CASE", nargs="?")
    export.add_argument(
        "--format",
        choices=("md", "html", "zip"),
        default="md",
        help="zip: the case's bundle (history, letters as PDF, attachments, evidence, "
        "manifest.json with checksums), checked by `casetui verify --bundle`",
    )
    export.add_argument(
        "--customer", metavar="CUSTOMER", help="with --format zip: all of a debtor's cases"
    )
    export.add_argument("-o", "--output", metavar="FILE", help="write here (default: stdout)")
    export.set_defaults(handler=run_export)


# --------------------------------------------------------------------------- limitation


def add_limitation_options(parser: argparse.ArgumentParser, *, auto: bool) -> None:
    """--limitation-law, --claim and --delivered, for `add` and `edit`."""
    laws = ", ".join(LIMITATION_LAWS)
    if auto:
        laws += ", or auto (the customer's, else by Rome I)"
    parser.add_argument(
        "--limitation-law",
        metavar="LAW",
        help=f"the law of the contract, for limitation and the regime proposed: {laws} "
        "(default: the customer's; a business: your country's, a consumer: theirs; GB is "
        "England and Wales)",
    )
    parser.add_argument(
        "--claim",
        metavar="KIND",
        help="what the invoice is for: goods, services or periodic (one of a series payable "
        "yearly or more often)",
    )
    parser.add_argument(
        "--delivered",
        metavar="DATE",
        help="when the goods were delivered or the work completed (England and Wales count "
        "limitation from it)",
    )


def limitation_law(text: str | None, option: str, *, auto: bool) -> str | None:
    """A law code from the command line: None (not given), "" (auto) or be, nl, ew, scot."""
    if text is None:
        return None
    value = text.strip().lower()
    if auto and value == "auto":
        return ""
    if value not in LIMITATION_LAWS:
        hint = " (England and Wales is ew, Scotland scot)" if value in ("gb", "uk", "sc") else ""
        choices = ", ".join((*LIMITATION_LAWS, *(("auto",) if auto else ())))
        raise InputError(f"{option}: one of {choices}, not {text!r}{hint}")
    return value


def claim_type(text: str | None) -> ClaimType | None:
    if text is None:
        return None
    try:
        return ClaimType(text.strip().lower())
    except ValueError:
        names = ", ".join(kind.value for kind in ClaimType)
        raise InputError(f"--claim: one of {names}, not {text!r}") from None


# --------------------------------------------------------------------------- add


def _currency(text: str) -> str:
    try:
        return check_currency(text)
    except InputError as error:
        raise InputError(f"--currency: {error}") from None


def run_add(args: argparse.Namespace) -> int:
    name = " ".join(args.customer.split())
    if not name:
        raise InputError("--customer: a name is required")
    invoice = args.invoice.strip()
    if not invoice:
        raise InputError("--invoice: an invoice number is required")
    details = contact_values(args)  # checked before the ledger is opened
    country = details.get("country", "")
    issued = not_in_future(day(args.issued, args, "--issued"), args, "--issued")
    due = day(args.due, args, "--due")
    if due < issued:
        raise InputError(f"--due {due} is before --issued {issued}")
    law = limitation_law(args.limitation_law, "--limitation-law", auto=False) or ""
    kind = claim_type(args.claim)
    delivered = (
        not_in_future(day(args.delivered, args, "--delivered"), args, "--delivered")
        if args.delivered
        else None
    )
    # Check the amount before the ledger is opened, so that bad input leaves nothing behind.
    # Without --currency it is EUR or GBP (decided below): both have two decimals.
    explicit_currency = _currency(args.currency) if args.currency is not None else None
    value = amount(args.amount, explicit_currency or "EUR", "--amount")
    if value <= 0:
        raise InputError(
            f"--amount: the invoice amount must be more than zero, not {args.amount!r}"
        )
    with open_ledger(args, write=True, create=True) as ledger:
        existing = ledger.find_customer(name)
        default_currency = "GBP" if (existing.country if existing else country) == "GB" else "EUR"
        currency = explicit_currency or default_currency
        new_customer = None
        if existing is None:
            new_customer = Customer(id="", name=name, **details)
        opened = Opened(
            date=args.today,
            invoice=invoice,
            customer_id=existing.id if existing else "",
            issued=issued,
            due=due,
            amount=Money(value, currency),
            tags=tuple(t.strip() for t in args.tag if t.strip()),
            source="manual",
            limitation_law=law,
            claim_kind=kind,
            delivered=delivered,
        )
        state = ledger.open_case(opened, new_customer=new_customer, year=args.today.year)
    print(state.id)
    if existing is not None and details:
        print(
            f"casetui: used the existing customer {existing.name} ({existing.id}); "
            "its details were not changed (`casetui customer edit` changes them)",
            file=sys.stderr,
        )
    return 0


# --------------------------------------------------------------------------- reading


def _hint_missing(args: argparse.Namespace, ledger: Ledger) -> None:
    path = ledger_path(args)
    if not path.exists() and len(ledger) == 0:
        print(
            f"casetui: no ledger at {path} yet; `casetui add` adds a case, "
            "`casetui demo` writes a demo ledger",
            file=sys.stderr,
        )


def _list_query(args: argparse.Namespace) -> tuple[Query, frozenset[Stage]]:
    """The filter words and --stage, read as the app reads its filter; a word it does not
    understand is refused (a script must not get an unfiltered list by mistake)."""
    query = parse_filter(" ".join(args.filter))
    if query.errors:
        raise InputError(f"list: {'; '.join(query.errors)}")
    stages: frozenset[Stage] = frozenset()
    if args.stage is not None:
        stages = frozenset(stages_named(args.stage.strip().casefold()))
        if not stages:
            names = ", ".join(stage.value for stage in Stage)
            raise InputError(f"--stage: no stage {args.stage!r} (one of {names})")
    return query, stages


def run_list(args: argparse.Namespace) -> int:
    query, stages = _list_query(args)
    with open_ledger(args, write=False) as ledger:
        _hint_missing(args, ledger)
        # Asking for closed cases by stage or by a filter word means wanting them.
        wants_closed = Stage.CLOSED in stages or query.mentions("closed")
        include_closed = args.all or wants_closed
        if query.searches_text:  # free text may be in any event's words: fold the cases
            states = [
                s
                for s in ledger.each_case()
                if (include_closed or s.closed is None)
                and query.matches(_facts(ledger, s, args.today))
            ]
        elif query:  # what the index rows say (`filters.Facts` reads a row as a fold)
            name_of = ledger.customer_name
            rows = ledger.rows(include_closed=include_closed)
            states = [
                r for r in rows if query.matches(Facts(r, name_of(r.customer_id), args.today))
            ]
        else:  # from the case index: no case is folded to list it
            states = ledger.rows(include_closed=include_closed)
        if stages:
            states = [s for s in states if s.stage in stages]
        states.sort(key=lambda s: (s.due, s.id))
        leave_for_exit(ledger, states)  # 50,000 rows with all of them read
        if args.json:
            name_of = ledger.customer_name  # (the name alone: no customer decoded)
            with gc_paused():  # made and dumped a slice at a time (see `print_json_items`)
                today = args.today
                print_json_items(summary_json(s, name_of(s.customer_id), today) for s in states)
            return 0
        if not states:
            if stages:
                print(f"No cases at stage {', '.join(sorted(s.value for s in stages))}.")
            elif query:
                print("No cases match.")
            else:
                print("No cases." if args.all else "No open cases.")
            return 0
        print(table(case_rows(ledger, states, args.today), CASE_HEADER, right={3, 6}))
        print(totals_line(states))
    return 0


def _facts(ledger: Ledger, state: CaseState, today: date) -> Facts:
    customer = ledger.customer(state.customer_id)
    return Facts(state, customer.name, today, customer.notes)


def run_agenda(args: argparse.Namespace) -> int:
    with open_ledger(args, write=False) as ledger:
        _hint_missing(args, ledger)
        items = ledger.agenda_rows(args.today)  # from the case index
        leave_for_exit(items)
        if args.json:
            with gc_paused():  # 23,000 rows and their facts held: nothing for the collector
                print_json_items(agenda_json_items(items, ledger.customer_name))
            return 0
        print_agenda(ledger, items, args)
    return 0


def print_agenda(ledger: Ledger, items: list, args: argparse.Namespace) -> None:
    if not items:
        upcoming = ledger.next_due(args.today)
        when = f" Next action falls due on {upcoming[0].isoformat()}." if upcoming else ""
        print(f"All done for {args.today.isoformat()}.{when}")
        return
    rows = []
    name_of = ledger.customer_name  # (the name alone: no customer decoded for a list)
    for item in items:
        state = item.case
        rows.append(
            [
                state.id,
                cut(state.invoice, 16),
                cut(name_of(state.customer_id), 26),  # (an ellipsis where cut, as `list`)
                balance_grouped(state),
                state.currency,
                str(state.days_overdue(args.today)),
                state.stage.value,
                item.reason,
            ]
        )
    header = ["ID", "INVOICE", "CUSTOMER", "OUTSTANDING", "CUR", "OVERDUE", "STAGE", "WHY"]
    print(f"Today {args.today.isoformat()}: {totals_line([i.case for i in items])}")
    print(table(rows, header, right={3, 5}))


# --------------------------------------------------------------------------- writing


def _regimes() -> tuple[str, ...]:
    from casetui.law import regime_codes

    return tuple(regime_codes())


def run_edit(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from casetui.limitation.cases import case_limitation
    from casetui.model import Amended

    regime = None
    if args.regime is not None:
        regime = args.regime.strip().lower()
        if regime == "auto":
            regime = ""
        elif regime not in _regimes():
            raise InputError(f"--regime: one of auto, {', '.join(_regimes())}; not {args.regime!r}")
    law = limitation_law(args.limitation_law, "--limitation-law", auto=True)
    customer_law = limitation_law(
        args.customer_limitation_law, "--customer-limitation-law", auto=True
    )
    kind = claim_type(args.claim)
    delivered = (
        not_in_future(day(args.delivered, args, "--delivered"), args, "--delivered")
        if args.delivered
        else None
    )
    with open_ledger(args, write=True) as ledger:
        state = ledger.case(args.case)
        amount_value = (
            Money(amount(args.amount, state.currency, "--amount"), state.currency)
            if args.amount
            else None
        )
        changes = Amended(
            date=args.today,
            invoice=args.invoice.strip() if args.invoice else None,
            amount=amount_value,
            issued=day(args.issued, args, "--issued") if args.issued else None,
            due=day(args.due, args, "--due") if args.due else None,
            regime=regime,
            tags=tuple(t.strip() for t in args.tag if t.strip()) if args.tag else None,
            limitation_law=law,
            claim_kind=kind,
            delivered=delivered,
            note=args.note.strip(),
        )
        case_changed = any(getattr(changes, name) is not None for name in _AMENDABLE)
        if not case_changed and customer_law is None:
            raise InputError(
                "edit: nothing to change (--invoice, --amount, --issued, --due, --regime, "
                "--tag, --limitation-law, --claim, --delivered or --customer-limitation-law)"
            )
        with ledger.transaction():
            if customer_law is not None:
                customer = ledger.customer(state.customer_id)
                ledger.update_customer(
                    replace(customer, limitation_law=customer_law), note=args.note.strip()
                )
            if case_changed:
                ledger.append(state.id, changes)
        state = ledger.case(state.id)
        customer = ledger.customer(state.customer_id)
        limit = case_limitation(state, customer, ledger.policy)
    print(f"{state.id}: amended; outstanding {state.outstanding}, due {state.due}")
    if customer_law is not None:
        print(f"{customer.name}: limitation law {customer_law or 'by Rome I (auto)'}")
    if limit is not None and (law is not None or customer_law is not None or kind or delivered):
        print(f"{state.id}: limitation {limit.summary()}; {limit.basis[0]}")
    return 0


_AMENDABLE = (
    "invoice", "amount", "issued", "due", "regime", "tags", "limitation_law", "claim_kind",
    "delivered",
)  # fmt: skip


def run_undo(args: argparse.Namespace) -> int:
    with open_ledger(args, write=True) as ledger:
        undone, state = ledger.undo(args.case, args.today)
    what = ", ".join(f"#{e.id} {headline(e, state.currency)}" for e in undone)
    print(f"{state.id}: undid {what}")
    return 0


def run_redo(args: argparse.Namespace) -> int:
    with open_ledger(args, write=True) as ledger:
        restored, state = ledger.redo(args.case, args.today)
    what = ", ".join(f"#{e.id} {headline(e, state.currency)}" for e in restored)
    print(f"{state.id}: redid {what}")
    return 0


def run_export(args: argparse.Namespace) -> int:
    from casetui.export import export_filename, history_html, history_markdown

    if args.format == "zip" or args.customer:
        from casetui.cli.bundle import run_export_bundle

        return run_export_bundle(args)
    if not args.case:
        raise InputError("export: name a CASE")

    target = None
    if args.output and args.output != "-":
        target = user_path(args.output, "-o")
        if not is_folder(target, "-o"):  # refused before any work, like `letter -o`
            check_target(target, ledgers=[ledger_path(args)], what="-o")
    with open_ledger(args, write=False) as ledger:
        state = ledger.case(args.case)
        customer = ledger.customer(state.customer_id)
        render = history_html if args.format == "html" else history_markdown
        profile = business_profile()
        text = render(
            state,
            customer,
            args.today,
            creditor=profile.name,
            terms=profile.claim_terms(),
            policy=ledger.policy,
        )
    if target is None:
        sys.stdout.write(text)
        return 0
    if is_folder(target, "-o"):
        target = target / export_filename(state, args.format)
    target, replaced = write_output(target, text, ledgers=[ledger_path(args)])
    print(f"Exported {state.id} to {target}{replaced}", file=sys.stderr)
    return 0
