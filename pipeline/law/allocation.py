"""Application of a part payment (民法典第561条; among several principal debts 第560条).

民法典第561条: a payment that does not cover everything is applied, unless agreed otherwise, to
(一) 实现债权的有关费用 → (二) 利息 → (三) 主债务. A repayment that records ``to_principal``
is "另有约定": that part goes to principal, the rest to costs and interest in the statutory order.

The case model has no record of enforcement costs (实现债权的费用), so ``costs_due`` is 0 in
the claim engine; the field is kept so that a later record of such costs slots in.
Interest here is interest already accrued up to and including the payment date, at the rate
the law supports (capped): a payment beyond the supported interest therefore reduces principal,
which is how courts treat interest paid above the cap in a claim computation.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from ..money import figures, zh_date

__all__ = ["Allocation", "allocate", "principal_order"]

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Allocation:
    """How one repayment was applied."""

    date: date
    amount: Decimal
    to_costs: Decimal
    to_interest: Decimal
    to_principal: Decimal
    surplus: Decimal  # left over after everything owed at that date was paid (a warning)
    agreed: bool  # True when the recorded agreement (to_principal) governed
    note: str  # Chinese: which rule and the split


def allocate(
    on: date,
    amount: Decimal,
    *,
    costs_due: Decimal,
    interest_due: Decimal,
    principal_due: Decimal,
    agreed_to_principal: Decimal | None = None,
) -> Allocation:
    """Split one repayment into costs, interest and principal."""
    amount = Decimal(amount)
    if agreed_to_principal is None:
        to_costs = min(amount, costs_due)
        rest = amount - to_costs
        to_interest = min(rest, interest_due)
        rest -= to_interest
        to_principal = min(rest, principal_due)
        surplus = rest - to_principal
        note = (
            f"{zh_date(on)}还款{figures(amount)}元，双方未另行约定抵充顺序，依民法典第561条按实现债权的费用、利息、本金的顺序抵充："
            f"费用{figures(to_costs)}元，利息{figures(to_interest)}元，本金{figures(to_principal)}元"
        )
        agreed = False
    else:
        to_principal = min(Decimal(agreed_to_principal), principal_due)
        rest = amount - to_principal
        to_costs = min(rest, costs_due)
        rest -= to_costs
        to_interest = min(rest, interest_due)
        rest -= to_interest
        # Money beyond the interest then owed still reduces principal rather than vanish.
        extra = min(rest, principal_due - to_principal)
        to_principal += extra
        surplus = rest - extra
        note = (
            f"{zh_date(on)}还款{figures(amount)}元，按双方约定冲抵本金{figures(Decimal(agreed_to_principal))}元"
            f"（民法典第561条“当事人另有约定的除外”），其余冲抵费用{figures(to_costs)}元、利息{figures(to_interest)}元"
        )
        if extra:
            note += f"，超出当时所欠利息的{figures(extra)}元冲抵本金"
        agreed = True
    if surplus:
        note += f"；另有{figures(surplus)}元超出当时全部欠款"
    return Allocation(on, amount, to_costs, to_interest, to_principal, surplus, agreed, note)


def principal_order(buckets: Sequence[tuple[date, Decimal, date]], on: date) -> list[int]:
    """Order in which principal parts absorb a principal payment (民法典第560条).

    ``buckets`` are (due date, annual rate, delivery date). Already-due parts first (第560条第2款:
    优先履行已经到期的债务), among them — and among undue parts — the heavier burden (higher rate)
    first, then the earlier due date, then the earlier delivery.
    """

    def key(i: int) -> tuple[int, Decimal, date, date]:
        due, rate, delivered = buckets[i]
        return (0 if due <= on else 1, -rate, due, delivered)

    return sorted(range(len(buckets)), key=key)
