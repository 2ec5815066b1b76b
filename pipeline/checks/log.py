"""Contact-log checks (checklist C1–C8, T12), thresholds from the rules file.

Sources (law-money.md §6.1, §6.4; law-procedure.md §3): 支付清算协会《银行卡发卡业务风险管理指引》
第83条（只向债务人及担保人催收、录音）; 个人信息保护法第25条; 刑法第293条之一; 两高两部
"软暴力"意见（2019）. The time window and frequency caps are self-regulatory conventions
(confidence L) and therefore configurable.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import TYPE_CHECKING

from ..case.labels import CHANNEL_ZH, RELATION_ZH
from .findings import Finding
from .normalize import normalize
from .rules import LogCheck, RuleSet

if TYPE_CHECKING:
    from ..case.models import Case, Contact

__all__ = ["check_log", "CHANNEL_ZH", "RELATION_ZH"]

Row = tuple[int, "Contact", dt.datetime]  # (index in collection_log, contact, local time)


def _desc(row: Row, extra: str = "") -> str:
    i, c, local = row
    base = f"{local:%Y-%m-%d %H:%M} {CHANNEL_ZH[c.channel]} → {c.counterpart}（{RELATION_ZH[c.relation]}）"
    return f"{base}：{extra}" if extra else base


def _finding(check: LogCheck, row: Row, extra: str = "", severity: str | None = None) -> Finding:
    return Finding(
        check.id,
        severity or check.severity,  # type: ignore[arg-type]
        f"collection_log[{row[0]}]",
        _desc(row, extra),
        check.basis,
        check.suggestion,
        check.title,
    )


def _in_window(local: dt.datetime, start: dt.time, end: dt.time) -> bool:
    t = local.time().replace(tzinfo=None)
    return start <= t <= end


def _window(rules: RuleSet, rows: list[Row], natural_person: bool = False) -> list[Finding]:
    """C1. The 08:00–21:00 window is the lenders' self-regulatory convention (中国互联网金融协会
    自律公约); for a natural-person creditor it binds no one, so ``natural_person_severity``
    (default warn in the shipped rules) applies and the finding says why."""
    check = rules.log("window")
    if not check:
        return []
    p = check.params
    severity = p.get("natural_person_severity") if natural_person else None
    out = []
    for row in rows:
        if row[1].channel in p["channels"] and not _in_window(row[2], p["start"], p["end"]):
            extra = f"不在允许的联系时段 {p['start']:%H:%M}–{p['end']:%H:%M} 内"
            if severity:
                extra += "（债权人为自然人：该时段出自放贷机构的行业自律公约，对自然人仅作提醒；深夜联系仍可能构成滋扰）"
            out.append(_finding(check, row, extra, severity=severity))
    return out


def _daily_calls(rules: RuleSet, rows: list[Row]) -> list[Finding]:
    check = rules.log("daily_calls")
    if not check:
        return []
    p = check.params
    days: dict[tuple[str, dt.date], list[Row]] = defaultdict(list)
    for row in rows:
        c = row[1]
        if c.channel in p["channels"] and c.relation in p["relations"]:
            days[(c.counterpart, row[2].date())].append(row)
    out = []
    for (_, day), day_rows in days.items():
        if len(day_rows) > p["max_per_day"]:
            first_excess = day_rows[p["max_per_day"]]
            out.append(
                _finding(check, first_excess, f"{day:%Y-%m-%d} 当日共 {len(day_rows)} 次，超过每日 {p['max_per_day']} 次上限")
            )
    return out


def _burst(rules: RuleSet, rows: list[Row]) -> list[Finding]:
    check = rules.log("burst")
    if not check:
        return []
    p = check.params
    gap = dt.timedelta(minutes=p["min_gap_minutes"])
    last: dict[str, Row] = {}
    out = []
    for row in rows:
        c = row[1]
        if c.channel not in p["channels"] or c.relation not in p["relations"]:
            continue
        prev = last.get(c.counterpart)
        if prev is not None and row[2] - prev[2] < gap:
            minutes = int((row[2] - prev[2]).total_seconds() // 60)
            out.append(
                _finding(check, row, f"距上次联系（collection_log[{prev[0]}]）仅 {minutes} 分钟，少于 {p['min_gap_minutes']} 分钟")
            )
        last[c.counterpart] = row
    return out


def _after_written_only(rules: RuleSet, rows: list[Row]) -> list[Finding]:
    check = rules.log("after_written_only")
    if not check:
        return []
    p = check.params
    asked: dict[str, Row] = {}
    out = []
    for row in rows:
        c = row[1]
        if c.relation not in p["relations"]:
            continue
        if c.counterpart in asked and c.channel in p["channels"]:
            out.append(_finding(check, row, f"对方已于 collection_log[{asked[c.counterpart][0]}] 要求仅书面联系"))
        if c.outcome == "written_only":
            asked.setdefault(c.counterpart, row)
    return out


def _after_promise(rules: RuleSet, rows: list[Row]) -> list[Finding]:
    check = rules.log("after_promise")
    if not check:
        return []
    p = check.params
    promised: dict[str, tuple[Row, dt.date]] = {}
    out = []
    for row in rows:
        c = row[1]
        if c.relation not in p["relations"]:
            continue
        current = promised.get(c.counterpart)
        if current and c.channel in p["channels"] and row[2].date() < current[1]:
            out.append(
                _finding(
                    check,
                    row,
                    f"对方已于 collection_log[{current[0][0]}] 承诺 {current[1]:%Y-%m-%d} 前还款，承诺日尚未届至",
                )
            )
        if c.outcome == "promise" and c.promised_date is not None:
            promised[c.counterpart] = (row, c.promised_date)
    return out


def _after_dispute(rules: RuleSet, rows: list[Row]) -> list[Finding]:
    check = rules.log("after_dispute")
    if not check:
        return []
    p = check.params
    disputed: dict[str, Row] = {}
    out = []
    for row in rows:
        c = row[1]
        if c.relation not in p["relations"]:
            continue
        if c.counterpart in disputed:
            if c.outcome in p["resolve_outcomes"]:
                del disputed[c.counterpart]
            elif c.channel in p["channels"]:
                out.append(_finding(check, row, f"对方已于 collection_log[{disputed[c.counterpart][0]}] 提出异议，尚无核实结果"))
        if c.outcome == "dispute":
            disputed.setdefault(c.counterpart, row)
    return out


def _mentions_debt(check: LogCheck, content: str) -> bool:
    norm = normalize(content).text
    allowed = [(m.start(), m.end()) for p in check.params["debt_terms_allow"] for m in p.finditer(norm)]
    for p in check.params["debt_terms"]:
        for m in p.finditer(norm):
            if not any(a <= m.start() < b for a, b in allowed):
                return True
    return False


def _relation(rules: RuleSet, rows: list[Row]) -> list[Finding]:
    check = rules.log("relation")
    if not check:
        return []
    p = check.params
    out = []
    for row in rows:
        c = row[1]
        if c.relation in p["forbidden_relations"]:
            out.append(_finding(check, row, "向与债务无关的第三人催收"))
        elif c.relation in p["limited_relations"]:
            if c.disclosed_debt:
                out.append(_finding(check, row, "向第三人透露了债务信息（disclosed_debt 为 true）"))
            elif _mentions_debt(check, c.content):
                out.append(
                    _finding(
                        check,
                        row,
                        "记录内容涉及债务，请核实是否仅询问债务人联系方式、未透露债务",
                        severity=p["hint_severity"],
                    )
                )
    return out


def _third_party_frequency(rules: RuleSet, rows: list[Row]) -> list[Finding]:
    check = rules.log("third_party_frequency")
    if not check:
        return []
    p = check.params
    span = dt.timedelta(days=p["per_days"])
    seen: dict[str, list[Row]] = defaultdict(list)
    out = []
    for row in rows:
        c = row[1]
        if c.relation not in p["relations"]:
            continue
        recent = [r for r in seen[c.counterpart] if row[2] - r[2] < span]
        if len(recent) + 1 > p["max_contacts"]:
            out.append(_finding(check, row, f"{p['per_days']} 天内第 {len(recent) + 1} 次联系同一第三人"))
        seen[c.counterpart].append(row)
    return out


def _recording(rules: RuleSet, rows: list[Row]) -> list[Finding]:
    check = rules.log("recording")
    if not check:
        return []
    p = check.params
    return [
        _finding(check, row, "未记录录音编号")
        for row in rows
        if row[1].channel in p["channels"] and not row[1].recording_id and row[1].outcome not in p["skip_outcomes"]
    ]


def _visit(rules: RuleSet, rows: list[Row]) -> list[Finding]:
    check = rules.log("visit")
    if not check:
        return []
    window = rules.log_checks.get("window")
    start = window.params["start"] if window else dt.time(8, 0)
    end = window.params["end"] if window else dt.time(21, 0)
    out = []
    for row in rows:
        if row[1].channel not in check.params["channels"]:
            continue
        if _in_window(row[2], start, end):
            out.append(_finding(check, row, "上门催收"))
        else:
            out.append(
                _finding(check, row, f"夜间上门（{start:%H:%M}–{end:%H:%M} 以外）", severity=check.params["night_severity"])
            )
    return out


def _delivery_proof(rules: RuleSet, rows: list[Row]) -> list[Finding]:
    check = rules.log("delivery_proof")
    if not check:
        return []
    return [
        _finding(check, row, "标记为已送达，但没有送达凭证")
        for row in rows
        if row[1].channel in check.params["channels"] and row[1].delivered and row[1].delivery_proof is None
    ]


def _daily_contacts(rules: RuleSet, rows: list[Row]) -> list[Finding]:
    """Every channel counts (issue 17): per-channel daily limits and a total across channels,
    per counterpart and local day (两高两部“软暴力”意见 2019: 反复滋扰)."""
    check = rules.log("daily_contacts")
    if not check:
        return []
    p = check.params
    limits: dict[str, int] = p["limits"]
    days: dict[tuple[str, dt.date], list[Row]] = defaultdict(list)
    for row in rows:
        c = row[1]
        # the total counts every channel but posted letters (calls included); per-channel limits
        # apply to the channels listed in ``limits``
        if c.relation in p["relations"] and c.channel not in ("letter", "lawyer_letter"):
            days[(c.counterpart, row[2].date())].append(row)
    out = []
    for (_, day), day_rows in days.items():
        per: dict[str, list[Row]] = defaultdict(list)
        for row in day_rows:
            per[row[1].channel].append(row)
        for channel, ch_rows in per.items():
            if channel in limits and len(ch_rows) > limits[channel]:
                out.append(
                    _finding(
                        check,
                        ch_rows[limits[channel]],
                        f"{day:%Y-%m-%d} 当日{CHANNEL_ZH[channel]}共 {len(ch_rows)} 次，超过每日 {limits[channel]} 次上限",
                    )
                )
        if len(day_rows) > p["max_total"]:
            counts = "、".join(f"{CHANNEL_ZH[ch]} {len(r)} 次" for ch, r in per.items())
            out.append(
                _finding(
                    check,
                    day_rows[p["max_total"]],
                    f"{day:%Y-%m-%d} 当日各渠道合计 {len(day_rows)} 次（{counts}），超过合计每日 {p['max_total']} 次上限",
                )
            )
    return out


def _channel_burst(rules: RuleSet, rows: list[Row]) -> list[Finding]:
    """Contacts to one person too close together: per channel (own minimum gap) and across
    channels (``any_channel_gap_minutes``: an SMS right after a call is still a burst)."""
    check = rules.log("channel_burst")
    if not check:
        return []
    p = check.params
    gaps: dict[str, int] = p["min_gap_minutes"]
    any_gap = dt.timedelta(minutes=p["any_channel_gap_minutes"])
    last_ch: dict[tuple[str, str], Row] = {}
    last_any: dict[str, Row] = {}
    out = []
    for row in rows:
        c = row[1]
        if c.relation not in p["relations"] or c.channel not in gaps:
            continue
        prev = last_ch.get((c.counterpart, c.channel))
        prev_any = last_any.get(c.counterpart)
        if prev is not None and row[2] - prev[2] < dt.timedelta(minutes=gaps[c.channel]):
            minutes = int((row[2] - prev[2]).total_seconds() // 60)
            out.append(
                _finding(
                    check,
                    row,
                    f"距上次{CHANNEL_ZH[c.channel]}（collection_log[{prev[0]}]）仅 {minutes} 分钟，"
                    f"少于该渠道的 {gaps[c.channel]} 分钟间隔",
                )
            )
        elif prev_any is not None and prev_any[1].channel != c.channel and row[2] - prev_any[2] < any_gap:
            minutes = int((row[2] - prev_any[2]).total_seconds() // 60)
            out.append(
                _finding(
                    check,
                    row,
                    f"距上次联系（collection_log[{prev_any[0]}]，{CHANNEL_ZH[prev_any[1].channel]}）仅 {minutes} 分钟，"
                    f"少于跨渠道的 {p['any_channel_gap_minutes']} 分钟间隔",
                )
            )
        last_ch[(c.counterpart, c.channel)] = row
        last_any[c.counterpart] = row
    return out


def _repeated_message(rules: RuleSet, rows: list[Row]) -> list[Finding]:
    """The same message (after normalisation) sent to one person more than ``max_repeats`` times
    within ``per_days`` days: mass repetition is 反复滋扰 (两高两部“软暴力”意见 2019)."""
    check = rules.log("repeated_message")
    if not check:
        return []
    p = check.params
    span = dt.timedelta(days=p["per_days"])
    seen: dict[tuple[str, str], list[Row]] = defaultdict(list)
    out = []
    for row in rows:
        c = row[1]
        if c.channel not in p["channels"] or not c.content:
            continue
        key = (c.counterpart, normalize(c.content).text)
        if not key[1]:
            continue
        recent = [r for r in seen[key] if row[2] - r[2] < span]
        if len(recent) >= p["max_repeats"]:
            out.append(
                _finding(
                    check,
                    row,
                    f"同一内容已于 collection_log[{recent[0][0]}] 起 {p['per_days']} 日内发送 {len(recent)} 次，"
                    f"超过 {p['max_repeats']} 次",
                )
            )
        seen[key] = recent + [row]
    return out


_CHECKS = (
    _window,
    _daily_calls,
    _burst,
    _after_written_only,
    _after_promise,
    _after_dispute,
    _relation,
    _third_party_frequency,
    _recording,
    _visit,
    _delivery_proof,
    _daily_contacts,
    _channel_burst,
    _repeated_message,
)


def check_log(case: "Case", rules: RuleSet) -> list[Finding]:
    """Check ``case.collection_log`` (times converted to the rules' time zone, Asia/Shanghai by
    default). Findings are ordered by log index, then by check order."""
    rows: list[Row] = [(i, c, c.at.astimezone(rules.timezone)) for i, c in enumerate(case.collection_log)]
    rows.sort(key=lambda r: (r[2], r[0]))
    found: list[tuple[int, int, Finding]] = []
    natural = case.lender_category == "natural_person"
    for order, fn in enumerate(_CHECKS):
        for f in (_window(rules, rows, natural) if fn is _window else fn(rules, rows)):
            index = int(f.where[len("collection_log[") : -1])
            found.append((index, order, f))
    found.sort(key=lambda t: (t[0], t[1]))
    return [f for _, _, f in found]
