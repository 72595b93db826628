"""`casetui demo`: write a fictional demo ledger to try casetui on.

`casetui --demo` (see `casetui.cli`) does the same in a throwaway folder and opens the app;
this command writes wherever `--db` points (without it, a demo folder of its own in the
user data folder, never the user's ledger) and refuses to overwrite real cases without
`--force`. The demo's fictional business profile goes into a `demo-config` folder beside
the demo ledger (`casetui.paths.ledger_config_dir`), which every command on that ledger
uses: the user's own profile, ledger and keys are never touched.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from casetui.cli.common import ledger_path, open_ledger
from casetui.errors import InputError
from casetui.paths import (
    DEMO_CONFIG,
    LEDGER_ENV,
    USER_LEDGER_BACKUP,
    demo_ledger_path,
    ledger_config_dir,
)

DEMO_CASES = 60
DEMO_SEED = 7
MAX_EVENTS = 1000  # notes a demo case is padded to: a long history, for measuring


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
    if not 0 <= args.events <= MAX_EVENTS:  # twenty nines ran until the disk or memory ran out
        raise InputError(f"--events: between 0 and {MAX_EVENTS}, not {args.events}")
    if args.db is None and not os.environ.get(LEDGER_ENV):
        args.db = str(demo_ledger_path())
    started = time.perf_counter()
    from casetui.profile import DEMO_PROFILE

    was_demo = ledger_config_dir(ledger_path(args)) is not None
    # Rows folded with the profile the demo ledger is used with (its own, written beside
    # it below): with the writer's profile, the first write would rebuild every row.
    with open_ledger(args, write=True, create=True, profile=DEMO_PROFILE) as ledger:
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
    profile = write_demo_config(path)
    if kept is not None and not was_demo:
        # The user's own ledger was replaced: restoring it must take the demo's profile
        # away again (`casetui restore` reads this).
        from casetui.userfiles import write_user_file

        note = profile.parent / USER_LEDGER_BACKUP
        write_user_file(note, kept.name + "\n", ledgers=[path])
    print(f"Wrote {count} demo cases to {path} in {elapsed:.1f} s")
    if kept is not None:
        print(
            f"casetui: {'the case' if replaced == 1 else f'the {replaced} cases'} it replaced "
            f"{'is' if replaced == 1 else 'are'} kept in backup {kept.name} "
            f"(`casetui restore {kept.name}` puts them back)",
            file=sys.stderr,
        )
    print(
        f"Its fictional business profile is {profile} (your own is not touched); "
        f"open it with `casetui --db {path}`",
        file=sys.stderr,
    )
    return 0


def write_demo_config(ledger: Path) -> Path:
    """The demo's business profile, in the config folder beside the demo ledger (letters
    need one); returns its path."""
    from casetui.profile import write_demo_profile
    from casetui.userfiles import make_private_folders

    folder = ledger.parent / DEMO_CONFIG
    make_private_folders(folder)
    return write_demo_profile(folder, overwrite=True)
