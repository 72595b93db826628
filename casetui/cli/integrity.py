"""`casetui verify` and `casetui reseal`: is the ledger what was written, and accepting a
change made to it on purpose outside casetui.

`verify` runs every integrity check there is (see `casetui.store.verify`): the snapshot's
checksums, the journal's, every case's hash chain, every index row against a fresh fold,
the evidence files. Exit 0 when all holds, 1 naming each case, event and what does not match.
"""

from __future__ import annotations

import argparse
import sys


def configure_verify(verify: argparse.ArgumentParser) -> None:
    verify.description = (
        "Check the whole ledger, or one case: the snapshot and journal against their "
        "checksums, each case's events against their hash chain (a changed, removed or "
        "reordered event shows), each index row against the events, and the evidence files "
        "(imported files, letters as sent, attachments) against their checksums. Exit 0 "
        "when everything matches, 1 otherwise. With --bundle FILE, a bundle made by "
        "`casetui export --format zip` instead (a hostile zip is refused unread, exit 2)."
    )
    from casetui.cli.bundle import add_bundle_option

    verify.add_argument("case", nargs="?", metavar="CASE", help="only this case")
    add_bundle_option(verify, required=False)
    verify.add_argument("--json", action="store_true", help="the result as JSON")
    verify.set_defaults(handler=run_verify)


def configure_reseal(reseal: argparse.ArgumentParser) -> None:
    reseal.description = (
        "When ledger.json was edited on purpose, casetui refuses it like a damaged file. "
        "reseal shows what changed (compared with the newest backup that checks out), asks, "
        "and seals the ledger as it is. Changed events stay marked: verify and the app say "
        "the history was changed outside casetui."
    )
    reseal.add_argument("--yes", action="store_true", help="seal without asking")
    reseal.set_defaults(handler=run_reseal)


def run_verify(args: argparse.Namespace) -> int:
    from casetui.cli.common import business_profile, ledger_path, print_json
    from casetui.errors import CasetuiError, InputError
    from casetui.ledger import Ledger, index_spec
    from casetui.store.verify import newest_good_backup, verify_unopenable

    if args.bundle is not None:
        if args.case:
            raise InputError("verify: a CASE or --bundle FILE, not both")
        from casetui.cli.bundle import run_verify_bundle

        return run_verify_bundle(args)
    path = ledger_path(args)
    policy = business_profile().ladder_policy()
    try:
        ledger = Ledger.open(path, readonly=True, policy=policy)
    except CasetuiError as error:
        report = verify_unopenable(path, index_spec(policy).build, error)
    else:
        with ledger:
            case_id = _case_id(ledger, args.case) if args.case else None
            report = ledger.verify(case_id, workers=_cores() if case_id is None else 1)
    if args.json:
        print_json(
            {
                "ok": report.ok,
                "problems": [problem.to_json() for problem in report.problems],
                "notices": report.notices,
                "checked": report.counts,
            }
        )
        return 0 if report.ok else 1
    for notice in report.notices:
        print(f"note: {notice}")
    if report.ok:
        counts = report.counts
        what = ", ".join(
            f"{count:,} {noun}{'s' if count != 1 else ''}"
            for noun, count in (
                ("case", counts.get("cases", 0)),
                ("event", counts.get("events", 0)),
            )
        )
        print(f"Verified {what}: everything matches what was written.")
        return 0
    for problem in report.problems:
        print(f"{problem}", file=sys.stderr)
    good = newest_good_backup(ledger_path(args))
    where = (
        f"the newest backup that checks out is {good.name} (`casetui restore {good.name}`)"
        if good
        else "no backup checks out"
    )
    count = len(report.problems)
    print(
        f"casetui: {count} problem{'s' if count != 1 else ''}: the ledger does not match what "
        f"was written; {where}; if it was changed on purpose, `casetui reseal`",
        file=sys.stderr,
    )
    return 1


def _cores() -> int:
    """The processors this process may run on (a whole ledger is checked on each)."""
    import os

    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux: verify stays in one process there anyway
        return os.cpu_count() or 1


def _case_id(ledger, text: str) -> str:  # type: ignore[no-untyped-def]
    """A case id as typed (any letter case), or the case with that invoice number, found
    without reading the case itself (it may be the damaged one)."""
    from casetui.errors import InputError

    key = text.strip()
    try:
        key.encode("utf-8")
    except UnicodeEncodeError:  # bytes that are not UTF-8: no case has such an id
        raise InputError(f"verify: no case {text!r} (case ids look like C-2026-0001)") from None
    for candidate in (key, key.upper()):
        if ledger.store.has_case(candidate):
            return candidate
    matches = [row.id for row in ledger.rows() if row.invoice.casefold() == key.casefold()]
    if len(matches) == 1:
        return matches[0]
    raise InputError(f"verify: no case {text!r} (case ids look like C-2026-0001)")


def run_reseal(args: argparse.Namespace) -> int:
    from casetui.cli.common import business_profile, ledger_path
    from casetui.errors import InputError, OperationalError
    from casetui.ledger import index_spec
    from casetui.store.ledger_store import resolve
    from casetui.store.lock import CommitLock
    from casetui.store.reseal import apply_reseal, describe_changes, load_tables, plan_reseal
    from casetui.store.verify import newest_good_backup

    path = resolve(ledger_path(args))
    spec = index_spec(business_profile().ladder_policy())
    plan = plan_reseal(path, spec.build)
    if not plan.needed:
        print(f"{path} matches its seal and every chain: nothing to reseal.")
        return 0
    good = newest_good_backup(path)
    if good is not None:
        plan.changes = describe_changes(plan, load_tables(good.snapshot or good.folder / path.name))
        print(f"What changed since backup {good.name}:")
        for line in plan.changes or ["(nothing that casetui reads: only checksums differ)"]:
            print(f"  {line}")
    else:
        print("No backup checks out to compare with. What does not match:")
        for line in plan.mismatches:
            print(f"  {line}")
    for case_id, breaks in sorted(plan.breaks.items()):
        events = ", ".join(f"#{brk.event_id}" for brk in breaks)
        print(f"  {case_id}: its history stays marked as changed outside casetui ({events})")
    if not args.yes:
        if not sys.stdin.isatty():
            raise InputError("reseal accepts these changes for good: add --yes to do it")
        if input("Seal the ledger as it is now? [y/N] ").strip().lower() not in ("y", "yes"):
            print("Nothing was changed.", file=sys.stderr)
            return 0
    lock = CommitLock(path, "`reseal`")
    try:
        lock.acquire()
        try:
            again = plan_reseal(path, spec.build)
            if (again.journal_size, again.journal_crc) != (plan.journal_size, plan.journal_crc):
                raise OperationalError("the ledger changed while you looked: run reseal again")
            again.changes = plan.changes
            apply_reseal(path, again, spec.build, spec.stamp)
        finally:
            lock.release()
    finally:
        lock.close()
    print(f"Sealed {path} as it is now.")
    return 0
