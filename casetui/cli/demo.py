"""`casetui demo`: write a fictional demo ledger to try casetui on.

`casetui --demo` (see `casetui.cli`) does the same in a throwaway folder and opens the app;
this command writes wherever `--db` points and refuses to overwrite real cases without
`--force`.
"""

from __future__ import annotations

import argparse
import sys
import time

from casetui.cli.common import open_ledger
from casetui.errors import InputError

DEMO_CASES = 60
DEMO_SEED = 7


def configure(demo: argparse.ArgumentParser) -> None:
    demo.description = (
        "Write a fictional, varied demo ledger: business and consumer debtors in "
        "BE, NL and the UK, cases at every stage. The same seed and --today give the same "
        "ledger."
    )
    demo.add_argument("--cases", type=int, default=DEMO_CASES, metavar="N")
    demo.add_argument("--seed", type=int, default=DEMO_SEED, metavar="S")
    demo.add_argument(
        "--events", type=int, default=0, metavar="E", help="pad each case with notes to E events"
    )
    demo.add_argument("--force", action="store_true", help="replace a ledger that has cases")
    demo.set_defaults(handler=run_demo)


def run_demo(args: argparse.Namespace) -> int:
    from casetui.demo import write_demo

    if not 1 <= args.cases <= 200_000:
        raise InputError(f"--cases: between 1 and 200000, not {args.cases}")
    started = time.perf_counter()
    with open_ledger(args, write=True, create=True) as ledger:
        if len(ledger) and not args.force:
            raise InputError(
                f"{ledger.path} already has {len(ledger)} cases; add --force to replace them "
                "(they are kept in a backup beside it)"
            )
        kept = None
        with ledger.transaction():
            if replaced := len(ledger):
                kept = ledger.keep_backup(f"replaced by `casetui demo --force` ({replaced} cases)")
                ledger.clear()
            count = write_demo(ledger, args.cases, args.seed, args.today, args.events)
        path = ledger.path
    elapsed = time.perf_counter() - started
    print(f"Wrote {count} demo cases to {path} in {elapsed:.1f} s")
    if kept is not None:
        print(
            f"casetui: the {replaced} cases it replaced are kept in backup {kept.name} "
            f"(`casetui restore {kept.name}` puts them back)",
            file=sys.stderr,
        )
    _offer_demo_profile()
    return 0


def _offer_demo_profile() -> None:
    """Letters need a business profile: give the demo one, unless the user has their own."""
    from casetui.profile import profile_path, write_demo_profile

    target = profile_path()
    if target.exists():
        return
    write_demo_profile(target.parent)
    print(
        f"Wrote a fictional business profile to {target} so that letters can be tried; "
        "`casetui setup` replaces it with your own details",
        file=sys.stderr,
    )
