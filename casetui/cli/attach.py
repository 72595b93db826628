"""`casetui attach CASE FILE...`: documents attached to a case, kept by checksum beside the
ledger (`casetui.dossier.attach`)."""

from __future__ import annotations

import argparse

from casetui.model import AttachmentKind


def configure_attach(attach: argparse.ArgumentParser) -> None:
    attach.description = (
        "Attach files to a case: the invoice, the terms the debtor accepted, a proof of "
        "posting, correspondence. Each file is kept in evidence/ beside the ledger under its "
        "SHA-256 (never overwritten) and recorded on the case's timeline; `u`/undo cancels "
        "the record. The largest file taken is [evidence] attach_limit_mb of the profile "
        "(25 MB by default)."
    )
    attach.add_argument("case", metavar="CASE")
    attach.add_argument("files", nargs="+", metavar="FILE")
    attach.add_argument("--note", default="", metavar="TEXT", help="what the files are")
    attach.add_argument(
        "--kind",
        choices=[kind.value for kind in AttachmentKind],
        default=AttachmentKind.OTHER.value,
        help="what the files are to the case (default: other)",
    )
    attach.add_argument("--json", action="store_true", help="what was attached, as JSON")
    attach.set_defaults(handler=run_attach)


def run_attach(args: argparse.Namespace) -> int:
    from casetui.cli.common import business_profile, open_ledger, print_json, user_path
    from casetui.describe import file_size
    from casetui.dossier.attach import MB, attach_files

    paths = [user_path(text, "FILE") for text in args.files]
    limit = business_profile().attach_limit_mb * MB
    with open_ledger(args, write=True) as ledger:
        done = attach_files(
            ledger,
            args.case,
            paths,
            category=AttachmentKind(args.kind),
            note=args.note,
            today=args.today,
            limit=limit,
        )
    case_id = done.state.id
    if args.json:
        print_json(
            {
                "case": case_id,
                "attached": [
                    {
                        "event": event.id,
                        "name": event.name,
                        "kind": event.category.value,
                        "size": event.size,
                        "media_type": event.media_type,
                        "sha256": event.sha256,
                        "stored": f"evidence/{event.stored}",
                    }
                    for event in done.attached
                ],
                "duplicates": [
                    {"name": name, "event": event or None} for name, event in done.duplicates
                ],
            }
        )
        return 0
    for event in done.attached:
        print(
            f"{case_id}: attached {event.name} as #{event.id} ({event.category.value}, "
            f"{file_size(event.size)}, {event.media_type}, sha256 {event.sha256[:12]}…)"
        )
    for name, event_id in done.duplicates:
        where = f"as #{event_id}" if event_id else "named twice"
        print(f"{case_id}: {name} is already attached {where}; not recorded again")
    return 0
