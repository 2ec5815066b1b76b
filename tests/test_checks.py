"""Lawful-collection checks: corpus precision/recall, contact logs, rules files, normaliser.

Expected results are written by hand from the rules in law-money.md §6 (T1–T13, C1–C10)
and law-procedure.md §3, never copied from the code's output.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

from pipeline.case import parse_case
from pipeline.checks import (
    DEFAULT_RULES,
    Finding,
    RulesError,
    TextContext,
    check_case_inputs,
    check_claim,
    check_document,
    check_log,
    check_text,
    load_rules,
    normalize,
)

CORPUS = Path(__file__).parent / "checks_corpus"
RULES = load_rules()

BASE_CASE = {
    "schema_version": "1",
    "case_id": "checks-1",
    "creditor": {"kind": "person", "name": "李四", "domicile": "北京市朝阳区某路1号"},
    "debtors": [{"kind": "person", "name": "张三", "domicile": "北京市海淀区某路2号"}],
    "lender_category": "natural_person",
    "loan": {
        "face_principal": "100000.00",
        "disbursements": [{"date": "2025-01-10", "amount": "100000.00", "method": "bank_transfer"}],
        "interest": {"kind": "agreed", "rate": "12", "unit": "year"},
    },
    "computation_date": "2026-03-01",
}


def make_case(rows: list[dict], **extra) -> object:
    return parse_case({**BASE_CASE, "collection_log": rows, **extra})


def load_texts() -> list[dict]:
    with open(CORPUS / "texts.toml", "rb") as fh:
        return tomllib.load(fh)["case"]


def load_logs() -> list[dict]:
    return json.loads((CORPUS / "logs.json").read_text(encoding="utf-8"))


# ---------------------------------------------------------------- precision / recall helper


def precision_recall(items: list[tuple[set, set]]) -> dict[str, tuple[int, int, int]]:
    """items: (expected labels, found labels) per example → {rule: (tp, fp, fn)}."""
    stats: dict[str, list[int]] = {}
    for expected, found in items:
        for label in expected | found:
            rule = label[0] if isinstance(label, tuple) else label
            s = stats.setdefault(rule, [0, 0, 0])
            if label in expected and label in found:
                s[0] += 1
            elif label in found:
                s[1] += 1
            else:
                s[2] += 1
    return {k: (v[0], v[1], v[2]) for k, v in stats.items()}


def pr_table(stats: dict[str, tuple[int, int, int]]) -> str:
    def key(rule: str) -> tuple[str, int]:
        m = re.match(r"([A-Z]+)(\d+)", rule)
        return (m.group(1), int(m.group(2))) if m else (rule, 0)

    lines = [f"{'rule':<6}{'sev':<11}{'tp':>4}{'fp':>4}{'fn':>4}{'precision':>11}{'recall':>8}"]
    for rule in sorted(stats, key=key):
        tp, fp, fn = stats[rule]
        p = tp / (tp + fp) if tp + fp else 1.0
        r = tp / (tp + fn) if tp + fn else 1.0
        sev = "/".join(sorted(RULES.severity_of(rule))) or "?"
        lines.append(f"{rule:<6}{sev:<11}{tp:>4}{fp:>4}{fn:>4}{p:>11.0%}{r:>8.0%}")
    return "\n".join(lines)


def _block_rules_perfect(stats: dict[str, tuple[int, int, int]]) -> list[str]:
    return [rule for rule, (tp, fp, fn) in stats.items() if "block" in RULES.severity_of(rule) and (fp or fn)]


def _context(case: dict) -> TextContext | None:
    return TextContext(**case["context"]) if "context" in case else None


def test_text_corpus_precision_recall():
    """The rules layer alone (the trained layer is measured by ``cuishou check --evaluate``)."""
    import dataclasses

    from pipeline.checks.rules import ClassifierSettings

    rules_only = dataclasses.replace(RULES, classifier=ClassifierSettings(enabled=False))
    cases = load_texts()
    assert len(cases) >= 60
    lawful = [c for c in cases if not c["expected"]]
    assert len(lawful) >= 20, "the corpus must contain plenty of lawful wording"
    items, misses = [], []
    for c in cases:
        found = {f.rule_id for f in check_text(c["text"], "语料", rules_only, context=_context(c))}
        expected = set(c["expected"])
        items.append((expected, found))
        if found != expected:
            misses.append(f"  {c['text']!r}: expected {sorted(expected)}, found {sorted(found)}")
    stats = precision_recall(items)
    table = pr_table(stats)
    print(f"\ntext corpus: {len(cases)} texts ({len(lawful)} lawful)\n{table}")
    bad = _block_rules_perfect(stats)
    assert not bad, f"block rules below 100% precision/recall: {bad}\n{table}\n" + "\n".join(misses)
    assert not misses, "corpus mismatches (warn rules)\n" + table + "\n" + "\n".join(misses)


def test_log_corpus_precision_recall():
    logs = load_logs()
    assert len(logs) >= 10
    items, misses = [], []
    for log in logs:
        case = make_case(log["rows"])
        found_list = [
            (f.rule_id, int(f.where[len("collection_log[") : -1]), f.severity) for f in check_log(case, RULES)
        ]
        expected_list = [tuple(e) for e in log["expected"]]
        # duplicates would hide a double report: compare as multisets
        if Counter(found_list) != Counter(expected_list):
            misses.append(f"  {log['name']}: expected {sorted(expected_list)}, found {sorted(found_list)}")
        items.append((set(expected_list), set(found_list)))
    stats = precision_recall(items)
    table = pr_table(stats)
    print(f"\ncontact-log corpus: {len(logs)} logs\n{table}")
    assert not _block_rules_perfect(stats), table + "\n" + "\n".join(misses)
    assert not misses, table + "\n" + "\n".join(misses)


# ---------------------------------------------------------------- findings content


def test_finding_keeps_original_excerpt_and_location():
    text = "第一句正常。这是最后通知，傳\u200b票 已发出！"
    findings = check_text(text, "催款函 第3段", RULES)
    assert [f.rule_id for f in findings] == ["T6"]
    f = findings[0]
    assert f.where == "催款函 第3段"
    assert f.text == "傳\u200b票"  # the original characters, not the normalised 传票
    assert f.severity == "block"
    assert "第83条" in f.basis and f.suggestion
    d = f.to_dict()
    assert d["rule_id"] == "T6" and d["text"] == "傳\u200b票"
    json.dumps(d, ensure_ascii=False)


@pytest.mark.parametrize(
    "text",
    [
        "拘\uf9cd",  # CJK compatibility ideograph 留 (NFKC)
        "拘畱",  # variant character
        "拘　留",  # ideographic space
        "拘-留",
        "拘·留",
        "拘\u200d留",  # zero-width joiner
        "拘\ufeff留",
    ],
)
def test_evasive_spellings_are_caught(text):
    assert [f.rule_id for f in check_text(f"你将被{text}。", "x", RULES)] == ["T6"]


def test_normalizer_maps_back_to_original():
    n = normalize("ＡＢ 傳　票！")
    assert n.text == "ab传票"
    assert n.excerpt(2, 4) == "傳　票"


def test_case_number_excerpt_keeps_brackets():
    findings = check_text("（2026）京0105民初123号案件即将开庭。", "x", RULES)
    assert [(f.rule_id, f.text) for f in findings] == [("T6", "（2026）京0105民初123号")]


def test_negation_does_not_hide_a_later_threat():
    # "不会上门" is lawful, but the contrast 但 ends the negation: 曝光 is still a threat.
    findings = check_text("我们不会上门，但会曝光你。", "x", RULES)
    assert [(f.rule_id, f.text) for f in findings] == [("T7", "曝光")]


def test_sentence_boundary_limits_gaps():
    # "孩子" and "学校" in different sentences do not make a schooling threat.
    assert check_text("您的孩子很可爱。学校附近有银行网点。", "x", RULES) == []


def test_deterministic():
    text = "老赖，传票已到，再不还钱我们上门，爆你通讯录。"
    assert check_text(text, "x", RULES) == check_text(text, "x", RULES)


# ---------------------------------------------------------------- documents


GOOD_LETTER = [
    "张三先生：",
    "本所受债权人李四委托，就您所欠借款事宜致函如下。",
    "截至2026年3月1日，您尚欠借款本金人民币100,000.00元，利息人民币3,200.00元，合计103,200.00元（暂计至2026年3月1日）。",
    "请于收到本函之日起十日内付至债权人收款账户：户名李四，开户行中国建设银行北京朝阳支行，账号6222021100001234567。",
    "如需查询借款明细，或对上述金额有异议，请联系本所并提供相关证据，我们将予以核实。联系电话：010-12345678。",
    "逾期未履行的，本所将依法向人民法院提起诉讼，诉讼费用由贵方承担。",
    "北京某某律师事务所 承办律师：王律师（执业证号：11101200910123456）",
]


def test_good_letter_passes_required_elements():
    ctx = TextContext(creditor_account_no="6222021100001234567")
    findings = check_document(GOOD_LETTER, "律师函", RULES, required=["T1", "T2", "T4", "sender_lawyer"], context=ctx)
    assert findings == []


def test_missing_elements_are_reported():
    paragraphs = [p for p in GOOD_LETTER if "异议" not in p and "执业证号" not in p]
    ctx = TextContext(creditor_account_no="6222021100001234567")
    findings = check_document(paragraphs, "律师函", RULES, required=["T4", "sender_lawyer"], context=ctx)
    got = sorted((f.rule_id, f.severity, f.where) for f in findings)
    # dispute + how-to-query + contact were all in the removed paragraph (T4, warn);
    # the lawyer's licence number is gone (T1, block).
    assert got == [
        ("T1", "block", "律师函"),
        ("T4", "warn", "律师函"),
        ("T4", "warn", "律师函"),
        ("T4", "warn", "律师函"),
    ]
    # for card issuers the 第84条 disclosures are mandatory → block
    card = check_document(paragraphs, "催收函", RULES, required=["T4"], lender_category="card_issuer", context=ctx)
    assert {f.severity for f in card} == {"block"}


def test_document_paragraph_locations():
    findings = check_document(["您好。", "再不还钱就上门。"], "催款函", RULES)
    assert [(f.rule_id, f.where) for f in findings] == [("T7", "催款函 第2段")]


def test_account_number_needs_the_creditor_account():
    # A context without the creditor's account: an account number cannot be verified (T5).
    paragraph = GOOD_LETTER[3]
    assert [f.rule_id for f in check_text(paragraph, "x", RULES, context=TextContext())] == ["T5"]
    # No context at all (caller knows nothing about the account): the account rule is skipped.
    assert check_text(paragraph, "x", RULES) == []
    other = TextContext(creditor_account_no="6222 0211 0000 9999 888")
    assert [f.rule_id for f in check_text(paragraph, "x", RULES, context=other)] == ["T5"]
    own = TextContext(creditor_account_no="6222 0211 0000 1234 567")
    assert check_text(paragraph, "x", RULES, context=own) == []


def test_unknown_required_element():
    with pytest.raises(RulesError) as exc:
        check_document(GOOD_LETTER, "律师函", RULES, required=["T99"])
    assert "T99" in str(exc.value) and "必备要素" in str(exc.value)


# ---------------------------------------------------------------- case inputs


def test_check_case_inputs_covers_letters_and_messages():
    rows = [
        {"at": "2026-01-05T10:00:00+08:00", "channel": "sms", "counterpart": "张三", "relation": "debtor",
         "content": "老赖，再不还钱就上门。", "delivered": True, "delivery_proof": {"kind": "sms_receipt", "reference": "S1"}},
        {"at": "2026-01-06T10:00:00+08:00", "channel": "phone", "counterpart": "张三", "relation": "debtor",
         "content": "债务人称“不要骂我老赖”", "recording_id": "R1", "outcome": "reached"},
    ]
    case = make_case(
        rows,
        letters={"demand_letter_extra": ["请您尽快还款。", "请转到我的微信。"], "lawyer_letter_extra": ["不还就上征信。"]},
    )
    got = [(f.rule_id, f.where) for f in check_case_inputs(case, RULES)]
    assert got == [
        ("T5", "letters.demand_letter_extra[1]"),
        ("T9", "letters.lawyer_letter_extra[0]"),  # a natural-person lender does not report to 征信
        ("T8", "collection_log[0].content"),
        ("T7", "collection_log[0].content"),
        # phone notes (row 1) are the collector's record, not a message: not text-checked
    ]


def test_case_context_bank_may_mention_credit_reporting():
    case = make_case([], lender_category="bank", letters={"demand_letter_extra": ["逾期将影响您的征信记录。"]})
    assert check_case_inputs(case, RULES) == []


# ---------------------------------------------------------------- claim extension point


def test_check_claim():
    # 110,000.00 demanded − 105,000.00 lawful = 5,000.00 above the cap
    over = check_claim(Decimal("110000.00"), Decimal("105000.00"), "running", RULES)
    assert [(f.rule_id, f.severity) for f in over] == [("T13", "block")]
    assert "5000.00" in over[0].text
    assert check_claim(Decimal("105000.00"), Decimal("105000.00"), "running", RULES) == []
    expired = check_claim(Decimal("1.00"), Decimal("1.00"), "expired", RULES)
    assert [(f.rule_id, f.severity) for f in expired] == [("T9", "warn")]


# ---------------------------------------------------------------- rules files


FIRM_RULES = """
version = 1
name = "某律所自定义规则"

[[text]]
name = "F1.slang"
id = "F1"
severity = "block"
title = "本所禁用语"
terms = ["催命"]
basis = "本所内部规范"
suggestion = "改用中性表述"
"""


def test_firm_rules_replace_defaults(tmp_path):
    path = tmp_path / "firm.toml"
    path.write_text(FIRM_RULES, encoding="utf-8")
    firm = load_rules(path)
    assert firm.rule_ids() == ["F1"]
    assert check_text("这是催 命符。", "x", firm)[0].rule_id == "F1"
    # the defaults are gone: 传票 is no longer checked, nor is the contact log
    assert check_text("传票已发出。", "x", firm) == []
    night = make_case([{"at": "2026-01-10T23:30:00+08:00", "channel": "phone", "counterpart": "张三",
                        "relation": "debtor", "content": "催款"}])
    assert check_log(night, firm) == []
    assert check_log(night, RULES) != []


def test_firm_thresholds(tmp_path):
    text = DEFAULT_RULES.read_text(encoding="utf-8")
    text = text.replace('end = "21:00"', 'end = "22:00"').replace("max_per_day = 3", "max_per_day = 2")
    path = tmp_path / "firm.toml"
    path.write_text(text, encoding="utf-8")
    firm = load_rules(path)
    rows = [
        {"at": f"2026-01-10T{h}:00:00+08:00", "channel": "phone", "counterpart": "张三", "relation": "debtor",
         "content": "催款", "outcome": "no_answer"}
        for h in ("09", "13", "21")
    ]
    rows[2]["at"] = "2026-01-10T21:30:00+08:00"
    case = make_case(rows)
    assert [(f.rule_id, f.where) for f in check_log(case, firm)] == [("C2", "collection_log[2]")]
    assert [(f.rule_id, f.where) for f in check_log(case, RULES)] == [("C1", "collection_log[2]")]


@pytest.mark.parametrize(
    "content, key, words",
    [
        ("version = 1\n[[text]\n", "", "TOML"),
        ("name = 'x'\n", "version", "缺少必填键"),
        ("version = 2\n", "version", "版本"),
        ("version = 1\nbogus = 1\n", "bogus", "未知的键"),
        (FIRM_RULES.replace('severity = "block"', 'severity = "blocker"'), "text[0].severity", "block"),
        (FIRM_RULES.replace('terms = ["催命"]', "patterns = ['催(命']"), "text[0].patterns[0]", "正则表达式无效"),
        (FIRM_RULES.replace('basis = "本所内部规范"\n', ""), "text[0].basis", "缺少必填键"),
        (FIRM_RULES.replace("terms =", "term ="), "text[0].term", "未知的键"),
        (FIRM_RULES.replace('terms = ["催命"]', 'terms = ["催命"]\nallow_if = "always"'), "text[0].allow_if", "应为以下之一"),
        (FIRM_RULES + '\n[log.window]\nid = "C1"\nseverity = "block"\nbasis = "b"\nsuggestion = "s"\n'
         'start = "8am"\nend = "21:00"\nchannels = ["phone"]\n', "log.window.start", "HH:MM"),
        (FIRM_RULES + '\n[log.daily_calls]\nid = "C2"\nseverity = "warn"\nbasis = "b"\nsuggestion = "s"\n'
         'max_per_day = 0\nchannels = ["phone"]\nrelations = ["debtor"]\n', "log.daily_calls.max_per_day", "正整数"),
        (FIRM_RULES + '\n[log.recording]\nid = "C6"\nseverity = "warn"\nbasis = "b"\nsuggestion = "s"\n'
         'channels = ["fax"]\nskip_outcomes = []\n', "log.recording.channels[0]", "应为以下之一"),
        (FIRM_RULES + '\n[log]\ntimezone = "Mars/Base"\n', "log.timezone", "时区"),
    ],
)
def test_malformed_rules_give_chinese_error(tmp_path, content, key, words):
    path = tmp_path / "bad.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(RulesError) as exc:
        load_rules(path)
    message = str(exc.value)
    assert re.search(r"[\u4e00-\u9fff]", message), message
    assert str(path) in message
    assert key in message and words in message, message
    assert exc.value.key == key


def test_missing_rules_file(tmp_path):
    with pytest.raises(RulesError) as exc:
        load_rules(tmp_path / "nope.toml")
    assert "不存在" in str(exc.value)


def test_shipped_rules_are_complete():
    ids = set(RULES.rule_ids())
    assert {"T1", "T2", "T4", "T5", "T6", "T7", "T8", "T9", "T10", "T11", "T12", "T13"} <= ids
    assert {"C1", "C2", "C3", "C4", "C5", "C6", "C8", "C9"} <= ids
    for rule in (*RULES.text_rules, *RULES.required, *RULES.log_checks.values(), *RULES.claim_checks.values()):
        assert re.search(r"[\u4e00-\u9fff]", rule.basis) and re.search(r"[\u4e00-\u9fff]", rule.suggestion), rule.name
        assert "合同法" not in rule.basis, rule.name  # repealed 2021-01-01: cite 民法典


# ---------------------------------------------------------------- property: separators never hide a word

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_WORDS = {
    "传票": "T6", "拘留": "T6", "逮捕": "T6", "执行局": "T6", "曝光": "T7", "上门": "T7", "后果自负": "T7",
    "诈骗罪": "T7", "通讯录": "T7", "老赖": "T8", "套现": "T10", "借新还旧": "T10", "个人账户": "T5",
}
_SEPARATORS = [" ", "\u3000", "-", "·", "\u200b", "\u200d", "\ufeff", "_", "*", "/", ".", "~", "、", "\u00ad", "＊"]


@settings(derandomize=True, max_examples=300, deadline=None)
@given(
    word=st.sampled_from(sorted(_WORDS)),
    seps=st.lists(st.sampled_from(_SEPARATORS), min_size=4, max_size=4),
    fullwidth=st.booleans(),
)
def test_separators_inside_words_are_ignored(word, seps, fullwidth):
    spelled = word[0] + "".join(sep + ch for sep, ch in zip(seps, word[1:]))
    if fullwidth:  # full-width forms of ASCII separators
        spelled = "".join(chr(ord(c) + 0xFEE0) if 0x21 <= ord(c) <= 0x7E else c for c in spelled)
    findings = check_text(f"我们再说一遍：{spelled}。", "x", RULES)
    assert _WORDS[word] in {f.rule_id for f in findings}, spelled
    # the excerpt quotes the original spelling
    assert any(spelled in f.text or f.text in spelled for f in findings)


def test_joined_patterns_only_skip_sentences_that_no_pattern_matches() -> None:
    """A rule's patterns are joined into one prefilter (rules.any_of); it may only skip a
    sentence none of them matches, so the findings on the whole corpus stay the same without it."""
    from dataclasses import replace

    from pipeline.checks.evaluate import load_corpus
    from pipeline.checks.rules import any_of

    joined = any_of([re.compile("上门"), re.compile(r"找.{0,3}领导")])
    assert joined is not None
    assert joined.search("我们会找你们领导谈谈") and joined.search("明天上门") and not joined.search("请按时还款")
    assert any_of([re.compile(r"(催)\1"), re.compile("上门")]) is None  # a back-reference changes meaning
    assert any_of([re.compile("a", re.I), re.compile("b")]) is None  # per-pattern flags
    assert any_of([re.compile("(?P<x>a)"), re.compile("(?P<x>b)")]) is None  # does not compile joined

    rules = RULES
    assert sum(r.any_pattern is not None for r in rules.text_rules) >= len(rules.text_rules) // 2
    plain = replace(rules, text_rules=tuple(replace(r, any_pattern=None) for r in rules.text_rules))
    texts = [r["text"] for part in ("train", "heldout", "independent") for r in load_corpus(part)]
    found = [check_text(t, "x", rules) for t in texts]
    assert found == [check_text(t, "x", plain) for t in texts]
    assert sum(1 for f in found if f) > 100  # the corpus does exercise the rules
