"""The compliance rule set: a TOML data file, loaded and validated.

The shipped default is ``rules.toml`` beside this module; a firm may pass its own
file (``--rules FILE``), which *replaces* the defaults entirely. Any problem in a
rules file raises :class:`RulesError` with a Chinese message naming the key path
(e.g. ``text[3].patterns[1]``), the offending value and what is expected.

Sources of the rules: /work/shared/reference/law-money.md §6 (checklists T1–T13,
C1–C10) and law-procedure.md §3 (刑法第293条之一、第238条、第253条之一; 个人信息保护法第25条).
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, Callable, Literal, Mapping, get_args
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..case.models import Contact

from .normalize import normalize_plain, t2s_table

__all__ = [
    "RulesError",
    "TextRule",
    "RequiredElement",
    "LogCheck",
    "RuleSet",
    "ClassifierSettings",
    "load_rules",
    "DEFAULT_RULES",
    "GATES",
    "CHANNELS",
    "RELATIONS",
    "OUTCOMES",
]

DEFAULT_RULES = Path(__file__).with_name("rules.toml")

Severity = Literal["block", "warn"]
SEVERITIES = ("block", "warn")
CONFIDENCES = ("H", "M", "L")
# Context conditions under which a text hit is lawful (see text.TextContext).
GATES = {
    "real_case": "存在真实案件（已提供案号与法院）时允许",
    "real_case_number": "与已提供的真实案号一致时允许",
    "creditor_reports_credit": "债权人确为征信报送机构时允许",
    "creditor_account": "与债权人收款账号一致时允许",
}
# The contact-log values a rule may name are the case model's own (one source of truth).
CHANNELS: tuple[str, ...] = get_args(Contact.model_fields["channel"].annotation)
RELATIONS: tuple[str, ...] = get_args(Contact.model_fields["relation"].annotation)
OUTCOMES: tuple[str, ...] = get_args(Contact.model_fields["outcome"].annotation)
_ID_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_.-]{0,31}$")
_TIME_RE = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


class RulesError(ValueError):
    """A rules file that cannot be used; the message is Chinese and names the key."""

    def __init__(self, message: str, key: str = "", source: str = ""):
        self.key = key
        self.source = source
        where = f"规则文件 {source}" if source else "规则文件"
        super().__init__(f"{where}：{key}：{message}" if key else f"{where}：{message}")


@dataclass(frozen=True)
class _Meta:
    name: str
    id: str
    severity: Severity
    confidence: str
    title: str
    basis: str
    suggestion: str


@dataclass(frozen=True)
class TextRule(_Meta):
    """One matcher: literal ``terms`` and regex ``patterns`` over normalised text.

    A hit is discarded if an ``allow`` match covers its first character (negations,
    anti-fraud notices …) or if the ``allow_if`` context condition holds.
    """

    patterns: tuple[re.Pattern[str], ...] = ()
    allow: tuple[re.Pattern[str], ...] = ()
    allow_if: str | None = None
    # one regex that matches wherever any of ``patterns`` does (None when they cannot be joined):
    # a sentence it does not match is skipped without running each pattern (:func:`any_of`)
    any_pattern: re.Pattern[str] | None = field(default=None, compare=False, hash=False, repr=False)


@dataclass(frozen=True)
class RequiredElement(_Meta):
    """An element a generated letter must contain: every group in ``all_of`` must
    match somewhere in the document (a group is a list of alternative patterns)."""

    all_of: tuple[tuple[re.Pattern[str], ...], ...] = ()
    with_id: bool = True
    block_for: tuple[str, ...] = ()


@dataclass(frozen=True)
class LogCheck(_Meta):
    """A contact-log check; ``params`` holds its thresholds (all from the rules file)."""

    enabled: bool = True
    params: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}), hash=False, compare=False)


@dataclass(frozen=True)
class ClassifierSettings:
    """The trained second layer's settings (``[classifier]`` in the rules file).

    A sentence the rules did not block is blocked ("疑似…") when its model score is at least
    ``block_threshold``, warned when at least ``warn_threshold``. A rules file without the
    table runs the rules alone (the layer is off); ``enabled = false`` turns it off too.
    """

    enabled: bool = True
    block_threshold: float = 0.9
    warn_threshold: float = 0.75


@dataclass(frozen=True)
class RuleSet:
    name: str
    source: str
    text_rules: tuple[TextRule, ...]
    required: tuple[RequiredElement, ...]
    log_checks: Mapping[str, LogCheck] = field(hash=False, compare=False)
    claim_checks: Mapping[str, LogCheck] = field(hash=False, compare=False)
    timezone: dt.tzinfo = field(hash=False, compare=False, default=dt.timezone(dt.timedelta(hours=8)))
    timezone_name: str = "Asia/Shanghai"
    classifier: ClassifierSettings = field(default_factory=ClassifierSettings)

    def log(self, key: str) -> LogCheck | None:
        """The enabled log check ``key`` or None."""
        check = self.log_checks.get(key)
        return check if check is not None and check.enabled else None

    def rule_ids(self) -> list[str]:
        seen: dict[str, None] = {}
        for r in (*self.text_rules, *self.required, *self.log_checks.values(), *self.claim_checks.values()):
            seen.setdefault(r.id, None)
        return list(seen)

    def severity_of(self, rule_id: str) -> set[str]:
        """Every severity a rule id can report (including e.g. C8's night_severity)."""
        out: set[str] = set()
        for r in (*self.text_rules, *self.required, *self.log_checks.values(), *self.claim_checks.values()):
            if r.id == rule_id:
                out.add(r.severity)
                if isinstance(r, LogCheck):
                    out.update(v for k, v in r.params.items() if k.endswith("_severity"))
        return out


# ---------------------------------------------------------------- validation helpers


class _Reader:
    def __init__(self, source: str):
        self.source = source

    def fail(self, key: str, message: str, value: Any = None) -> RulesError:
        shown = ""
        if value is not None:
            text = repr(value) if not isinstance(value, str) else value
            shown = f"（当前值：{text[:60]}）"
        return RulesError(message + shown, key, self.source)

    def table(self, data: Any, key: str) -> dict[str, Any]:
        if not isinstance(data, dict):
            raise self.fail(key, "应为表（TOML table）", data)
        return data

    def only(self, data: dict[str, Any], key: str, allowed: set[str]) -> None:
        for k in data:
            if k not in allowed:
                raise self.fail(
                    f"{key}.{k}" if key else k, f"未知的键（允许的键：{'、'.join(sorted(allowed))}）"
                )

    def get(self, data: dict[str, Any], key: str, name: str, kind: type | tuple[type, ...], required: bool = True, default: Any = None) -> Any:
        full = f"{key}.{name}" if key else name
        if name not in data:
            if required:
                raise self.fail(full, "缺少必填键")
            return default
        value = data[name]
        if kind is int and isinstance(value, bool):
            raise self.fail(full, "应为整数", value)
        if not isinstance(value, kind):
            expect = {str: "字符串", int: "整数", bool: "true 或 false", list: "数组", dict: "表"}.get(
                kind if isinstance(kind, type) else kind[0], "正确类型"
            )
            raise self.fail(full, f"应为{expect}", value)
        if isinstance(value, str) and not value.strip() and required:
            raise self.fail(full, "不能为空")
        return value

    def str_list(self, data: dict[str, Any], key: str, name: str, required: bool = False, choices: tuple[str, ...] | None = None) -> list[str]:
        items = self.get(data, key, name, list, required=required, default=[])
        full = f"{key}.{name}"
        for i, item in enumerate(items):
            if not isinstance(item, str) or not item.strip():
                raise self.fail(f"{full}[{i}]", "应为非空字符串", item)
            if choices is not None and item not in choices:
                raise self.fail(f"{full}[{i}]", f"应为以下之一：{'、'.join(choices)}", item)
        return items

    def regex(self, pattern: str, key: str) -> re.Pattern[str]:
        # Patterns match normalised text: apply the same traditional→simplified fold.
        table = t2s_table()
        folded = "".join(table.get(c, c) for c in pattern)
        try:
            compiled = re.compile(folded)
        except re.error as exc:
            raise self.fail(key, f"正则表达式无效（{exc}）", pattern) from None
        if compiled.match(""):
            raise self.fail(key, "正则表达式不能匹配空字符串", pattern)
        return compiled

    def term(self, term: str, key: str) -> re.Pattern[str]:
        norm = normalize_plain(term)
        if not norm:
            raise self.fail(key, "词条规范化后为空（只含标点或空格）", term)
        return re.compile(re.escape(norm))

    def meta(self, data: dict[str, Any], key: str, default_name: str | None = None) -> dict[str, Any]:
        rid = self.get(data, key, "id", str)
        if not _ID_RE.match(rid):
            raise self.fail(f"{key}.id", "应为字母开头的规则编号，如 T6、C1", rid)
        name = self.get(data, key, "name", str, required=default_name is None, default=default_name)
        severity = self.get(data, key, "severity", str)
        if severity not in SEVERITIES:
            raise self.fail(f"{key}.severity", "应为 block（阻止）或 warn（提醒）", severity)
        confidence = self.get(data, key, "confidence", str, required=False, default="M")
        if confidence not in CONFIDENCES:
            raise self.fail(f"{key}.confidence", "应为 H、M 或 L", confidence)
        return {
            "name": name,
            "id": rid,
            "severity": severity,
            "confidence": confidence,
            "title": self.get(data, key, "title", str, required=False, default=rid),
            "basis": self.get(data, key, "basis", str),
            "suggestion": self.get(data, key, "suggestion", str),
        }


_META_KEYS = {"name", "id", "severity", "confidence", "title", "basis", "suggestion"}


def _text_rule(r: _Reader, data: Any, key: str) -> TextRule:
    data = r.table(data, key)
    r.only(data, key, _META_KEYS | {"terms", "patterns", "allow", "allow_if"})
    meta = r.meta(data, key)
    terms = r.str_list(data, key, "terms")
    patterns = r.str_list(data, key, "patterns")
    if not terms and not patterns:
        raise r.fail(key, "至少需要 terms 或 patterns 之一")
    compiled = [r.term(t, f"{key}.terms[{i}]") for i, t in enumerate(terms)]
    compiled += [r.regex(p, f"{key}.patterns[{i}]") for i, p in enumerate(patterns)]
    allow = [r.regex(p, f"{key}.allow[{i}]") for i, p in enumerate(r.str_list(data, key, "allow"))]
    gate = r.get(data, key, "allow_if", str, required=False)
    if gate is not None and gate not in GATES:
        raise r.fail(f"{key}.allow_if", f"应为以下之一：{'、'.join(GATES)}", gate)
    return TextRule(**meta, patterns=tuple(compiled), allow=tuple(allow), allow_if=gate, any_pattern=any_of(compiled))


_BACKREF = re.compile(r"\\[1-9]|\(\?P=|\(\?\(")  # \1, (?P=name), (?(1)…): meaningless once joined


def any_of(patterns: list[re.Pattern[str]]) -> re.Pattern[str] | None:
    """The alternation of ``patterns``: it finds no match in a text exactly when none of them
    does (at each position an alternation tries every branch). None when the patterns do not
    join safely: flags other than the default, back-references or conditionals (their group
    numbers change), or a join that does not compile (e.g. the same group name twice)."""
    if len(patterns) < 2 or any(p.flags != re.UNICODE or _BACKREF.search(p.pattern) for p in patterns):
        return None
    try:
        return re.compile("|".join(f"(?:{p.pattern})" for p in patterns))
    except re.error:
        return None


def _required(r: _Reader, data: Any, key: str) -> RequiredElement:
    data = r.table(data, key)
    r.only(data, key, _META_KEYS | {"all_of", "with_id", "block_for"})
    meta = r.meta(data, key)
    groups = r.get(data, key, "all_of", list)
    if not groups:
        raise r.fail(f"{key}.all_of", "至少需要一组模式")
    compiled: list[tuple[re.Pattern[str], ...]] = []
    for gi, group in enumerate(groups):
        gkey = f"{key}.all_of[{gi}]"
        if not isinstance(group, list) or not group:
            raise r.fail(gkey, "应为非空数组（可互相替代的模式）", group)
        pats = []
        for pi, p in enumerate(group):
            if not isinstance(p, str) or not p:
                raise r.fail(f"{gkey}[{pi}]", "应为非空字符串", p)
            pats.append(r.regex(p, f"{gkey}[{pi}]"))
        compiled.append(tuple(pats))
    with_id = r.get(data, key, "with_id", bool, required=False, default=True)
    block_for = r.str_list(data, key, "block_for")
    return RequiredElement(**meta, all_of=tuple(compiled), with_id=with_id, block_for=tuple(block_for))


# Parameters of each log / claim check: name → (validator, description)
def _int_pos(r: _Reader, v: Any, key: str) -> int:
    if isinstance(v, bool) or not isinstance(v, int) or v < 1:
        raise r.fail(key, "应为正整数", v)
    return v


def _hhmm(r: _Reader, v: Any, key: str) -> dt.time:
    if not isinstance(v, str) or not _TIME_RE.match(v):
        raise r.fail(key, "应为 HH:MM 格式的时间，如 08:00", v)
    return dt.time(int(v[:2]), int(v[3:]))


def _choices(options: tuple[str, ...]) -> Callable[[_Reader, Any, str], tuple[str, ...]]:
    def check(r: _Reader, v: Any, key: str) -> tuple[str, ...]:
        if not isinstance(v, list):
            raise r.fail(key, "应为数组", v)
        for i, item in enumerate(v):
            if item not in options:
                raise r.fail(f"{key}[{i}]", f"应为以下之一：{'、'.join(options)}", item)
        return tuple(v)

    return check


def _severity(r: _Reader, v: Any, key: str) -> str:
    if v not in SEVERITIES:
        raise r.fail(key, "应为 block 或 warn", v)
    return v


def _patterns(r: _Reader, v: Any, key: str) -> tuple[re.Pattern[str], ...]:
    if not isinstance(v, list):
        raise r.fail(key, "应为数组", v)
    return tuple(r.regex(p, f"{key}[{i}]") if isinstance(p, str) else _bad(r, p, f"{key}[{i}]") for i, p in enumerate(v))


def _bad(r: _Reader, v: Any, key: str) -> Any:
    raise r.fail(key, "应为字符串", v)


def _channel_ints(r: _Reader, v: Any, key: str) -> dict[str, int]:
    if not isinstance(v, dict) or not v:
        raise r.fail(key, "应为非空表，键为渠道（如 sms、wechat），值为正整数", v)
    out = {}
    for ch, n in v.items():
        if ch not in CHANNELS:
            raise r.fail(f"{key}.{ch}", f"未知渠道（应为以下之一：{'、'.join(CHANNELS)}）", ch)
        out[ch] = _int_pos(r, n, f"{key}.{ch}")
    return out


_CH = _choices(CHANNELS)
_REL = _choices(RELATIONS)
_OUT = _choices(OUTCOMES)
LOG_PARAMS: dict[str, dict[str, Callable[[_Reader, Any, str], Any]]] = {
    "window": {"start": _hhmm, "end": _hhmm, "channels": _CH, "natural_person_severity": _severity},
    "daily_calls": {"max_per_day": _int_pos, "channels": _CH, "relations": _REL},
    "burst": {"min_gap_minutes": _int_pos, "channels": _CH, "relations": _REL},
    "after_written_only": {"channels": _CH, "relations": _REL},
    "after_promise": {"channels": _CH, "relations": _REL},
    "after_dispute": {"channels": _CH, "relations": _REL, "resolve_outcomes": _OUT},
    "relation": {
        "forbidden_relations": _REL,
        "limited_relations": _REL,
        "debt_terms": _patterns,
        "debt_terms_allow": _patterns,
        "hint_severity": _severity,
    },
    "third_party_frequency": {"max_contacts": _int_pos, "per_days": _int_pos, "relations": _REL},
    "recording": {"channels": _CH, "skip_outcomes": _OUT},
    "visit": {"channels": _CH, "night_severity": _severity},
    "delivery_proof": {"channels": _CH},
    "content": {"channels": _CH},
    "daily_contacts": {"limits": _channel_ints, "max_total": _int_pos, "relations": _REL},
    "channel_burst": {"min_gap_minutes": _channel_ints, "any_channel_gap_minutes": _int_pos, "relations": _REL},
    "repeated_message": {"max_repeats": _int_pos, "per_days": _int_pos, "channels": _CH},
}
# Parameters a rules file may leave out (older files keep working).
OPTIONAL_PARAMS = {"natural_person_severity"}
CLAIM_PARAMS: dict[str, dict[str, Callable[[_Reader, Any, str], Any]]] = {
    "over_cap": {},
    "limitation_expired": {},
}


def _check(r: _Reader, data: Any, key: str, name: str, spec: dict[str, Callable[[_Reader, Any, str], Any]]) -> LogCheck:
    data = r.table(data, key)
    r.only(data, key, _META_KEYS | {"enabled"} | set(spec))
    meta = r.meta(data, key, default_name=name)
    enabled = r.get(data, key, "enabled", bool, required=False, default=True)
    params: dict[str, Any] = {}
    for pname, validate in spec.items():
        if pname not in data:
            if pname in OPTIONAL_PARAMS:
                continue
            raise r.fail(f"{key}.{pname}", "缺少必填键")
        params[pname] = validate(r, data[pname], f"{key}.{pname}")
    return LogCheck(**meta, enabled=enabled, params=MappingProxyType(params))


def _checks(r: _Reader, data: dict[str, Any], section: str, specs: dict[str, dict[str, Any]], extra: set[str] = set()) -> dict[str, LogCheck]:
    table = r.table(data.get(section, {}), section)
    r.only(table, section, set(specs) | extra)
    return {
        name: _check(r, table[name], f"{section}.{name}", name, specs[name])
        for name in specs
        if name in table
    }


def parse_rules(data: dict[str, Any], source: str = "") -> RuleSet:
    """Validate a parsed rules document and compile it."""
    r = _Reader(source)
    r.only(data, "", {"version", "name", "text", "required", "log", "claim", "classifier"})
    version = r.get(data, "", "version", int)
    if version != 1:
        raise r.fail("version", "只支持版本 1", version)
    name = r.get(data, "", "name", str, required=False, default=source or "未命名规则")
    text_items = r.get(data, "", "text", list, required=False, default=[])
    text_rules = tuple(_text_rule(r, item, f"text[{i}]") for i, item in enumerate(text_items))
    req_items = r.get(data, "", "required", list, required=False, default=[])
    required = tuple(_required(r, item, f"required[{i}]") for i, item in enumerate(req_items))
    names: dict[str, str] = {}
    for kind, items in (("text", text_rules), ("required", required)):
        for i, item in enumerate(items):
            if item.name in names:
                raise r.fail(f"{kind}[{i}].name", f"名称重复（已用于 {names[item.name]}）", item.name)
            names[item.name] = f"{kind}[{i}]"
    log = r.table(data.get("log", {}), "log")
    tz_name = r.get(log, "log", "timezone", str, required=False, default="Asia/Shanghai")
    try:
        tz: dt.tzinfo = ZoneInfo(tz_name)
    except (ZoneInfoNotFoundError, ValueError):
        if tz_name != "Asia/Shanghai":
            raise r.fail("log.timezone", "未知的时区名称，应如 Asia/Shanghai", tz_name) from None
        tz = dt.timezone(dt.timedelta(hours=8))  # China has no DST since 1991
    log_checks = _checks(r, data, "log", LOG_PARAMS, {"timezone"})
    claim_checks = _checks(r, data, "claim", CLAIM_PARAMS)
    # a file without [classifier] (a firm's own rules replacing the defaults) runs the rules alone
    classifier = _classifier(r, data["classifier"]) if "classifier" in data else ClassifierSettings(enabled=False)
    return RuleSet(
        classifier=classifier,
        name=name,
        source=source,
        text_rules=text_rules,
        required=required,
        log_checks=MappingProxyType(log_checks),
        claim_checks=MappingProxyType(claim_checks),
        timezone=tz,
        timezone_name=tz_name,
    )


def _classifier(r: _Reader, data: Any) -> ClassifierSettings:
    table = r.table(data, "classifier")
    r.only(table, "classifier", {"enabled", "block_threshold", "warn_threshold"})
    default = ClassifierSettings()
    enabled = r.get(table, "classifier", "enabled", bool, required=False, default=True)
    values = {}
    for name in ("block_threshold", "warn_threshold"):
        v = table.get(name, getattr(default, name))
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not 0 < v <= 1:
            raise r.fail(f"classifier.{name}", "应为 0 到 1 之间的小数，如 0.9", v)
        values[name] = float(v)
    if values["warn_threshold"] > values["block_threshold"]:
        raise r.fail("classifier.warn_threshold", "不能大于 block_threshold", values["warn_threshold"])
    return ClassifierSettings(enabled=enabled, **values)


def load_rules(path: Path | str | None = None) -> RuleSet:
    """Load a rules file (``None`` → the shipped ``rules.toml``). Raises :class:`RulesError`."""
    if path is None:
        return _default()
    return _load(Path(path))


@lru_cache(maxsize=1)
def _default() -> RuleSet:
    return _load(DEFAULT_RULES)


def _load(path: Path) -> RuleSet:
    source = str(path)
    if not path.is_file():
        raise RulesError("文件不存在或不是普通文件", "", source)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise RulesError("不是 UTF-8 编码的文本文件", "", source) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"line (\d+), column (\d+)", str(exc))
        where = f"第 {m.group(1)} 行第 {m.group(2)} 列附近" if m else "某处"
        raise RulesError(f"不是有效的 TOML：{where}有语法错误（{exc}）", "", source) from None
    return parse_rules(data, source)
