"""Late-payment law: interest engines, rate tables, compensation and the legal clock.

Pure core: no UI imports and no I/O except reading rate files. Start with `compute_claim`.
"""

from casetui.law.claim import NOT_LEGAL_ADVICE, Claim, compute_claim
from casetui.law.clock import CostsClock, costs_allowed_from, statutory_due_date
from casetui.law.compensation import Compensation, compensation_for, compensation_for_invoices
from casetui.law.engines import Allocation, Capitalisation, Period
from casetui.law.options import ClaimOptions
from casetui.law.rates import RateBook, default_rate_book
from casetui.law.records import LetterRecord, Movement
from casetui.law.regimes import REGIMES, Regime, default_regime, get_regime, regime_codes
from casetui.workdays import (
    add_business_days,
    is_working_day,
    next_working_day,
    roll_forward,
)

__all__ = [
    "NOT_LEGAL_ADVICE",
    "REGIMES",
    "Allocation",
    "Capitalisation",
    "Claim",
    "ClaimOptions",
    "Compensation",
    "CostsClock",
    "LetterRecord",
    "Movement",
    "Period",
    "RateBook",
    "Regime",
    "add_business_days",
    "compensation_for",
    "compensation_for_invoices",
    "compute_claim",
    "costs_allowed_from",
    "default_rate_book",
    "default_regime",
    "get_regime",
    "is_working_day",
    "next_working_day",
    "regime_codes",
    "roll_forward",
    "statutory_due_date",
]
