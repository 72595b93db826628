"""The two kinds of failure a user can meet, and the exit codes the CLI gives them."""

from __future__ import annotations


class CasetuiError(Exception):
    """Base for errors with a one-line message meant for the user."""

    exit_code = 1


class InputError(CasetuiError, ValueError):
    """Bad usage or bad input: a date, an amount, an unknown case. Exit code 2."""

    exit_code = 2


class OperationalError(CasetuiError, RuntimeError):
    """The ledger cannot be used right now: locked, corrupt, disk full. Exit code 1."""

    exit_code = 1
