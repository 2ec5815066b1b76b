"""Issue 17: evasion-robust normalisation, clause scope, the trained layer, the held-out
evaluation and every-channel contact-log checks. Texts are hand-written here; expected
findings follow from the rules file's wording and thresholds (shown per test)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.case import parse_case
from pipeline.checks import (
    DEFAULT_RULES,
    RulesError,
    TextContext,
    check_case_inputs,
    check_log,
    check_text,
    has_block,
    load_rules,
    normalize,
)
from pipeline.checks.evaluate import evaluate, load_corpus
from pipeline.cli import cli

ROOT = Path(__file__).resolve().parent.parent
RULES = load_rules()

BASE_CASE = {
    "schema_version": "1",
    "case_id": "checks-ml",
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


def make_case(rows=(), **extra):
    return parse_case({**BASE_CASE, "collection_log": list(rows), **extra})


def blocks(text: str, ctx: TextContext | None = None) -> list[str]:
    return [f.rule_id for f in check_text(text, "x", RULES, context=ctx) if f.severity == "block"]


# ---------------------------------------------------------------- normalisation


@pytest.mark.parametrize(
    "variant",
    [
        "明天就去你單位找你領導聊聊",  # traditional (OpenCC, not only the rules' characters)
        "明天就去你danwei找你lingdao聊聊",  # pinyin
        "明天就去你dw找你ld聊聊",  # initials
        "明天就去你单 位找你领.导聊聊",  # spacing
        "明天就去你单为找你令导聊聊",  # same-sound spelling (领到 is a word of its own)
        "明天就去你🏢找你领导聊聊",  # emoji
        "明天就去你company找你boss聊聊",  # mixed scripts
    ],
)
def test_evasions_fold_to_the_plain_words(variant):
    assert normalize(variant).text == "明天就去你单位找你领导聊聊"
    assert has_block(check_text(variant, "x", RULES))


def test_excerpt_quotes_the_original_characters():
    f = check_text("今天不还，你就要zuo lao。", "x", RULES)[0]
    assert f.severity == "block" and f.text.startswith("zuo")  # the reader sees what was written


def test_sb_stays_an_insult_not_initials():
    assert normalize("Ｓ Ｂ").text == "sb"
    assert blocks("Ｓ Ｂ，赶紧还钱。") == ["T8"]


# ---------------------------------------------------------------- clause scope


@pytest.mark.parametrize(
    "text",
    [
        "如有人冒充我司工作人员要求您向其他账户转账，请立即报警。",
        "谨防诈骗：我司不会以公安、法院的名义联系您，也不会要求您向个人账户付款。",
        "若有人自稱警察要求您轉賬還款，那是詐騙，請及時向公安機關報案。",
        "温馨提示：我司工作人员不会上门索要现金，如遇此类情况请报警。",
    ],
)
def test_anti_fraud_notices_are_not_blocked(text):
    assert blocks(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "我们不会联系您的家人。",
        "我司不会上门，也不会向您的单位透露任何欠款信息。",
        "请放心，我们绝不会把您的欠款情况告诉您的同事。",
        "本所不会以刑事责任相威胁，本案属于民事纠纷。",
        "我們不會聯繫您的家人。",
        "我司工作人员不上门，只通过电话与您本人沟通。",  # 不 right before the act negates it
        "请注意，本函将作为证据留存。",  # 证据留存 straddles real words: no 拘留 spelled by sound
    ],
)
def test_negated_statements_are_not_blocked(text):
    assert blocks(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "我们不会打电话，但会上门找你家人。",  # 但 ends the negation's scope
        "不还钱就去你单位找你领导。",  # bare 不 is a condition, not a negation
        "你就是个不要脸的老赖。",  # 不要脸 is one jieba token, not a negation
        "不还就上门，明天去你家。",  # 不 negates 还, not the visit
    ],
)
def test_negation_scope_does_not_hide_threats(text):
    assert blocks(text)


def test_reported_quotation_is_not_blocked():
    assert blocks("您反映有人称“要去你单位找你领导”，经核查并非我司人员所为，我司已记录。") == []
    assert blocks("我们说到做到：“明天就去你单位找你领导”。")  # no reporting verb before the quote


def test_real_pending_case_from_filings_passes_and_a_fake_one_blocks():
    text = "贵方已被我司起诉，案号（2026）京0112民初123号，请按法院通知参加诉讼。"
    filing = {"kind": "lawsuit", "court": "北京市通州区人民法院", "case_no": "（2026）京0112民初123号",
              "filed_on": "2026-02-01", "accepted_on": "2026-02-10", "status": "accepted"}
    real = make_case(filings=[filing], letters={"demand_letter_extra": [text]})
    assert not has_block(check_case_inputs(real, RULES))
    none = make_case(letters={"demand_letter_extra": [text]})
    assert "T6" in [f.rule_id for f in check_case_inputs(none, RULES) if f.severity == "block"]
    # another number than the real one is still impersonation
    other = make_case(filings=[filing], letters={"demand_letter_extra": [text.replace("123号", "999号")]})
    assert has_block(check_case_inputs(other, RULES))
    # a withdrawn filing is no pending case
    gone = make_case(filings=[{**filing, "status": "withdrawn"}], letters={"demand_letter_extra": [text]})
    assert has_block(check_case_inputs(gone, RULES))


# ---------------------------------------------------------------- trained layer


SOFT_THREAT = "三天内不处理，你家里人都别想过安稳日子。"  # no rule term; the model must catch it


def test_model_blocks_what_no_rule_catches_and_says_so(tmp_path):
    rules_only = load_rules(_rules_with(tmp_path, "enabled = true", "enabled = false"))
    assert check_text(SOFT_THREAT, "x", rules_only) == []
    found = check_text(SOFT_THREAT, "x", RULES)
    assert [(f.rule_id, f.severity) for f in found] == [("ML.threat_family", "block")]
    assert found[0].title.startswith("疑似") and "模型" in found[0].title and "T7" in found[0].title


def test_model_threshold_is_a_setting(tmp_path):
    # block_threshold 1.0 can never be reached: the same sentence is only warned
    strict = load_rules(_rules_with(tmp_path, "block_threshold = 0.9", "block_threshold = 1.0"))
    assert [(f.rule_id, f.severity) for f in check_text(SOFT_THREAT, "x", strict)] == [("ML.threat_family", "warn")]
    with pytest.raises(RulesError) as exc:
        load_rules(_rules_with(tmp_path, "block_threshold = 0.9", "block_threshold = 7"))
    assert "classifier.block_threshold" in str(exc.value) and "0 到 1" in str(exc.value)


def _rules_with(tmp_path: Path, old: str, new: str) -> Path:
    text = DEFAULT_RULES.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "rules.toml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def test_model_loads_without_scikit_learn():
    code = ("import sys; from pipeline.checks.model import load_model; m = load_model(); "
            "assert 'sklearn' not in sys.modules; print(len(m.classes))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert int(out.stdout) == 10  # 9 block families + allow


def test_training_is_deterministic(tmp_path):
    out = tmp_path / "model.json"
    subprocess.run([sys.executable, "tools/train_checks_model.py", str(out)], cwd=ROOT, check=True, capture_output=True)
    shipped = (ROOT / "pipeline/checks/data/checks_model.json").read_bytes()
    assert out.read_bytes() == shipped


# ---------------------------------------------------------------- held-out evaluation


def test_heldout_split_is_disjoint_and_covers_every_evasion():
    train = {r["text"] for r in load_corpus("train")}
    held = load_corpus("heldout")
    assert len(train) + len(held) >= 600
    assert not train & {r["text"] for r in held}
    evasions = {r["evasion"] for r in held if r["label"] == "block"}
    assert {"traditional", "pinyin", "initials", "spacing", "homophone", "emoji", "mixed"} <= evasions
    families = {r["family"] for r in held if r["label"] == "block"}
    assert len(families) == 9


def test_heldout_precision_recall_and_no_lawful_text_blocked():
    ev = evaluate("heldout")
    assert ev.recall >= 0.95 and ev.precision >= 0.95, ev.to_dict()
    assert ev.lawful_blocked == []
    assert all(n > 0 for _, n in ev.by_evasion.values())


def test_independent_split_is_never_trained_on_and_holds_its_floor():
    """Writer B's 200 texts (written without seeing rules or corpus) stay out of training; the
    floor is below today's figures (recall 0.893, precision 0.971) so that a regression fails."""
    indep = load_corpus("independent")
    assert len(indep) == 200 and {r["source"] for r in indep} == {"writer B"}
    trained = {r["text"] for split in ("train", "train_extra", "independent_train") for r in load_corpus(split)}
    assert not trained & {r["text"] for r in indep}
    script = (Path(__file__).resolve().parent.parent / "tools" / "train_checks_model.py").read_text(encoding="utf-8")
    assert 'load_corpus("independent")' not in script and 'load_corpus("independent_train")' in script
    ev = evaluate("independent")
    assert ev.recall >= 0.87 and ev.precision >= 0.95, ev.to_dict()
    assert len(ev.lawful_blocked) <= 4, ev.lawful_blocked


def test_cli_evaluate_json():
    result = CliRunner().invoke(cli, ["check", "--evaluate", "heldout", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["split"] == "heldout" and data["lawful_blocked"] == 0
    assert set(data["recall_by_evasion"]) >= {"traditional", "pinyin", "spacing", "homophone", "emoji"}


# ---------------------------------------------------------------- contact log, every channel


def _row(at: str, channel: str, content: str = "您好，请尽快还款。", **kw) -> dict:
    row = {"at": f"2026-01-10T{at}:00+08:00", "channel": channel, "counterpart": "张三", "relation": "debtor",
           "content": content}
    if channel == "phone":
        row.update({"recording_id": "R" + at.replace(":", ""), "outcome": "no_answer"})
    if channel in ("sms", "email"):
        row.update({"delivered": True, "delivery_proof": {"kind": "sms_receipt", "reference": "S" + at}})
    row.update(kw)
    return row


def _log(rows, rule_id):
    return [(f.where, f.severity) for f in check_log(make_case(rows), RULES) if f.rule_id == rule_id]


def test_sms_burst_and_wechat_daily_frequency():
    # SMS at 10:00 and 10:10: 10 min < sms gap 30 min → C3 burst on the second row
    rows = [_row("10:00", "sms", "提醒一"), _row("10:10", "sms", "提醒二")]
    found = [f for f in check_log(make_case(rows), RULES) if f.title == "短时间内连续发送消息或上门"]
    assert [(f.where, f.severity) for f in found] == [("collection_log[1]", "warn")]
    assert "10 分钟" in found[0].text and "30 分钟" in found[0].text
    # four WeChat messages, hours apart: the 4th exceeds wechat = 3 per day → C2 on row 3
    rows = [_row(t, "wechat", f"消息{i}") for i, t in enumerate(("09:00", "11:00", "14:00", "17:00"))]
    found = [f for f in check_log(make_case(rows), RULES) if f.title == "单日联系次数过多（各渠道）"]
    assert [f.where for f in found] == ["collection_log[3]"]
    assert "微信共 4 次" in found[0].text


def test_total_across_channels_counts_calls_too():
    # 2 calls + 3 SMS + 2 WeChat = 7 > max_total 6; each channel within its own limit;
    # rows are at least 60 minutes apart (no burst). The 7th contact (index 6) is reported.
    times = ["09:00", "10:00", "11:00", "12:00", "13:00", "14:00", "15:00"]
    channels = ["phone", "sms", "phone", "sms", "wechat", "sms", "wechat"]
    rows = [_row(t, ch, f"内容{i}") for i, (t, ch) in enumerate(zip(times, channels))]
    found = [f for f in check_log(make_case(rows), RULES) if f.title == "单日联系次数过多（各渠道）"]
    assert [f.where for f in found] == ["collection_log[6]"]
    assert "合计 7 次" in found[0].text


def test_cross_channel_burst():
    # a WeChat message 3 minutes after an SMS: different channels, 3 < 5 minutes → burst
    rows = [_row("10:00", "sms", "提醒"), _row("10:03", "wechat", "再提醒")]
    found = [f for f in check_log(make_case(rows), RULES) if f.title == "短时间内连续发送消息或上门"]
    assert [f.where for f in found] == ["collection_log[1]"] and "跨渠道" in found[0].text


def test_repeated_identical_messages():
    # the same text (up to spacing/punctuation) three times in one day: max_repeats 2 → 3rd flagged
    rows = [_row("09:00", "sms", "请立即还款！"), _row("12:00", "sms", "请立即还款"), _row("16:00", "sms", "请 立即 还款。")]
    found = [f for f in check_log(make_case(rows), RULES) if f.title == "重复发送相同内容"]
    assert [f.where for f in found] == ["collection_log[2]"]
    # different texts are not repetition
    rows = [_row("09:00", "sms", "提醒一"), _row("12:00", "sms", "提醒二"), _row("16:00", "sms", "提醒三")]
    assert not [f for f in check_log(make_case(rows), RULES) if f.title == "重复发送相同内容"]


# ---------------------------------------------------------------- natural-person creditor (issue 15)


def test_night_contact_is_a_warning_with_reason_for_a_natural_person_creditor():
    # 21:30 is outside 08:00–21:00 (rules.toml [log.window]); natural_person_severity = "warn"
    rows = [_row("21:30", "sms", "请尽快还款。")]
    person = [f for f in check_log(make_case(rows), RULES) if f.rule_id == "C1"]
    assert [(f.severity, f.where) for f in person] == [("warn", "collection_log[0]")]
    assert "自然人" in person[0].text and "自律公约" in person[0].text
    # the same contact by a lender company remains a block
    company = make_case(
        rows,
        creditor={"kind": "organization", "name": "北京某某科技有限公司", "domicile": "北京市朝阳区某路1号",
                  "representative": "王五", "representative_title": "执行董事"},
        lender_category="company",
    )
    assert [f.severity for f in check_log(company, RULES) if f.rule_id == "C1"] == ["block"]


@pytest.mark.parametrize("text", ["同时，请您核对账单。", "如需帮助，可请小区保安联系我们。", "请以书面形式回复。", "我们认识到您的困难。"])
def test_ordinary_words_are_not_read_as_same_sound_spellings(text):
    # 同时/同事, 保安/报案, 形式/刑事, 认识/人事 share toneless pinyin; they are words of their own
    assert normalize(text).text == normalize(text).text and blocks(text) == []
    assert "报案" not in normalize(text).text and "刑事" not in normalize(text).text


def test_threat_to_associates_tied_to_non_payment():
    # T7.associates: non-payment condition … act … family/workplace
    found = check_text("再不还钱，我们就去找你的家人，让他们替你还。", "x", RULES)
    assert ("T7", "block") in [(f.rule_id, f.severity) for f in found]
    assert any(f.title == "以找债务人的家人、单位或身边的人相威胁" for f in found)
    # the same words negated in the clause that names the family: lawful
    assert blocks("如您不还款，我们不会联系您的家人，只会依法起诉。") == []


def test_model_scores_are_kept_per_sentence_and_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    """A recurring sentence is scored once (model.py _scores): the kept score is the one a fresh
    model computes, and the store never grows past its bound."""
    import pipeline.checks.model as M

    fresh = M.Model(*[getattr(M.load_model(), f) for f in ("classes", "weights", "intercept")])
    text = "再不还钱就去你单位找你领导"
    first = fresh.score(text)
    assert text in fresh._scores
    assert fresh.score(text) == first == M.Model(fresh.classes, fresh.weights, fresh.intercept).score(text)
    monkeypatch.setattr(M, "_SCORE_CACHE", 3)
    for t in ("一", "二", "三", "四", "五"):
        fresh.score(t)
        assert len(fresh._scores) <= 3
