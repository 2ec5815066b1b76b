"""``cuishou status``: one row a case over a folder of case folders, sorted by urgency.

Each row reads the same answer ``build`` uses (:func:`pipeline.stage.assess`): stage, next
action and its date, the amount claimed, the limitation's last day and open compliance blocks.
Overdue actions come first, then limitations ending within ``urgent_days``, then by date.
The HTML page is one self-contained file (inline CSS and SVG, no script, no network).
"""

from __future__ import annotations

import html
import json
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, Iterable

from .money import figures, zh_date

__all__ = ["StatusRow", "case_status", "portfolio", "portfolio_json", "portfolio_html", "write_overview"]

URGENT_DAYS = 90


@dataclass(frozen=True)
class StatusRow:
    case_id: str
    folder: str  # relative to the root
    stage: str | None  # None: the case could not be read or computed
    label: str
    next_action: str
    due: str | None
    document: str | None
    basis: str
    amount: str | None  # total claimed, yuan
    limitation_last_day: str | None
    limitation_status: str | None
    blocks: int  # open compliance blocks (lawful-collection checks)
    urgency: str  # overdue | limitation | due | later | error
    problem: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def case_status(case_dir: Path, root: Path, as_of: date | None = None, *, rules: Any = None,
                profiles: Iterable[Path] = ()) -> StatusRow:
    """The row for one case folder; a case that cannot be read gives a row with its problem.
    ``profiles``: creditor/firm profiles merged into the case (pipeline/profile.py)."""
    from .case import CaseError, load_case
    from .checks import check_case, load_rules
    from .law.claim import compute_claim
    from .stage import assess

    rel = case_dir.relative_to(root).as_posix() if case_dir != root else "."
    try:
        case = load_case(case_dir, profiles)
    except CaseError as exc:
        return _error_row(case_dir.name, rel, "；".join(str(p) for p in exc.problems[:3]))
    try:
        claim = compute_claim(case, as_of=as_of)
    except ValueError as exc:
        return _error_row(case.case_id, rel, f"计算失败：{exc}")
    day = as_of or case.computation_date
    report = assess(case, claim, day)
    findings = check_case(case, rules=rules if rules is not None else load_rules(None), claim=claim)
    blocks = sum(1 for f in findings if f.severity == "block")
    lim = claim.limitation
    act = report.next_action
    if act.due < day:
        urgency = "overdue"
    elif lim is not None and report.stage not in ("filed", "settled") and (lim.last_day - day).days <= URGENT_DAYS:
        urgency = "limitation"
    elif act.due == day:
        urgency = "due"
    else:
        urgency = "later"
    return StatusRow(
        case_id=case.case_id,
        folder=rel,
        stage=report.stage,
        label=report.label,
        next_action=act.action,
        due=act.due.isoformat(),
        document=act.document,
        basis=act.basis,
        amount=f"{claim.totals.total:.2f}",
        limitation_last_day=lim.last_day.isoformat() if lim else None,
        limitation_status=lim.status if lim else None,
        blocks=blocks,
        urgency=urgency,
    )


def _error_row(case_id: str, rel: str, problem: str) -> StatusRow:
    return StatusRow(case_id, rel, None, "数据有误", "更正案件数据", None, None, "", None, None, None, 0, "error", problem)


_ORDER = {"error": 0, "overdue": 1, "limitation": 2, "due": 3, "later": 4}


def _sort_key(r: StatusRow) -> tuple[Any, ...]:
    return (_ORDER[r.urgency], r.limitation_last_day or "9999" if r.urgency == "limitation" else r.due or "9999",
            r.due or "9999", r.case_id)


def portfolio(root: str | Path, as_of: date | None = None, *, exclude: Path | None = None,
              rules_file: Path | None = None, profiles: Iterable[Path] | None = None) -> list[StatusRow]:
    """Rows for every case folder under ``root`` (as :func:`pipeline.batch.discover_cases`), most urgent first.
    ``profiles`` None: the profile files kept in ``root`` (:func:`pipeline.profile.find_profiles`)."""
    from .batch import discover_cases
    from .checks import load_rules
    from .profile import find_profiles

    root = Path(root)
    rules = load_rules(rules_file)
    used = list(find_profiles(root) if profiles is None else profiles)
    rows = [case_status(d, root, as_of, rules=rules, profiles=used) for d in discover_cases(root, exclude=exclude)]
    return sorted(rows, key=_sort_key)


def _summary(rows: list[StatusRow]) -> dict[str, Any]:
    from .stage import STAGES

    per_stage: dict[str, dict[str, Any]] = {}
    for code, label in STAGES.items():
        these = [r for r in rows if r.stage == code]
        if these:
            per_stage[code] = {"label": label, "cases": len(these),
                               "amount": f"{sum((Decimal(r.amount or '0') for r in these), Decimal('0')):.2f}"}
    months: Counter[str] = Counter(r.limitation_last_day[:7] for r in rows
                                   if r.limitation_last_day and r.stage not in ("filed", "settled"))
    return {
        "cases": len(rows),
        "amount": f"{sum((Decimal(r.amount or '0') for r in rows), Decimal('0')):.2f}",
        "overdue_actions": sum(1 for r in rows if r.urgency == "overdue"),
        "limitation_within_90_days": sum(1 for r in rows if r.urgency == "limitation"),
        "errors": sum(1 for r in rows if r.urgency == "error"),
        "per_stage": per_stage,
        "limitation_by_month": dict(sorted(months.items())),
    }


def portfolio_json(rows: list[StatusRow], as_of: date | None) -> bytes:
    data = {"as_of": as_of.isoformat() if as_of else None, "summary": _summary(rows), "cases": [r.to_dict() for r in rows]}
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


_URGENCY_TEXT = {"error": "数据有误", "overdue": "已逾期", "limitation": "时效临近", "due": "今日", "later": ""}


def _bars(items: list[tuple[str, Decimal]], unit: str, width: int = 560) -> str:
    """A horizontal bar chart as inline SVG."""
    if not items:
        return "<p>（无）</p>"
    top = max(v for _, v in items) or Decimal(1)
    row_h, label_w = 26, 170
    h = row_h * len(items) + 8
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{h}" role="img">']
    for i, (label, v) in enumerate(items):
        y = 4 + i * row_h
        w = int((width - label_w - 120) * (v / top)) if top else 0
        parts.append(f'<text x="0" y="{y + 17}" font-size="13">{html.escape(label)}</text>')
        parts.append(f'<rect x="{label_w}" y="{y + 4}" width="{max(w, 1)}" height="16" fill="#8c2f1e"/>')
        value = figures(v) if unit == "元" else str(v)
        parts.append(f'<text x="{label_w + max(w, 1) + 6}" y="{y + 17}" font-size="12">{value}{unit}</text>')
    parts.append("</svg>")
    return "".join(parts)


def portfolio_html(rows: list[StatusRow], as_of: date | None) -> bytes:
    """A self-contained page: summary, two small charts, and the table of cases."""
    s = _summary(rows)
    esc = html.escape
    stage_cases = [(v["label"], Decimal(v["cases"])) for v in s["per_stage"].values()]
    stage_amounts = [(v["label"], Decimal(v["amount"])) for v in s["per_stage"].values()]
    months = [(f"{k[:4]}年{int(k[5:])}月", Decimal(n)) for k, n in s["limitation_by_month"].items()]
    day = f"（截至{zh_date(as_of)}）" if as_of else "（各案计算截止日）"
    body = [
        f"<h1>催收案件总览{esc(day)}</h1>",
        f'<p class="sum">共 <b>{s["cases"]}</b> 件，请求金额合计 <b>{figures(Decimal(s["amount"]))}</b> 元；'
        f'下一步已逾期 <b>{s["overdue_actions"]}</b> 件，诉讼时效90日内届满 <b>{s["limitation_within_90_days"]}</b> 件'
        + (f'，数据有误 <b>{s["errors"]}</b> 件' if s["errors"] else "") + "。</p>",
        '<div class="charts"><section><h2>各阶段案件数</h2>' + _bars(stage_cases, "件") + "</section>",
        "<section><h2>各阶段请求金额</h2>" + _bars(stage_amounts, "元") + "</section>",
        "<section><h2>诉讼时效届满月份（未立案案件）</h2>" + _bars(months, "件") + "</section></div>",
        "<table><thead><tr><th>案件编号</th><th>阶段</th><th>下一步</th><th>日期</th><th>请求金额（元）</th>"
        "<th>时效最后一日</th><th>合规拦截</th><th>提示</th></tr></thead><tbody>",
    ]
    for r in rows:
        cls = f' class="{r.urgency}"' if r.urgency in ("overdue", "limitation", "error") else ""
        action = r.problem if r.problem else r.next_action
        body.append(
            f"<tr{cls}><td>{esc(r.case_id)}</td><td>{esc(r.label)}</td><td>{esc(action)}</td>"
            f"<td>{esc(r.due or '')}</td><td class='num'>{figures(Decimal(r.amount)) if r.amount else ''}</td>"
            f"<td>{esc(r.limitation_last_day or '')}</td><td class='num'>{r.blocks or ''}</td>"
            f"<td>{esc(_URGENCY_TEXT[r.urgency])}</td></tr>"
        )
    body.append("</tbody></table>")
    css = (
        "body{font-family:'Noto Serif CJK SC','Source Han Serif SC','SimSun','AR PL UMing CN',serif;margin:24px;color:#222}"
        "h1{font-size:22px}h2{font-size:15px;margin:8px 0}.sum{font-size:15px}"
        ".charts{display:flex;flex-wrap:wrap;gap:24px}"
        "table{border-collapse:collapse;margin-top:16px;font-size:13px}th,td{border:1px solid #bbb;padding:4px 6px;vertical-align:top}"
        "th{background:#f3efe8}td.num{text-align:right;font-family:'Liberation Serif','Times New Roman',serif}"
        "tr.overdue td{background:#fbe3df}tr.limitation td{background:#fdf3d8}tr.error td{background:#eee}"
    )
    page = (
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>催收案件总览</title>'
        f"<style>{css}</style></head><body>" + "".join(body) + "</body></html>\n"
    )
    return page.encode("utf-8")


def write_overview(rows: list[StatusRow], as_of: date | None, folder: Path) -> list[Path]:
    """``案件总览.html`` and ``status.json`` in ``folder``, each written whole (temp file, then rename)."""
    out = [folder / "案件总览.html", folder / "status.json"]
    _write_whole(out[0], portfolio_html(rows, as_of))
    _write_whole(out[1], portfolio_json(rows, as_of))
    return out


def _write_whole(path: Path, blob: bytes) -> None:
    import os

    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(blob)
    os.replace(tmp, path)


def row_from_manifest(manifest: dict[str, Any], folder: str) -> StatusRow:
    """The status row of a built case, read from its ``manifest.json`` (no recomputation)."""
    stage = manifest.get("stage") or {}
    act = manifest.get("next_action") or {}
    claim = manifest.get("claim") or {}
    day = stage.get("as_of") or claim.get("as_of")
    due = act.get("due")
    last = claim.get("limitation_last_day")
    if due and day and due < day:
        urgency = "overdue"
    elif last and day and stage.get("stage") not in ("filed", "settled") and \
            (date.fromisoformat(last) - date.fromisoformat(day)).days <= URGENT_DAYS:
        urgency = "limitation"
    elif due and due == day:
        urgency = "due"
    else:
        urgency = "later"
    return StatusRow(
        case_id=manifest["case_id"], folder=folder, stage=stage.get("stage"), label=stage.get("label", ""),
        next_action=act.get("action", ""), due=due, document=act.get("document"), basis=act.get("basis", ""),
        amount=claim.get("total"), limitation_last_day=last, limitation_status=claim.get("limitation_status"),
        blocks=sum(1 for f in manifest.get("findings", []) if f.get("severity") == "block"), urgency=urgency,
    )


def rows_from(items: Iterable[StatusRow]) -> list[StatusRow]:
    """``items`` most urgent first."""
    return sorted(items, key=_sort_key)


def batch_rows(report: Any, out: Path) -> list[StatusRow]:
    """Rows for a batch: from each built case's manifest; a failed case gives an error row."""
    rows = []
    for r in report.cases:
        path = out / r.output / "manifest.json" if r.output else None
        if r.status != "failed" and path is not None and path.is_file():
            rows.append(row_from_manifest(json.loads(path.read_text(encoding="utf-8")), r.case_dir))
        else:
            rows.append(_error_row(r.case_id or Path(r.case_dir).name, r.case_dir, r.error or "未能生成"))
    return sorted(rows, key=_sort_key)
