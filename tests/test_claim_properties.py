"""Property tests (hypothesis): for any private-lending case formed after 2020-08-20,

- no interest item is above 4 × one-year LPR at formation (规定25, 28), recomputed here from the
  LPR table independently of the engine;
- overdue interest + 违约金 + fees never exceed the combined line (规定29);
- the totals are exactly the sum of the items, and every item is accrued − paid − reduced.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from test_claim_helpers import COMPANY, DROP, make_case

from pipeline.law.claim import compute_claim
from pipeline.law.lpr import default_table

CENT = Decimal("0.01")
LAST = date(2026, 4, 20)  # LPR table verified through


def q(x: Decimal) -> Decimal:
    return x.quantize(CENT, rounding=ROUND_HALF_UP)


money = st.decimals(min_value=Decimal("1000"), max_value=Decimal("5000000"), places=2)


@st.composite
def private_cases(draw):
    delivered_on = draw(st.dates(min_value=date(2020, 8, 20), max_value=date(2025, 6, 30)))
    due = delivered_on + timedelta(days=draw(st.integers(30, 700)))
    as_of = min(due + timedelta(days=draw(st.integers(-20, 600))), LAST)
    as_of = max(as_of, delivered_on)
    amount = draw(money)
    company = draw(st.booleans())
    unit = draw(st.sampled_from(["year", "month", "day"]))
    scale = {"year": Decimal(1), "month": Decimal(12), "day": Decimal(365)}[unit]
    kind = draw(st.sampled_from(["agreed", "agreed", "none", "unclear"]))
    interest = {"kind": kind, "rate": DROP, "unit": unit}
    if kind == "agreed":
        interest["rate"] = str(q(draw(st.decimals(Decimal(0), Decimal(40), places=2)) / scale).quantize(Decimal("0.000001")))
    overdue = {"kind": "none"}
    if draw(st.booleans()):
        overdue = {"kind": "agreed", "rate": str(draw(st.decimals(Decimal(0), Decimal(48), places=2)))}
    penalty = draw(
        st.one_of(
            st.none(),
            st.builds(lambda r: {"kind": "rate", "rate": str(r), "unit": "day"}, st.decimals(Decimal("0.01"), Decimal("0.2"), places=2)),
            st.builds(lambda a: {"kind": "fixed", "amount": str(a)}, st.decimals(Decimal("1"), Decimal("50000"), places=2)),
        )
    )
    fees = draw(st.lists(st.decimals(Decimal("1"), Decimal("20000"), places=2), max_size=2))
    repayments = []
    for _ in range(draw(st.integers(0, 3))):
        day = delivered_on + timedelta(days=draw(st.integers(0, max(0, (as_of - delivered_on).days))))
        pay = draw(st.decimals(Decimal("1"), amount / 2, places=2))
        rec = {"date": day.isoformat(), "amount": str(pay)}
        if draw(st.integers(0, 3)) == 0:
            rec["to_principal"] = str(q(pay / 2))
        repayments.append(rec)
    over = {
        "loan": {
            "face_principal": str(amount),
            "disbursements": [{"date": delivered_on.isoformat(), "amount": str(amount), "method": "bank_transfer"}],
            "due_date": due.isoformat(),
            "interest": interest,
            "overdue_interest": overdue,
            "penalty": penalty,
            "other_fees": [{"name": f"服务费{i}", "amount": str(f)} for i, f in enumerate(fees)],
        },
        "repayments": repayments,
        "computation_date": as_of.isoformat(),
        "settings": {
            "day_count_basis": draw(st.sampled_from([365, 360])),
            "count_end_day": draw(st.sampled_from([None, True, False])),  # retired: must change nothing
            "overdue_lpr_mode": draw(st.sampled_from(["fixed_at_default_start", "floating"])),
        },
        "procedure": {"preferred": "lawsuit"},
    }
    if penalty is None:
        over["loan"]["penalty"] = DROP
    if company:
        over["creditor"] = dict(COMPANY)
        over["lender_category"] = "company"
    return make_case(over)


PROPS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPS
@given(private_cases())
def test_interest_never_exceeds_four_times_lpr_at_formation(case):
    claim = compute_claim(case)
    formed = case.loan.disbursements[0].date  # one tranche, no signing date: formation = delivery for both categories
    cap = default_table().one_year(formed).rate * 4
    basis = case.settings.day_count_basis
    for it in claim.items:
        if it.kind in ("term_interest", "overdue_interest"):
            assert it.annual_rate <= cap
            assert it.accrued <= q(it.base * cap * it.days / (100 * basis))


@PROPS
@given(private_cases())
def test_overdue_charges_stay_within_the_combined_line(case):
    claim = compute_claim(case)
    formed = case.loan.disbursements[0].date
    cap = default_table().one_year(formed).rate * 4
    basis = case.settings.day_count_basis
    overdue = [i for i in claim.items if i.kind == "overdue_interest"]
    penalties = [i for i in claim.items if i.kind == "penalty"]
    fees = [i for i in claim.items if i.kind == "fee"]
    if not penalties and not fees:
        return
    # The line is the overdue principal × 4 × LPR over the overdue periods. Every overdue period
    # carries an overdue-interest item unless the agreed overdue rate is 0, so measure it on those.
    ov = case.loan.overdue_interest
    assume(not (ov.kind == "agreed" and ov.rate == 0))
    line = sum((q(i.base * cap * i.days / (100 * basis)) for i in overdue), Decimal(0))
    charged = sum((i.accrued for i in overdue), Decimal(0)) + sum((i.accrued - i.reduced_by for i in penalties + fees), Decimal(0))
    assert charged <= line


@PROPS
@given(private_cases())
def test_totals_are_the_sum_of_the_items(case):
    claim = compute_claim(case)
    t = claim.totals
    assert t.total == sum((i.amount for i in claim.items), Decimal(0))
    assert t.principal + t.interest + t.penalty + t.fees == t.total
    assert t.principal == claim.principal_outstanding
    for i in claim.items:
        assert i.amount >= 0
        assert i.amount == i.amount.quantize(CENT)
        if i.kind != "principal":
            assert i.amount == i.accrued - i.paid - i.reduced_by
    paid = sum((a.to_interest for a in claim.repayments), Decimal(0))
    assert paid == sum((i.paid for i in claim.items), Decimal(0))
    assert claim.to_json()["totals"]["total"] == f"{t.total:.2f}"


@PROPS
@given(private_cases())
def test_interest_periods_tile_the_elapsed_days(case):
    """Split-invariant day count (民法典第201条): whatever the repayments, the 2020 line, the due date
    and the LPR changes cut, the interest periods of the (single) tranche follow each other without a
    day counted twice or lost, from the day after delivery to the computation date."""
    claim = compute_claim(case)
    loan = case.loan
    assume(loan.interest.kind == "agreed" and loan.interest.rate and loan.interest.rate > 0)
    assume(not (loan.overdue_interest.kind == "agreed" and loan.overdue_interest.rate == 0))
    assume(claim.principal_outstanding > 0)  # principal never fully repaid: every day bears interest
    periods = sorted((i.start, i.end, i.days) for i in claim.items if i.kind in ("term_interest", "overdue_interest"))
    delivered = loan.disbursements[0].date
    if claim.as_of == delivered:
        assert periods == []
        return
    assert periods[0][0] == delivered + timedelta(days=1)
    assert periods[-1][1] == claim.as_of
    for (s1, e1, d1), (s2, _e2, _d2) in zip(periods, periods[1:]):
        assert s2 == e1 + timedelta(days=1)
    assert sum(d for _s, _e, d in periods) == (claim.as_of - delivered).days
