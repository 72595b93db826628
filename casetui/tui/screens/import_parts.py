"""The import preview in words and rows: which files a path line means, one line per file,
one table row per invoice or CSV row (cells are `Text`: names and reasons are never markup),
the question before importing and the summary after it."""

from __future__ import annotations

import glob
import shlex
from collections.abc import Iterable
from pathlib import Path

from rich.text import Text
from textual.content import Content

from casetui.checks import check_currency
from casetui.errors import InputError
from casetui.importers import FilePlan, ImportPlan, ImportReport, PlannedAction
from casetui.tui.forms.fields import money_text
from casetui.tui.text import plural, verb

SUFFIXES = (".xml", ".csv")
_VERBS = {"create": "create", "update": "update", "credit": "credit", "skip": "skip",
          "error": "error"}  # fmt: skip
_STYLES = {"create": "green", "update": "cyan", "credit": "cyan", "skip": "dim", "error": "red"}
# The reason is cut to fit; the line under the table shows it whole for the highlighted row.
COLUMNS = (("File", 12), ("Line", 4), ("Action", 7), ("Invoice", 12), ("Customer", 16),
           ("Amount", 13), ("Why", 48))  # fmt: skip


def expand_paths(
    text: str, suffixes: tuple[str, ...] | None = None
) -> tuple[list[Path], list[str]]:
    """The files a path line stands for, and what is wrong with it.

    Paths are separated by spaces (quote a path with spaces in it); `~` is the home folder;
    `*` and `?` match files; a folder stands for its files with one of `suffixes` (default:
    .xml and .csv; an empty set: every file that is not hidden), not sub-folders.
    """
    wanted = SUFFIXES if suffixes is None else suffixes
    try:
        words = shlex.split(text)
    except ValueError:
        words = text.split()
    files: list[Path] = []
    problems: list[str] = []
    for word in words:
        try:
            found, problem = _expand(word, wanted)
        except (OSError, RuntimeError, ValueError) as error:
            # `~nobody/x.csv`, a folder it may not read: said under the field, where a
            # RuntimeError on the bank screen took the whole app down
            reason = getattr(error, "strerror", None) or str(error)
            found, problem = [], f"{word}: {reason}"
        files += found
        if problem:
            problems.append(problem)
    return list(dict.fromkeys(files)), problems


def _expand(word: str, wanted: tuple[str, ...]) -> tuple[list[Path], str]:
    """The files one word of the path line stands for, and what is wrong with it ("")."""
    path = Path(word).expanduser()
    if any(char in word for char in "*?["):
        matches = sorted(Path(found) for found in glob.glob(str(path)))
        return [match for match in matches if match.is_file()], (
            "" if matches else f"{word}: no file matches"
        )
    if path.is_dir():
        inside = sorted(
            child
            for child in path.iterdir()
            if child.is_file()
            and (child.suffix.lower() in wanted if wanted else not child.name.startswith("."))
        )
        kinds = " or ".join(wanted) + " files" if wanted else "files"
        return inside, "" if inside else f"{word}: no {kinds} in this folder"
    return [path], ""  # a missing file is refused by the importer, with its name


def terms_rule(text: str) -> str | None:
    from casetui.importers.load import check_terms_days

    if not text.isdigit():
        return "whole days, e.g. 30"
    try:
        check_terms_days(int(text))  # the importer's own bound, as the command line has it
    except InputError as error:
        return str(error)
    return None


def currency_rule(text: str) -> str | None:
    try:
        check_currency(text.upper())
    except InputError as error:
        return str(error)
    return None


# --------------------------------------------------------------------------- words


def _counts(file: FilePlan) -> str:
    parts = []
    for kind in ("create", "update", "credit", "skip"):
        number = len(file.of_kind(kind))
        if number:
            parts.append(f"{number} to {kind}")
    return ", ".join(parts) or "nothing in it"


def files_content(plan: ImportPlan, problems: Iterable[str] = ()) -> Content:
    """One line per file: what would happen to it; refusals in the error colour."""
    lines: list[Content] = []
    for file in plan.files:
        kind = (file.format or "?").upper()
        if file.refused is not None:
            lines.append(
                Content.from_markup(
                    "[$text-error]✗ $source: refused, $why[/]",
                    source=_where(file),
                    why=file.refused,
                )
            )
        elif not file.importable:
            errors = len(file.errors)
            lines.append(
                Content.from_markup(
                    "[$text-error]✗ $source ($kind): refused, $n: nothing from it is imported[/]",
                    source=_where(file),
                    kind=kind,
                    n=f"{plural(errors, 'bad line')}",
                )
            )
        else:
            status = "would be imported" if file.has_writes else "nothing new"
            lines.append(
                Content.from_markup(
                    "✓ $source ($kind): $status ($counts)",
                    source=_where(file),
                    kind=kind,
                    status=status,
                    counts=_counts(file),
                )
            )
        for warning in file.warnings:
            lines.append(Content.from_markup("[$text-warning]  ! $w[/]", w=warning))
    for problem in problems:
        lines.append(Content.from_markup("[$text-warning]! $p[/]", p=problem))
    total = Content.from_markup(
        "[b]Would create $cases[/b] ($new), update $updated, credit $credited",
        cases=plural(plan.count("create"), "case"),
        new=plural(plan.new_customers, "new customer"),
        updated=str(plan.count("update")),
        credited=str(plan.count("credit")),
    )
    if plan.refused:
        refused = plural(len(plan.refused), "file")
        total += Content.from_markup("[$text-error]; $n refused[/]", n=refused)
    lines.insert(0, total)
    return Content("\n").join(lines)


def _where(file: FilePlan) -> str:
    return Path(file.source).name


def file_rows(file: FilePlan) -> list[list[Text]]:
    """Table rows for a file: its refusal, or its actions (unchanged skips folded)."""
    name = _where(file)
    if file.refused is not None:
        return [[Text(name), Text(""), Text("refused", style="bold red"), Text(""), Text(""),
                 Text(""), Text(file.refused, style="red")]]  # fmt: skip
    rows: list[list[Text]] = []
    unchanged = 0
    for action in file.actions:
        if action.unchanged:
            unchanged += 1
            continue
        rows.append(action_row(name, action))
    if unchanged:
        rows.append([Text(name), Text(""), Text("skip", style="dim"), Text(""), Text(""),
                     Text(""), Text(f"{plural(unchanged, 'invoice')} already in the ledger, "
                                    "unchanged", style="dim")])  # fmt: skip
    return rows


def action_row(name: str, action: PlannedAction) -> list[Text]:
    style = _STYLES[action.kind]
    verb = _VERBS[action.kind]
    if action.kind == "skip" and action.attention:
        verb, style = ("bad row", "red") if action.bad else ("check", "yellow")
    customer = action.customer
    if action.new_customer is not None:
        customer += " (new)"
    amount = money_text(action.amount.amount, action.amount.currency) if action.amount else ""
    why = action.reason
    if action.warnings:
        why += " · " + " · ".join(action.warnings)
    return [
        Text(name),
        Text("" if action.line is None else str(action.line), justify="right"),
        Text(verb, style=f"bold {style}" if action.kind == "error" else style),
        Text(action.invoice),
        Text(customer),
        Text(amount, justify="right"),
        Text(why, style="red" if action.kind == "error" else ""),
    ]


def question(plan: ImportPlan) -> Content:
    importable = [file for file in plan.files if file.has_writes]
    lines = [
        Content(f"Import {plural(len(importable), 'file')} into the ledger?"),
        Content(""),
        Content(
            f"Create {plural(plan.count('create'), 'case')} "
            f"({plural(plan.new_customers, 'new customer')}), update {plan.count('update')}, "
            f"credit {plan.count('credit')}."
        ),
    ]
    refused = len(plan.refused)
    if refused:
        lines.append(
            Content.from_markup(
                "[$text-warning]$n refused: nothing from $them is imported.[/]",
                n=plural(refused, "file"),
                them=verb(refused, "it", "them"),
            )
        )
    return Content("\n").join(lines)


def report_summary(report: ImportReport) -> str:
    """`Imported 1 file: created 2 cases (C-2026-0041, C-2026-0042; 1 new customer), ...`."""
    s = report.summary()
    created: list[str] = []
    for file in report.files:
        if file.status != "imported":
            continue
        for action in file.plan.actions:
            if action.kind == "create":
                case_id = file.resolve(action.case_ref)
                if case_id:
                    created.append(case_id)
    shown = ", ".join(created[:3]) + (f" and {len(created) - 3} more" if len(created) > 3 else "")
    cases = plural(s["created"], "case") + (f" ({shown})" if shown else "")
    text = (
        f"Imported {plural(s['imported'], 'file')}: created {cases}, "
        f"{plural(s['new_customers'], 'new customer')}, updated {s['updated']}, "
        f"credited {s['credited']}, skipped {s['skipped']}."
    )
    if s["refused"]:
        text += f" {plural(s['refused'], 'file')} not imported."
    return text
