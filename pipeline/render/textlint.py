"""Text lint over every rendered document: what a reader must never see in a filed paper.

``lint_text(paragraphs, file=..., dated=True, allowed=())`` returns :class:`TextFinding`s for

- ``identifier`` — program identifiers: snake_case names (``instalment_agreed``,
  ``debtor_situation.assets``), English words in lower case (``promise``, ``outcome``);
- ``cli_flag`` — command-line options (``--plan``, ``--as-of``);
- ``placeholder`` — ``None``/``null``, template tags, ``TODO``, "×××", and long blanks "______"
  left for a missing fact (a court, a number) — a blank meant for handwriting is reported too,
  so the lawyer knows the paper needs it filled in;
- ``court_province`` — a basic court named without its province (渝北区人民法院 for
  重庆市渝北区人民法院): the full official name starts with the province or the municipality
  (law-procedure.md §6; 2016 制作规范); special courts (互联网法院, 金融法院, 海事法院,
  知识产权法院, 铁路运输法院, 军事法院) keep their own names;
- ``no_date`` — a dated document (``dated=True``: letters, agreements, applications, forms)
  without any date "2026年3月31日".

Texts the case itself supplies (``allowed``: e-mail addresses, account names, evidence titles…)
are not identifiers. The build reports the findings in ``manifest.json`` (``text_lint`` and a
Chinese line in ``warnings``) — a document with a finding is still written, never silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Sequence

__all__ = ["TextFinding", "lint_text", "PROVINCES", "court_names"]

#: Province-level divisions (a court's full name starts with one of them).
PROVINCES = (
    "北京市", "天津市", "上海市", "重庆市", "河北省", "山西省", "辽宁省", "吉林省", "黑龙江省", "江苏省", "浙江省",
    "安徽省", "福建省", "江西省", "山东省", "河南省", "湖北省", "湖南省", "广东省", "海南省", "四川省", "贵州省",
    "云南省", "陕西省", "甘肃省", "青海省", "台湾省", "内蒙古自治区", "广西壮族自治区", "西藏自治区",
    "宁夏回族自治区", "新疆维吾尔自治区", "香港特别行政区", "澳门特别行政区",
)
_SPECIAL = ("互联网法院", "金融法院", "海事法院", "知识产权法院", "铁路运输法院", "军事法院", "最高人民法院")

_SNAKE = re.compile(r"(?<![A-Za-z0-9])[A-Za-z][A-Za-z0-9]*(?:[_.][A-Za-z0-9]+)*_[A-Za-z0-9_.]+")
_LOWER_WORD = re.compile(r"(?<![A-Za-z0-9@._-])[a-z]{3,}(?![A-Za-z0-9])")
_CAMEL = re.compile(r"(?<![A-Za-z0-9])[a-z]+[A-Z][A-Za-z]+")
_FLAG = re.compile(r"(?<![\w-])--[a-z][a-z0-9-]*")
_PLACEHOLDER = re.compile(
    r"(?<![A-Za-z0-9])(?:None|null|undefined|NaN|TODO|FIXME)(?![A-Za-z0-9])|\{\{|\}\}|\{%|%\}|×××|_{6,}|＿{3,}"
)
_EMAIL_URL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|https?://\S+|www\.\S+")
_DATE = re.compile(r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日")
_COURT = re.compile(r"[\u4e00-\u9fff]{0,24}?人民法院|[\u4e00-\u9fff]{2,24}?(?:互联网|金融|海事|知识产权|铁路运输|军事)法院")
_LEAD = re.compile(r"^(?:此致|向|至|于|由|在|经|到|的|系|是|为|请|即|及|与|和|或|贵院|本院)+")
_BASIC = re.compile(r"(区|县|旗|市)人民法院$")


@dataclass(frozen=True)
class TextFinding:
    rule: str  # identifier | cli_flag | placeholder | court_province | no_date
    file: str
    paragraph: int | None  # 1-based paragraph number in the document's text, None for the whole document
    text: str  # the offending text
    message: str  # Chinese, for the manifest

    def to_dict(self) -> dict[str, object]:
        return {"rule": self.rule, "file": self.file, "paragraph": self.paragraph, "text": self.text,
                "message": self.message}


def court_names(text: str) -> list[str]:
    """Court names mentioned in ``text`` ("有管辖权的人民法院" and the like excluded)."""
    out = []
    for m in _COURT.finditer(text):
        name = _LEAD.sub("", m.group())
        starts = [name.find(p) for p in PROVINCES if p in name]
        if starts:
            name = name[min(starts):]
        if name in ("人民法院", "") or name.endswith(("的人民法院", "地人民法院")) or len(name) <= 5 and not _BASIC.search(name):
            continue
        out.append(name)
    return out


def _court_problem(name: str) -> bool:
    if any(s in name for s in _SPECIAL) or name.startswith(PROVINCES):
        return False
    return bool(_BASIC.search(name)) or name.endswith("中级人民法院") or name.endswith("高级人民法院")


# Fixed wording of official forms that contains Latin letters (法〔2025〕82号 说明 第4条: "本表word电子版填写时").
_FORM_TEXT = ("本表word电子版",)


def lint_text(
    paragraphs: Sequence[str], *, file: str, dated: bool = True, allowed: Iterable[str] = ()
) -> list[TextFinding]:
    """Findings over one document's paragraphs (see the module docstring), in reading order."""
    allow = sorted({a for a in (*allowed, *_FORM_TEXT) if a and len(a) >= 3}, key=len, reverse=True)
    out: list[TextFinding] = []
    seen: set[tuple[str, str]] = set()

    def add(rule: str, i: int | None, text: str, message: str) -> None:
        if (rule, text) in seen:
            return
        seen.add((rule, text))
        out.append(TextFinding(rule, file, i, text, message))

    for i, para in enumerate(paragraphs, start=1):
        text = para
        for a in allow:
            if a in text:
                text = text.replace(a, " ")
        text = _EMAIL_URL.sub(" ", text)
        for m in _FLAG.finditer(text):
            add("cli_flag", i, m.group(), f"{file} 第{i}段出现命令行参数“{m.group()}”，文书中不应出现程序的用法")
        text_nf = _FLAG.sub(" ", text)
        for m in _PLACEHOLDER.finditer(text_nf):
            hint = "待填写的空白（请补充该事实或手写填写）" if "_" in m.group() or "＿" in m.group() else "占位符或空值"
            add("placeholder", i, m.group(), f"{file} 第{i}段有{hint}：“{_excerpt(para, m.group())}”")
        for rx in (_SNAKE, _CAMEL, _LOWER_WORD):
            for m in rx.finditer(text_nf):
                word = m.group()
                if word in ("None", "null", "undefined"):
                    continue
                add("identifier", i, word, f"{file} 第{i}段出现程序内部标识符或英文代码“{word}”：“{_excerpt(para, word)}”")
            text_nf = rx.sub(" ", text_nf)
        for name in court_names(para):
            if _court_problem(name):
                add("court_province", i, name,
                    f"{file} 第{i}段的法院名称“{name}”缺少省（自治区、直辖市）名，应写全称，如“广东省广州市海珠区人民法院”"
                    "（直辖市写“北京市朝阳区人民法院”）")
    if dated and not any(_DATE.search(p) for p in paragraphs):
        add("no_date", None, "", f"{file} 没有落款日期（如“2026年3月31日”）")
    return out


def _excerpt(para: str, token: str, width: int = 18) -> str:
    k = para.find(token)
    if k < 0:
        return para[: 2 * width]
    a, b = max(0, k - width), min(len(para), k + len(token) + width)
    return ("…" if a else "") + para[a:b] + ("…" if b < len(para) else "")
