"""The command line builds only the parser of the command it runs, and of `log` only the
kind of entry named; what it parses is what the full parser would."""

from __future__ import annotations

import argparse

import pytest

from casetui.cli import build_parser
from casetui.cli import log as log_command
from casetui.cli.registry import positional_words

# One valid command line for each kind of entry (`log CASE ...`).
SAMPLES = {
    "call": ["C-1", "call", "--outcome", "no-answer", "--note", "rang twice"],
    "note": ["C-1", "note", "a note", "--date", "-3d"],
    "payment": ["C-1", "payment", "250,00", "--reference", "+++090/9337/55493+++"],
    "credit": ["C-1", "credit", "10", "--document", "CN-4"],
    "promise": ["C-1", "promise", "100", "--by", "2026-12-24", "--signed"],
    "dispute": ["C-1", "dispute", "--reason", "not delivered"],
    "settle": ["C-1", "settle", "--terms", "2 x 50", "--instalment", "2026-12-15=50"],
    "lapse": ["C-1", "lapse", "--note", "missed"],
    "snooze": ["C-1", "snooze", "--until", "2026-12-20"],
    "letter": ["C-1", "letter", "--kind", "reminder", "--channel", "email"],
    "received": ["C-1", "received", "--letter", "3"],
    "ack": ["C-1", "ack", "--form", "oral"],
    "court-claim": ["C-1", "court-claim", "--court", "Gent"],
    "stage": ["C-1", "stage", "reminder"],
    "handover": ["C-1", "handover", "--to", "bailiff", "--name", "Etude"],
    "close": ["C-1", "close", "paid"],
    "reopen": ["C-1", "reopen", "--reason", "cheque bounced"],
}


def _full_log_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="casetui log")
    log_command.configure(parser)  # no words: every kind
    return parser


def _kinds_built(parser: argparse.ArgumentParser) -> set[str]:
    log = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    sub = log.choices["log"]
    kinds = next(a for a in sub._actions if isinstance(a, argparse._SubParsersAction))
    return set(kinds.choices)


def test_every_kind_has_a_sample() -> None:
    assert set(SAMPLES) == set(log_command.KINDS)


@pytest.mark.parametrize("kind", sorted(SAMPLES))
def test_log_builds_only_the_named_kind_and_parses_as_the_full_parser(kind: str) -> None:
    words = SAMPLES[kind]
    argv = ["--db", "x.json", "log", *words]
    parser = build_parser(argv)
    assert _kinds_built(parser) == {kind}
    narrow = vars(parser.parse_args(argv))
    full = vars(_full_log_parser().parse_args(words))
    assert {key: narrow[key] for key in full} == full


@pytest.mark.parametrize(
    "argv",
    [
        ["log", "C-1", "nte", "x"],  # mistyped: the error lists every kind
        ["log", "--help"],
        ["log", "C-1"],
        ["log"],
    ],
)
def test_log_builds_every_kind_when_none_is_named(argv: list[str]) -> None:
    assert _kinds_built(build_parser(argv)) == set(log_command.KINDS)


def test_positional_words_skip_global_option_values_and_stop_at_help() -> None:
    argv = ["--db", "log", "--today", "2026-11-23", "log", "--demo", "C-1", "note", "x"]
    assert positional_words(argv) == ["log", "C-1", "note", "x"]
    assert positional_words(["--help", "log"]) == []
    assert positional_words(["log", "-h", "C-1"]) == ["log"]
    assert positional_words(["--", "log", "-x"]) == ["log", "-x"]
