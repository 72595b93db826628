"""Sending reminders by e-mail: 100 letters through a local SMTP server (aiosmtpd on
127.0.0.1, a dev dependency), each prepared, rendered to PDF, sent and recorded.

    uv run python benchmarks/mail_bench.py [--letters 100] [--runs 3]

Prints JSON (also written to benchmarks/results/mail.json): the median wall time of
`send_due` for the whole batch, and per letter, and the process's CPU time for it (the SMTP
server runs in the same process: its work is counted too). On a shared, loaded machine the
CPU time says more than the wall time. Target: 100 reminders in under 20 s.

The first run of a process also pays for importing what the letters need (holidays, fonts):
the median of three runs is the steady state a user's batch sees.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from casetui.ledger import Ledger
from casetui.mail.due import Status, due_letters, send_due
from casetui.mail.server import MailServer
from casetui.model import Customer, CustomerKind, Opened
from casetui.money import Money
from casetui.profile import DEMO_PROFILE
from tests.mail.mail_helpers import settings, smtp_server

TODAY = date(2026, 11, 23)


def ledger_with(path: Path, count: int) -> None:
    with Ledger.open(path, backup=False) as ledger:
        for n in range(count):
            due = TODAY - timedelta(days=20 + n % 30)
            ledger.open_case(
                Opened(date=due - timedelta(30), invoice=f"F2026-{n:05d}", customer_id="",
                       issued=due - timedelta(30), due=due,
                       amount=Money(Decimal("250.00") + n, "EUR")),
                new_customer=Customer(id="", name=f"Klant {n} BV", kind=CustomerKind.BUSINESS,
                                      country="BE", language="nl",
                                      email=f"boekhouding{n}@klant{n}.example.be",
                                      address=f"Kerkstraat {n}\n9000 Gent"),
            )  # fmt: skip


def one_run(count: int) -> tuple[float, float]:
    """(wall seconds, CPU seconds) for preparing, rendering, sending and recording."""
    with tempfile.TemporaryDirectory() as folder, smtp_server() as server:
        path = Path(folder) / "ledger.json"
        ledger_with(path, count)
        profile = dataclasses.replace(DEMO_PROFILE, smtp_host="127.0.0.1", smtp_port=server.port)
        config = settings(server.port)
        with Ledger.open(path, backup=False) as ledger:
            start, cpu = time.perf_counter(), time.process_time()
            letters = due_letters(ledger, profile, TODAY)
            with MailServer(config) as mail:
                outcomes = send_due(ledger, letters, config, window="right",
                                    now=datetime.now(UTC), server=mail)  # fmt: skip
            elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
        sent = sum(1 for o in outcomes if o.status is Status.SENT)
        assert sent == count == len(server.messages), (sent, count, len(server.messages))
        return elapsed, cpu


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--letters", type=int, default=100)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    runs = [one_run(args.letters) for _ in range(args.runs)]
    median = statistics.median(wall for wall, _ in runs)
    cpu = statistics.median(cpu for _, cpu in runs)
    result = {
        "letters": args.letters,
        "runs": [round(wall, 3) for wall, _ in runs],
        "median_s": round(median, 3),
        "per_letter_ms": round(1000 * median / args.letters, 1),
        "cpu_runs": [round(cpu, 3) for _, cpu in runs],
        "cpu_median_s": round(cpu, 3),
        "load_average": round(os.getloadavg()[0], 1),
        "target_s": 20,
    }
    out = Path(__file__).parent / "results" / "mail.json"
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
