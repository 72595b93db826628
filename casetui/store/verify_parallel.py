"""`verify` on every core: the cases of a whole ledger checked in worker processes.

The snapshot's case section is cut into one run of whole lines per worker
(`SnapshotFile.spans`). Each worker is forked from the process that opened the ledger, so it
inherits the open snapshot, the journal's tables and what every case's check reads (the
index rows, the customers): nothing is opened or parsed twice. It reads its run of lines,
checks those cases as the single pass does (`verify.check_cases`) and sends back what it
found. Meanwhile the parent checks the whole snapshot against its seal; the workers do not
check their lines' checksums again. The parent merges the findings in the order of the
cases, so `verify` says the same, byte for byte, as when one process checks them all.

Forking is used on Linux only (macOS and Windows start workers afresh, which would mean
opening and reading the ledger again in each): elsewhere, and for small ledgers, one
process checks everything. A worker that dies is an error, never "everything matches".
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from multiprocessing import get_context
from typing import TYPE_CHECKING

from casetui.errors import OperationalError
from casetui.store.snapshot import SnapshotFile

if TYPE_CHECKING:
    from casetui.store.durable import CorruptLedger
    from casetui.store.storage import View
    from casetui.store.verify import CaseChecks, CasesChecked

# What the forked workers inherit: the frozen view of the ledger and what checking a case
# reads. Set only while the workers are being started and run.
_INHERITED: tuple[View, CaseChecks] | None = None


def can_split(view: View, parallel_from: int) -> bool:
    """Whether the cases of `view` may be checked in forked workers: on Linux, with the
    snapshot read from its file, and at least `parallel_from` cases in it."""
    return (
        sys.platform.startswith("linux")
        and isinstance(view.base, SnapshotFile)
        and view.base.count("case") >= max(parallel_from, 1)
    )


@contextmanager
def check_in_parts(
    view: View, shared: CaseChecks, workers: int
) -> Iterator[Callable[[], list[CasesChecked]]]:
    """Start one worker per run of cases; gives a function that waits for their findings,
    in case order. Cases only the journal holds are left to the caller."""
    global _INHERITED
    assert isinstance(view.base, SnapshotFile)
    spans = view.base.spans("case", workers)
    _INHERITED = (view, shared)
    # What the workers inherit is left out of their garbage collections: scanning it would
    # cost time and copy every page it touches (Python's advice for forking, `gc.freeze`).
    gc.freeze()
    try:
        # Every worker is forked on the first submit, before the pool starts any thread.
        with ProcessPoolExecutor(len(spans), mp_context=get_context("fork")) as pool:
            futures = [pool.submit(_check_span, span) for span in spans]

            def results() -> list[CasesChecked]:
                try:
                    return [future.result() for future in futures]
                except BrokenProcessPool:
                    raise OperationalError(
                        "verify: a worker process checking the cases stopped before it "
                        "finished (out of memory, or killed?): nothing was verified; run it "
                        "again"
                    ) from None

            yield results
    finally:
        _INHERITED = None
        gc.unfreeze()


def _check_span(span: tuple[int, int]) -> CasesChecked:
    """In a worker: check the cases whose lines are in `span` of the case section."""
    from casetui.store.ledger_store import CASE_PREFIX
    from casetui.store.verify import check_cases, in_id_order

    assert _INHERITED is not None, "verify's workers are forked from the process that opened it"
    view, shared = _INHERITED
    damage: list[CorruptLedger] = []
    cases = (
        (name[len(CASE_PREFIX) :], in_id_order(table))
        for name, table in view.iter_section("case", damage, span)
    )
    found = check_cases(cases, shared)
    found.damage[:0] = [str(error) for error in damage]  # noted while reading, so first
    return found
