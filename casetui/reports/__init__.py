"""Reports: where the money is, how old it is, what came in, and whether the chasing works.

Pure core (no UI). Each report is computed from the ledger's folded cases and their live
events, as of a day, into plain values; `*_document` turns one into a `Document` (Markdown,
CSV, the command line's tables) and `*_json` into the JSON the command line prints.

- `aging`: aged receivables per currency, per customer or case (`casetui.owed` defines what
  is owed, and the case as of an earlier day).
- `collected`: payments and credits per calendar month and currency.
- `ladder`: per step of the chase, cases paid within 14 / 30 days, median days, promises.
- `activity`: calls, letters, promises and disputes per week.
"""

from casetui.reports.activity import (
    ActivityReport,
    activity_document,
    activity_json,
    activity_report,
)
from casetui.reports.aging import (
    BUCKETS,
    CASE_COLUMNS,
    AgingReport,
    aging_document,
    aging_json,
    aging_report,
)
from casetui.reports.collected import (
    CollectedReport,
    collected_document,
    collected_json,
    collected_report,
)
from casetui.reports.document import Amount, Document, Table, combined, to_csv, to_markdown
from casetui.reports.ladder import STEPS, LadderReport, ladder_document, ladder_json, ladder_report

__all__ = [
    "BUCKETS",
    "CASE_COLUMNS",
    "STEPS",
    "ActivityReport",
    "AgingReport",
    "Amount",
    "CollectedReport",
    "Document",
    "LadderReport",
    "Table",
    "activity_document",
    "activity_json",
    "activity_report",
    "aging_document",
    "aging_json",
    "aging_report",
    "collected_document",
    "collected_json",
    "collected_report",
    "combined",
    "ladder_document",
    "ladder_json",
    "ladder_report",
    "to_csv",
    "to_markdown",
]
