"""Fixed compensation and collection costs per regime (LAW.md §4-§7, §9).

- `eur40` (BE and EU B2B): EUR 40 per invoice, due without reminder.
- `wik` (NL): the Besluit's scale on the principal: 15 % of the first 2,500, 10 % of the next
  2,500, 5 % of the next 5,000, 1 % of the next 190,000, 0.5 % of the rest; at least EUR 40,
  at most EUR 6,775 (the 40 is a floor, not an addition). VAT on top only when the creditor
  declares it cannot deduct it (`ClaimOptions.wik_vat`).
- `be-lump-sum` (BE B2C, art. XIX.4): only with a damages clause in accepted terms. Maximum for
  a balance B: 20 up to 150.00; 30 + 10 % of (B - 150) up to 500.00; 65 + 5 % of (B - 500)
  above, never more than 2,000. An agreed sum above the maximum voids the clause: nothing.
- `uk-fixed` (1998 Act s.5A): per debt, GBP 40 under 1,000; 70 from 1,000 to under 10,000;
  100 from 10,000.
- `contract-fee`: the user's fixed fee, or a percentage of the principal.

Base: the principal still unpaid at the start of the day the costs become due (the day after
the due date for B2B; the first day after the statutory wait for consumers), so a part payment
within the NL 14-day term lowers the WIK fee (LAW.md §2.8).

Rounding: each amount is computed exactly and rounded once, half up, to the currency's minor
unit; the band lines in `working` are rounded for display only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from decimal import Decimal

from casetui.law.options import ClaimOptions
from casetui.law.regimes import Regime, get_regime
from casetui.money import format_grouped, round_money
from casetui.values import frozen

WIK_BANDS: tuple[tuple[Decimal | None, Decimal], ...] = (
    (Decimal("2500"), Decimal("15")),
    (Decimal("2500"), Decimal("10")),
    (Decimal("5000"), Decimal("5")),
    (Decimal("190000"), Decimal("1")),
    (None, Decimal("0.5")),
)
WIK_MINIMUM = Decimal("40")
WIK_MAXIMUM = Decimal("6775")
BE_LUMP_SUM_CAP = Decimal("2000")
EUR_40 = Decimal("40")

_CURRENCY_OF = {"eur40": "EUR", "wik": "EUR", "be-lump-sum": "EUR", "uk-fixed": "GBP"}


@frozen
class Compensation:
    """An amount of fixed compensation or costs, with how it was found."""

    amount: Decimal
    currency: str
    label: str  # "WIK collection costs", "Fixed compensation per invoice", ...
    working: tuple[str, ...] = ()
    warning: str | None = None


def _money(amount: Decimal, currency: str) -> str:
    return f"{currency} {format_grouped(amount, currency)}"


def _eur(amount: Decimal) -> str:
    return format_grouped(round_money(amount, "EUR"), "EUR")


def _pct(value: Decimal) -> str:
    return f"{value.normalize():f} %"


def wik_scale(principal: Decimal) -> Decimal:
    """WIK costs excluding VAT for one principal, exact (not yet rounded)."""
    return _wik_bands(principal)[0]


def _wik_bands(principal: Decimal) -> tuple[Decimal, list[str]]:
    remaining = max(principal, Decimal(0))
    total = Decimal(0)
    lines: list[str] = []
    for width, percent in WIK_BANDS:
        if remaining <= 0:
            break
        part = remaining if width is None else min(remaining, width)
        fee = part * percent / 100
        total += fee
        lines.append(f"{_pct(percent)} of {_eur(part)} = {_eur(fee)}")
        remaining -= part
    if total < WIK_MINIMUM:
        lines.append(f"below the minimum: EUR {_eur(WIK_MINIMUM)}")
        total = WIK_MINIMUM
    elif total > WIK_MAXIMUM:
        lines.append(f"above the maximum: EUR {_eur(WIK_MAXIMUM)}")
        total = WIK_MAXIMUM
    return total, lines


def wik(
    principal: Decimal, *, vat: bool = False, vat_rate: Decimal = Decimal("21")
) -> Compensation:
    """WIK costs on one principal (or on the sum of a consumer's principals)."""
    total, lines = _wik_bands(principal)
    if vat:
        with_vat = total * (100 + vat_rate) / 100
        lines.append(
            f"+ {_pct(vat_rate)} VAT (creditor declares it cannot deduct VAT) = {_eur(with_vat)}"
        )
        total = with_vat
    return Compensation(round_money(total, "EUR"), "EUR", "WIK collection costs", tuple(lines))


def be_b2c_max_lump_sum(balance: Decimal) -> Decimal:
    """Art. XIX.4 maximum lump sum for an unpaid balance, exact."""
    if balance <= Decimal("150"):
        return Decimal("20")
    if balance <= Decimal("500"):
        return Decimal("30") + (balance - Decimal("150")) / 10
    return min(BE_LUMP_SUM_CAP, Decimal("65") + (balance - Decimal("500")) / 20)


def uk_fixed_sum(debt: Decimal) -> Decimal:
    """1998 Act s.5A fixed sum for one debt."""
    if debt < Decimal("1000"):
        return Decimal("40")
    if debt < Decimal("10000"):
        return Decimal("70")
    return Decimal("100")


def compensation_for(
    regime: Regime | str, base: Decimal, currency: str, options: ClaimOptions | None = None
) -> Compensation:
    """Compensation for one invoice whose unpaid principal is `base` when costs fall due,
    in the currency's minor unit (EUR 40 reads "40.00" like every other amount)."""
    result = _compensation(regime, base, currency, options)
    return replace(result, amount=round_money(result.amount, result.currency))


def _compensation(
    regime: Regime | str, base: Decimal, currency: str, options: ClaimOptions | None
) -> Compensation:
    spec = get_regime(regime) if isinstance(regime, str) else regime
    opts = options or ClaimOptions()
    kind = spec.compensation
    if kind == "none":
        return Compensation(Decimal(0), currency, "No compensation")
    if base <= 0:
        return Compensation(Decimal(0), currency, "No compensation: nothing was unpaid")
    needed = _CURRENCY_OF.get(kind)
    if needed is not None and needed != currency:
        return Compensation(
            Decimal(0),
            currency,
            "No fixed compensation",
            warning=(
                f"The {spec.code} compensation is a {needed} amount and the claim is in "
                f"{currency}; it is not converted, add it separately"
            ),
        )
    if kind == "eur40":
        return Compensation(EUR_40, "EUR", "Fixed compensation (EUR 40 per invoice)")
    if kind == "wik":
        return wik(base, vat=opts.wik_vat, vat_rate=opts.vat_rate)
    if kind == "uk-fixed":
        amount = uk_fixed_sum(base)
        return Compensation(
            amount,
            "GBP",
            "Fixed sum per debt (1998 Act s.5A)",
            (f"debt {_money(base, 'GBP')} -> GBP {amount:.0f}",),
        )
    if kind == "be-lump-sum":
        return _be_lump_sum(base, opts)
    return _contract_fee(base, currency, opts)


def _be_lump_sum(balance: Decimal, opts: ClaimOptions) -> Compensation:
    label = "Agreed lump sum (art. XIX.4)"
    if not opts.terms_clause:
        return Compensation(
            Decimal(0), "EUR", "No lump sum: no damages clause in accepted terms (art. XIX.4)"
        )
    maximum = round_money(be_b2c_max_lump_sum(balance), "EUR")
    working = (f"statutory maximum for a balance of {_money(balance, 'EUR')}: {maximum:.2f}",)
    agreed = opts.agreed_lump_sum
    if opts.fee_percent is not None:  # a percentage clause: its amount is the agreed sum
        agreed, clause = percentage_fee(balance, "EUR", opts)
        working = (*clause, *working)
    if agreed is None:
        return Compensation(maximum, "EUR", label, working)
    if agreed > maximum:
        return Compensation(
            Decimal(0),
            "EUR",
            "No lump sum: the agreed clause exceeds the statutory maximum",
            working,
            warning=(
                f"The agreed lump sum EUR {agreed:.2f} exceeds the maximum EUR {maximum:.2f} of "
                "art. XIX.4: the clause is void, no lump sum claimed"
            ),
        )
    return Compensation(round_money(agreed, "EUR"), "EUR", label, working)


def _contract_fee(base: Decimal, currency: str, opts: ClaimOptions) -> Compensation:
    if opts.fee_fixed is not None:
        return Compensation(round_money(opts.fee_fixed, currency), currency, "Agreed fixed fee")
    if opts.fee_percent is not None:
        fee, working = percentage_fee(base, currency, opts)
        return Compensation(fee, currency, "Agreed percentage fee", working)
    return Compensation(Decimal(0), currency, "No fee agreed")


def percentage_fee(
    base: Decimal, currency: str, opts: ClaimOptions
) -> tuple[Decimal, tuple[str, ...]]:
    """`fee_percent` of `base`, raised to `fee_minimum` and lowered to `fee_maximum` (rounded
    once), with the working in words."""
    assert opts.fee_percent is not None
    exact = base * opts.fee_percent / 100
    fee = round_money(exact, currency)
    working = [f"{_pct(opts.fee_percent)} of {_money(base, currency)} = {fee:.2f}"]
    if opts.fee_minimum is not None and fee < opts.fee_minimum:
        fee = round_money(opts.fee_minimum, currency)
        working.append(f"below the agreed minimum: {_money(fee, currency)}")
    elif opts.fee_maximum is not None and fee > opts.fee_maximum:
        fee = round_money(opts.fee_maximum, currency)
        working.append(f"above the agreed maximum: {_money(fee, currency)}")
    return fee, tuple(working)


def compensation_for_invoices(
    regime: Regime | str,
    principals: Sequence[Decimal],
    currency: str,
    options: ClaimOptions | None = None,
) -> Compensation:
    """Compensation for several late invoices claimed together.

    Per invoice, summed (EUR 40 and UK fixed sums: CJEU C-585/20, s.5A "per debt"), except the
    WIK scale for consumers, applied once to the sum of the principals (art. 6:96(7) BW). For
    nl-b2b the scale is per invoice by default; `wik_b2b_combined` applies it once to the sum,
    but never below EUR 40 per invoice (the Directive's minimum is per invoice).
    """
    spec = get_regime(regime) if isinstance(regime, str) else regime
    opts = options or ClaimOptions()
    unpaid = [amount for amount in principals if amount > 0]
    if spec.compensation == "wik" and (spec.consumer or opts.wik_b2b_combined):
        combined = compensation_for(spec, sum(unpaid, Decimal(0)), currency, opts)
        floor = EUR_40 * len(unpaid)
        if not spec.consumer and combined.warning is None and combined.amount < floor:
            return Compensation(
                floor,
                "EUR",
                combined.label,
                (*combined.working, f"at least EUR 40 per invoice: EUR {floor:.2f}"),
            )
        return combined
    parts = [compensation_for(spec, amount, currency, opts) for amount in unpaid]
    if not parts:
        return Compensation(Decimal(0), currency, "No compensation: nothing was unpaid")
    total = sum((part.amount for part in parts), Decimal(0))
    working = tuple(
        f"invoice {index}: {_money(amount, currency)} -> {part.amount:.2f}"
        for index, (amount, part) in enumerate(zip(unpaid, parts, strict=True), start=1)
    )
    warning = next((part.warning for part in parts if part.warning), None)
    return Compensation(total, parts[0].currency, f"{parts[0].label}, summed", working, warning)
