"""Textual validators that parse with the core: the rules stay in `casetui.dates` and
`casetui.money`; a form only adds its own bounds as a `rule` (e.g. "not in the future").

`parse` returns the value (None for an empty optional field) or raises `InputError` with the
message to show; `validate` is what an `Input` calls to set its `-invalid` class.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Generic, TypeVar

from textual.validation import ValidationResult, Validator

from casetui.dates import parse_user_date
from casetui.errors import InputError
from casetui.money import parse_amount
from casetui.rules import check_in_range, check_not_in_future

T = TypeVar("T")
Rule = Callable[[T], str | None]
"""A form's own check on a parsed value: an error message, or None when it is fine."""


def rule_of(check: Callable[[str], object]) -> Rule[str]:
    """A form rule from the core's check of one value (`casetui.checks`): a field refuses
    what the command line refuses, with the same reason."""

    def rule(text: str) -> str | None:
        try:
            check(text)
        except InputError as error:
            return str(error)
        return None

    return rule


def not_in_future(today: date) -> Rule[date]:
    """The core's "what happened is not dated in the future" (`rules.check_not_in_future`,
    which `Ledger.append` enforces too) as a date field's rule, with its words."""

    def rule(day: date) -> str | None:
        try:
            check_not_in_future(day, today, "")
        except InputError as error:
            return str(error)
        return None

    return rule


class ParsingValidator(Validator, Generic[T]):
    """A Textual `Validator` that parses with a core function and applies a form rule.

    `parse` returns the value (None for an empty optional field) or raises `InputError` with
    the message to show; `validate` is what `Input` calls to set its `-invalid` class.
    """

    def __init__(self, *, required: bool = True, rule: Rule[T] | None = None) -> None:
        super().__init__()
        self.required = required
        self.rule = rule

    def read(self, text: str) -> T:
        raise NotImplementedError

    def empty_message(self) -> str:
        return "required"

    def parse(self, text: str) -> T | None:
        if not text.strip():
            if self.required:
                raise InputError(self.empty_message())
            return None
        value = self.read(text)
        if self.rule is not None and (problem := self.rule(value)):
            raise InputError(problem)
        return value

    def validate(self, value: str) -> ValidationResult:
        try:
            self.parse(value)
        except InputError as error:
            return self.failure(str(error), value)
        return self.success()


class TextValidator(ParsingValidator[str]):
    def read(self, text: str) -> str:
        return text.strip()


class DateValidator(ParsingValidator[date]):
    """Dates as people type them (`casetui.dates.parse_user_date`), relative to `today`."""

    def __init__(self, today: date, *, required: bool = True, rule: Rule[date] | None = None):
        super().__init__(required=required, rule=rule)
        self.today = today

    def empty_message(self) -> str:
        return "a date is required (YYYY-MM-DD, today, tomorrow, +3d, +2w, friday)"

    def read(self, text: str) -> date:
        return check_in_range(parse_user_date(text, self.today))


class AmountValidator(ParsingValidator[Decimal]):
    """Amounts as people type them (`casetui.money.parse_amount`), more than zero."""

    def __init__(
        self, currency: str, *, required: bool = True, rule: Rule[Decimal] | None = None
    ) -> None:
        super().__init__(required=required, rule=rule)
        self.currency = currency

    def empty_message(self) -> str:
        return "an amount is required, e.g. 1234.56 or 1.234,56"

    def read(self, text: str) -> Decimal:
        amount = parse_amount(text, self.currency)
        if amount <= 0:
            raise InputError("the amount must be more than zero")
        return amount


__all__ = [
    "AmountValidator",
    "DateValidator",
    "ParsingValidator",
    "Rule",
    "TextValidator",
    "not_in_future",
]
