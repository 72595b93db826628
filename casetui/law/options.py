"""Settings where the law leaves room (LAW.md §10), with the defaults we chose and why."""

from __future__ import annotations

from decimal import Decimal

from casetui.errors import InputError
from casetui.values import frozen

IMPUTATION_PARTS = ("costs", "interest", "principal")
INTEREST_STARTS = ("due", "wait-end")


@frozen
class ClaimOptions:
    """Per-claim settings. Every default is the conservative or the documented reading.

    Interest
    - `single_rate` (eu-b2b only): charge the rate of the half-year the interest starts in for
      the whole claim (the Irish reading) instead of switching each half-year. Default off.
    - `compound`: NL yearly capitalisation (arts. 6:119(2), 6:119a(3) BW). `None` follows the
      regime (on for nl-b2b and nl-b2c, unavailable elsewhere).
    - `round_capitalised`: round a year's interest to the cent before adding it to the base.
      Default off (not regulated; usually no effect).
    - `imputation`: order in which a payment settles costs, interest and principal; `None`
      follows the regime (see regimes.py).
    - `be_b2c_interest_from`: `"wait-end"` (default: from the first day after the free first
      reminder's 14-day wait) or `"due"` (from the day after the due date, charged only once
      the wait has run). Art. XIX.2 lets nothing be charged before the wait has run; the
      published readings start interest at the end of the wait or at the reminder, none at
      the due date (issue 18, item 11), so the default is the later start.

    Costs
    - `wik_vat`: the creditor cannot deduct VAT and declares so (WIK art. 2(3)): add
      `vat_rate` % on top of the WIK amount. Default off.
    - `terms_clause` (be-b2c): the accepted terms include a reciprocal damages clause. Without
      it no lump sum is claimed. With it, `agreed_lump_sum` if given (refused above the
      statutory maximum), else the statutory maximum of art. XIX.4.
    - `fee_fixed` / `fee_percent` (contract): the fee from the user's terms, at most one.
      `fee_minimum` / `fee_maximum` bound a percentage fee ("10 % with a minimum of EUR 75",
      common in Belgian and Dutch terms). For be-b2c a percentage clause gives the agreed
      lump sum, which must stay within the statutory maximum of art. XIX.4 (else void).
    - `wik_b2b_combined` (multi-invoice helper, nl-b2b): apply the WIK scale once to the sum of
      the principals instead of per invoice (never below EUR 40 per invoice). Default off.

    Clocks
    - `be_count_holidays`: Belgian public holidays are not working days for the 3 working days
      of a posted first reminder. Default on.
    - `nl_extend_term`: a 14-day term ending on a Saturday, Sunday or holiday runs to the next
      working day (Algemene termijnenwet). Default on.
    """

    single_rate: bool = False
    compound: bool | None = None
    round_capitalised: bool = False
    imputation: tuple[str, ...] | None = None
    be_b2c_interest_from: str = "wait-end"
    wik_vat: bool = False
    vat_rate: Decimal = Decimal("21")
    terms_clause: bool = False
    agreed_lump_sum: Decimal | None = None
    fee_fixed: Decimal | None = None
    fee_percent: Decimal | None = None
    fee_minimum: Decimal | None = None
    fee_maximum: Decimal | None = None
    wik_b2b_combined: bool = False
    be_count_holidays: bool = True
    nl_extend_term: bool = True

    def __post_init__(self) -> None:
        if self.imputation is not None and sorted(self.imputation) != sorted(IMPUTATION_PARTS):
            raise InputError(
                f"imputation must order each of {', '.join(IMPUTATION_PARTS)} exactly once"
            )
        if self.be_b2c_interest_from not in INTEREST_STARTS:
            raise InputError(
                f"be_b2c_interest_from must be one of {', '.join(INTEREST_STARTS)}, "
                f"got {self.be_b2c_interest_from!r}"
            )
        if self.fee_fixed is not None and self.fee_percent is not None:
            raise InputError("give a fixed fee or a percentage fee, not both")
        bounded = self.fee_minimum is not None or self.fee_maximum is not None
        if bounded and self.fee_percent is None:
            raise InputError("a fee minimum or maximum bounds a percentage fee: give the percent")
        if (
            self.fee_minimum is not None
            and self.fee_maximum is not None
            and self.fee_minimum > self.fee_maximum
        ):
            raise InputError(
                f"the fee minimum {self.fee_minimum} is above the maximum {self.fee_maximum}"
            )
        if self.fee_percent is not None and self.agreed_lump_sum is not None:
            raise InputError("give an agreed lump sum or a percentage fee, not both")
        for name in (
            "fee_fixed", "fee_percent", "fee_minimum", "fee_maximum", "agreed_lump_sum", "vat_rate"
        ):  # fmt: skip
            value = getattr(self, name)
            if value is not None and value < 0:
                raise InputError(f"{name.replace('_', ' ')} must not be negative, got {value}")
