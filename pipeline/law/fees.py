"""Court fees under 《诉讼费用交纳办法》 (国务院令第481号, in force 2007-04-01).

- 第13条(一): 财产案件受理费, marginal brackets ("分段累计"); the brackets are data
  in pipeline/law/data/fees.toml.
- 第14条(二): 申请保全措施 — 30元 up to 1,000元; 1% of 1,000–100,000; 0.5% above; at most 5,000元.
- 第14条(三): 申请支付令 — one third of the property-case fee.
- 第15条 (调解结案/撤诉) and 第16条 (简易程序): the case fee is halved; 民诉法解释第206条:
  人民法院决定减半收取案件受理费的，只能减半一次 (summary procedure + mediation is still one half).

Rounding: every figure is derived from the UNROUNDED full fee and rounded once, either
to the fen ("fen", half up) or to the whole yuan ("yuan", half up) — courts differ
(16,735.82 → 16,736; 2,582.85 ÷ 2 = 1,291.425 → 1,291.43 or 1,291).
:func:`property_case_fee` and :func:`preservation_fee` return unrounded values; only
:func:`court_fees` rounds.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import Any

from .._resources import data_dir

__all__ = [
    "CourtFees",
    "FeeError",
    "FeeLine",
    "court_fees",
    "preservation_fee",
    "property_case_fee",
    "round_fee",
]

ROUNDINGS = ("fen", "yuan")
_QUANTUM = {"fen": Decimal("0.01"), "yuan": Decimal("1")}
_ROUNDING_TEXT = {"fen": "四舍五入保留到分", "yuan": "四舍五入到元"}


class FeeError(ValueError):
    """Bad input to the fee calculator (message in Chinese, naming the field and value)."""


@dataclass(frozen=True)
class FeeLine:
    """One fee with its Chinese working, e.g. "50 + (100,000 − 10,000) × 2.5% + … = 2,300"."""

    label: str
    amount: Decimal
    formula: str


@dataclass(frozen=True)
class CourtFees:
    claim_amount: Decimal
    rounding: str  # "fen" | "yuan"
    case_fee_full: Decimal  # 案件受理费, full scale, rounded once
    case_fee_payable: Decimal  # halved once for summary procedure or mediation
    payment_order_fee: Decimal  # 1/3 of the unrounded full fee, rounded once
    preservation_amount: Decimal | None
    preservation_fee: Decimal | None
    lines: tuple[FeeLine, ...]


@dataclass(frozen=True)
class _Scale:
    source: str
    flat_upto: Decimal
    flat_fee: Decimal
    brackets: tuple[tuple[Decimal, Decimal], ...]  # (above, rate), ascending
    cap: Decimal | None


@dataclass(frozen=True)
class _Tables:
    property_case: _Scale
    preservation: _Scale
    half: Decimal
    half_source: str
    po_num: Decimal
    po_den: Decimal
    po_source: str


def _dec(value: Any) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


def _scale(raw: dict[str, Any]) -> _Scale:
    brackets = tuple((_dec(b["above"]), _dec(b["rate"])) for b in raw["brackets"])
    if [b[0] for b in brackets] != sorted(b[0] for b in brackets):
        raise FeeError("fees.toml：费率分段应按起点从小到大排列")
    return _Scale(
        source=raw["source"],
        flat_upto=_dec(raw["flat_upto"]),
        flat_fee=_dec(raw["flat_fee"]),
        brackets=brackets,
        cap=_dec(raw["cap"]) if "cap" in raw else None,
    )


@lru_cache(maxsize=1)
def _tables() -> _Tables:
    with open(data_dir() / "fees.toml", "rb") as fh:
        raw = tomllib.load(fh, parse_float=Decimal)
    red = raw["reductions"]
    return _Tables(
        property_case=_scale(raw["property_case"]),
        preservation=_scale(raw["preservation"]),
        half=_dec(red["half"]),
        half_source=red["half_source"],
        po_num=_dec(red["payment_order_numerator"]),
        po_den=_dec(red["payment_order_denominator"]),
        po_source=red["payment_order_source"],
    )


# ---------------------------------------------------------------- number text


def _num(x: Decimal) -> str:
    """Thousands separators, no trailing zeros; endless fractions (thirds) cut to 6 places with "…"."""
    q = x.normalize()
    exp = q.as_tuple().exponent
    if isinstance(exp, int) and exp < -6:
        return f"{x.quantize(Decimal('0.000001'), rounding=ROUND_HALF_UP):,f}…"
    return f"{q:,f}"


def _pct(rate: Decimal) -> str:
    return f"{(rate * 100).normalize():f}%"


def _money_text(x: Decimal, rounding: str) -> str:
    return f"{x:,.2f}" if rounding == "fen" else f"{x:,.0f}"


# ---------------------------------------------------------------- the scales


def _apply(scale: _Scale, amount: Decimal) -> tuple[Decimal, str]:
    """Marginal fee for ``amount`` and its working (unrounded)."""
    fee = scale.flat_fee
    parts = [_num(scale.flat_fee)]
    if amount > scale.flat_upto:
        for i, (above, rate) in enumerate(scale.brackets):
            if amount <= above:
                break
            upper = scale.brackets[i + 1][0] if i + 1 < len(scale.brackets) else None
            top = amount if upper is None or amount < upper else upper
            fee += (top - above) * rate
            parts.append(f"({_num(top)} − {_num(above)}) × {_pct(rate)}")
    working = " + ".join(parts) + f" = {_num(fee)}"
    if amount <= scale.flat_upto:
        working = f"不超过{_num(scale.flat_upto)}元，每件{_num(scale.flat_fee)}元"
    if scale.cap is not None and fee > scale.cap:
        working += f"，超过上限，按{_num(scale.cap)}元"
        fee = scale.cap
    return fee, working


def _check_amount(value: Any, field: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (Decimal, int, str)):
        raise FeeError(f"{field}：应为 Decimal 金额（不接受浮点数）（当前值：{value!r}）")
    try:
        amount = _dec(value)
    except ArithmeticError:
        raise FeeError(f"{field}：应为数字金额（当前值：{value!r}）") from None
    if not amount.is_finite() or amount <= 0:
        raise FeeError(f"{field}：金额应大于0（当前值：{value}）")
    return amount


def property_case_fee(amount: Decimal) -> Decimal:
    """财产案件受理费, full scale, UNROUNDED (《诉讼费用交纳办法》第13条(一), 分段累计)."""
    return _apply(_tables().property_case, _check_amount(amount, "诉讼标的额"))[0]


def preservation_fee(amount: Decimal) -> Decimal:
    """申请保全措施费用 on the amount actually preserved, UNROUNDED, capped at 5,000元 (第14条(二))."""
    return _apply(_tables().preservation, _check_amount(amount, "保全财产数额"))[0]


def round_fee(value: Decimal, rounding: str) -> Decimal:
    """Round once, half up: "fen" → 0.01, "yuan" → whole yuan."""
    if rounding not in _QUANTUM:
        raise FeeError(f"诉讼费取整方式（fee_rounding）应为 fen（保留到分）或 yuan（四舍五入到元）（当前值：{rounding}）")
    return value.quantize(_QUANTUM[rounding], rounding=ROUND_HALF_UP)


def _rounded_text(raw: Decimal, rounded: Decimal, rounding: str) -> str:
    if raw == rounded:
        return ""
    return f"，{_ROUNDING_TEXT[rounding]}为 {_money_text(rounded, rounding)}"


def court_fees(
    claim_amount: Decimal,
    *,
    summary: bool,
    mediation: bool = False,
    preservation_amount: Decimal | None = None,
    rounding: str = "fen",
) -> CourtFees:
    """All fees for a monetary claim, each rounded once from the unrounded full fee.

    ``summary``: 简易程序 (incl. 小额诉讼) → half (第16条). ``mediation``: 调解结案 → half (第15条).
    Both together are still one half (民诉法解释第206条). The 支付令 fee is one third of
    the full, unhalved fee (第14条(三)).
    """
    round_fee(Decimal(0), rounding)  # validates ``rounding``
    tables = _tables()
    amount = _check_amount(claim_amount, "诉讼标的额")
    full_raw, working = _apply(tables.property_case, amount)
    full = round_fee(full_raw, rounding)
    lines = [
        FeeLine(
            "案件受理费（全额）",
            full,
            f"诉讼标的额 {_num(amount)} 元：{working}{_rounded_text(full_raw, full, rounding)}"
            f"（{tables.property_case.source}）",
        )
    ]

    if summary or mediation:
        reasons = []
        if summary:
            reasons.append("适用简易程序")
        if mediation:
            reasons.append("以调解方式结案")
        payable_raw = full_raw * tables.half
        payable = round_fee(payable_raw, rounding)
        once = "，两项减半事由并存" if summary and mediation else ""
        lines.append(
            FeeLine(
                "案件受理费（减半交纳）",
                payable,
                f"{_num(full_raw)} × 1/2 = {_num(payable_raw)}{_rounded_text(payable_raw, payable, rounding)}"
                f"（{'、'.join(reasons)}{once}；{tables.half_source}）",
            )
        )
    else:
        payable = full

    po_raw = full_raw * tables.po_num / tables.po_den
    po = round_fee(po_raw, rounding)
    lines.append(
        FeeLine(
            "申请支付令费用",
            po,
            f"{_num(full_raw)} × {_num(tables.po_num)}/{_num(tables.po_den)} = {_num(po_raw)}"
            f"{_rounded_text(po_raw, po, rounding)}（{tables.po_source}）",
        )
    )

    pres_amount: Decimal | None = None
    pres_fee: Decimal | None = None
    if preservation_amount is not None:
        pres_amount = _check_amount(preservation_amount, "保全财产数额")
        pres_raw, pres_working = _apply(tables.preservation, pres_amount)
        pres_fee = round_fee(pres_raw, rounding)
        lines.append(
            FeeLine(
                "申请财产保全费用",
                pres_fee,
                f"保全财产数额 {_num(pres_amount)} 元：{pres_working}"
                f"{_rounded_text(pres_raw, pres_fee, rounding)}（{tables.preservation.source}）",
            )
        )

    return CourtFees(
        claim_amount=amount,
        rounding=rounding,
        case_fee_full=full,
        case_fee_payable=payable,
        payment_order_fee=po,
        preservation_amount=pres_amount,
        preservation_fee=pres_fee,
        lines=tuple(lines),
    )
