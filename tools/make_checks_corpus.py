"""Generate the labelled collection-message corpus for the lawful-collection checks.

Deterministic (seed below): writes pipeline/checks/data/corpus_train.jsonl and
pipeline/checks/data/corpus_heldout.jsonl. Each row: text, label (block|warn|allow),
family, evasion, and optional context (case_no/court for a real pending case,
reports_credit for a lender that reports to 征信).

The held-out split is drawn once, before any rule or classifier change, and is never
used for training (tools/train_checks_model.py reads only corpus_train.jsonl).
Texts were written for this purpose; evasion variants are derived systematically from
base texts by replacing one key word (traditional script, pinyin, initials, spacing,
homophones, emoji, mixed scripts).
"""

from __future__ import annotations

import itertools
import json
import random
from pathlib import Path

SEED = 20261205
OUT = Path(__file__).resolve().parent.parent / "pipeline" / "checks" / "data"

WHEN = ["明天", "今晚", "后天上午", "这周末", "下周一", "马上", "过两天", "周三下午", ""]
WE = ["我们", "我司同事", "我们的人", "外访组", "我", "公司的人"]
NOPAY = ["再不还钱", "今天不还", "要是还不上", "三天内不处理", "拖着不还的话", "还不还你自己看着办，不还", "今天五点前不到账"]

BLOCK: dict[str, list[str]] = {
    "threat_workplace": [
        "{when}就去你单位找你领导聊聊",
        "{nopay}，{we}{when}直接去你公司，当着你同事的面把话说清楚",
        "{nopay}，{we}会到你单位门口等你下班",
        "你单位的地址我们已经查到了，{when}去找你们领导反映你的情况",
        "{nopay}，让你们人事部门知道你是什么样的人",
        "{we}{when}去你上班的地方坐坐，跟你老板喝杯茶",
        "我们已经联系你单位领导了，{nopay}下次直接去你办公室",
        "{nopay}，我就天天去你公司前台等你",
    ],
    "threat_home": [
        "{nopay}，{we}{when}上门拜访，到你家里坐坐",
        "{we}知道你住哪个小区几栋几单元，{when}过去",
        "{nopay}，{we}{when}去你家门口堵你",
        "你老家的地址我们有，{when}派人过去找你爸妈",
        "{nopay}，{we}就在你家楼下等着，看你出不出来",
    ],
    "threat_family": [
        "{nopay}，{we}就去找你的家人，让他们替你还",
        "你孩子在哪个学校上学我们都清楚，{nopay}后果你自己想",
        "{nopay}，你老婆那边我们也会去打招呼",
        "{we}{when}去你父母家，跟老人家好好说说你欠钱的事",
        "{nopay}，你家里人都别想过安稳日子",
        "我们已经找到你弟弟的电话了，{nopay}就让他来处理",
    ],
    "threat_violence": [
        "{nopay}，小心你的腿",
        "{nopay}，出门的时候注意点，别怪我们没提醒你",
        "{nopay}，我们有的是办法让你吃不了兜着走",
        "{nopay}，你会后悔一辈子的，不信走着瞧",
        "{nopay}，找几个兄弟过去跟你聊聊",
        "{nopay}，晚上走夜路小心点",
    ],
    "state_organ": [
        "你已被法院立案，{when}会有人上门执行",
        "我是辖区派出所民警，你涉嫌恶意逃债，请{when}来所里说明情况",
        "你的案件已移交公安机关处理，{nopay}将被刑事拘留",
        "法院的传票已经寄出，{nopay}将被强制执行",
        "执行局已经冻结你名下所有账户",
        "经侦部门已经介入调查你的借款",
        "本案已由法院受理，案号（2025）沪0104民初9876号，{when}开庭",
        "我们是法院执行庭的，{nopay}就把你列入失信名单并拘留",
        "{nopay}，警察{when}会去你单位带你走",
        "你的材料已经提交检察院，等着接受调查",
    ],
    "false_legal": [
        "{nopay}你就要坐牢",
        "你的行为已经构成诈骗罪，{nopay}马上追究你的刑事责任",
        "{nopay}，你的子女以后都不能考公务员",
        "{nopay}会被判刑三年以上",
        "逾期不还属于犯罪行为，{we}已经在准备报案材料",
        "{nopay}，你全家都会被限制坐高铁坐飞机",
        "你这是恶意透支，{nopay}等着吃牢饭吧",
        "{nopay}，你孩子上大学政审都过不了",
    ],
    "insult": [
        "你就是个老赖，不要脸",
        "欠钱不还的骗子，你还有脸接电话",
        "你这种人渣就该被所有人看不起",
        "借钱的时候装孙子，还钱的时候装死，真是个废物",
        "死皮赖脸的东西，你爸妈怎么教出你这种人",
        "你个无赖，活着都浪费空气",
    ],
    "disclosure": [
        "{nopay}，{we}就把你欠钱的事发到你朋友圈",
        "{nopay}，给你通讯录里的每个人发短信说你是老赖",
        "{we}会在你小区门口贴告示，让邻居都知道你欠钱",
        "{nopay}，我们就把你的欠款信息发到你公司的工作群",
        "你的照片和身份证我们会发到网上曝光",
        "{nopay}，你所有联系人都会收到你欠钱的通知",
        "我们已经告诉你同事你欠了钱不还",
    ],
    "harass": [
        "{nopay}，{we}每天二十四小时打你电话",
        "{nopay}，半夜也会一直给你打电话",
        "{nopay}，你的手机会被我们打到关机",
        "从今天起{we}每隔十分钟打一次，直到你还钱为止",
    ],
}

# Lawful look-alikes (allow) and borderline texts (warn).
ALLOW: dict[str, list[str]] = {
    "anti_fraud": [
        "如有人冒充我司工作人员要求您向其他账户转账，请立即报警",
        "谨防诈骗：我司不会以公安、法院的名义联系您，也不会要求您向个人账户付款",
        "请认准唯一还款账户，如遇他人要求转入私人账户，请拨打110报警",
        "近期有不法分子冒充法院工作人员催收，请您提高警惕，如有疑问请致电我司客服核实",
        "若有人自称警察要求您转账还款，那是诈骗，请及时向公安机关报案",
        "温馨提示：我司工作人员不会上门索要现金，如遇此类情况请报警",
        "如收到自称我司的短信要求您点击链接还款，请勿点击并向当地派出所反映",
    ],
    "negation": [
        "我们不会联系您的家人",
        "我司不会上门，也不会向您的单位透露任何欠款信息",
        "我们绝不会联系您的同事或领导",
        "本函不会发送给您的家人或任何第三方",
        "我司从不以曝光、上门等方式催收",
        "请放心，我们不会在您的朋友圈或通讯录中发布任何信息",
        "我们没有也不会联系您的父母",
        "本所不会以刑事责任相威胁，本案属于民事纠纷",
    ],
    "conditional": [
        "如您对欠款金额有异议，请于收到本函之日起七日内书面提出",
        "若您暂时有困难，可以申请分期还款，我们愿意协商",
        "如您已经还款，请忽略本短信",
        "如果您需要账单明细，请回复本短信或致电客服",
        "如您认为本函所述与事实不符，请携带相关凭证与我司联系",
    ],
    "quotation": [
        "您反映有人称“要去你单位找你领导”，经核查并非我司人员所为，我司已记录并将配合调查",
        "您投诉说催收员讲了“不还就坐牢”，我司已对该员工停职处理并向您致歉",
        "您提到收到“已被法院立案”的短信，该短信并非我司发送，请勿理会",
        "对于您所说的“威胁联系家人”一事，我司已调取录音核实，并将依规处理",
    ],
    "real_case": [
        "贵方已被我司起诉，案号（2026）京0112民初123号，请按法院通知参加诉讼",
        "我司已向北京市通州区人民法院提起诉讼，案号（2026）京0112民初123号，开庭时间以法院传票为准",
        "关于（2026）京0112民初123号案件，请您按照法院的要求提交答辩材料",
        "本案已由北京市通州区人民法院立案受理，案号（2026）京0112民初123号",
    ],
    "lawful_legal": [
        "逾期不还，我司将依法向有管辖权的人民法院提起诉讼",
        "如您仍不履行还款义务，本所将依法申请支付令",
        "判决生效后仍拒不履行的，债权人可以依法申请强制执行",
        "您的逾期信息将依法报送金融信用信息基础数据库",
        "我司保留通过诉讼途径主张权利的权利，由此产生的诉讼费用依法由败诉方承担",
        "根据借款合同约定，逾期期间将按约定利率计收逾期利息",
    ],
    "reminder": [
        "您的借款已逾期三十天，应还金额一万二千三百四十五元六角，请尽快还款",
        "尊敬的客户，您本期账单已到期，请于本月二十日前还款",
        "您好，您的还款计划已更新，详情请登录APP查看",
        "感谢您按时还款，您的账户已结清",
        "请您在方便时回电，我们可以一起商量还款安排",
        "您的分期协议已生效，首期还款日为下月五日",
        "我司工作时间为工作日九点至十八点，如有疑问欢迎来电",
        "您好，这里是客服中心，提醒您今天是还款日",
    ],
}
# Lawful templates filled like the block ones (negations / anti-fraud with varied objects).
PEOPLE = ["家人", "父母", "同事", "领导", "朋友", "邻居", "紧急联系人以外的任何人", "子女"]
ALLOW_TEMPLATES: dict[str, list[str]] = {
    "negation": [
        "{we}不会联系您的{person}",
        "请放心，{we}绝不会把您的欠款情况告诉您的{person}",
        "{we}承诺不会上门，也不会打扰您的{person}",
        "本次催收不会涉及您的{person}，只与您本人沟通",
    ],
    "anti_fraud": [
        "如有人冒充我司联系您的{person}要求转账，请立即报警",
        "提醒您：如有人以法院名义向您或您的{person}索要钱款，请拨打110核实",
    ],
    "reminder": [
        "{when}是您的还款日，请按时还款，如有困难请与我们协商",
        "您好，{we}想和您确认一下还款安排，方便时请回电",
    ],
}
WARN: dict[str, list[str]] = {
    "contact_third_party": [
        "我们将联系您预留的紧急联系人，核实您目前的联系方式",
        "由于多次无法联系到您，我们可能会致电您的紧急联系人",
    ],
}

# Key words an evasion variant rewrites (first one found in the text is replaced).
KEYWORDS = [
    "单位", "公司", "领导", "同事", "家人", "家里", "父母", "孩子", "老婆", "爸妈", "上门", "法院", "派出所", "民警",
    "警察", "公安", "传票", "执行局", "立案", "坐牢", "判刑", "诈骗罪", "刑事", "老赖", "骗子", "人渣", "废物",
    "朋友圈", "通讯录", "曝光", "告示", "电话", "小心", "兜着走", "后悔", "政审", "牢饭", "拘留", "检察院",
    "高铁", "公务员", "无赖", "不要脸", "小区", "家门口", "经侦", "冻结",
]
HOMOPHONE = {
    "单位": "单为", "公司": "公私", "领导": "领到", "同事": "同是", "家人": "家仁", "家里": "家哩", "父母": "夫母",
    "孩子": "孩纸", "老婆": "老扑", "爸妈": "爸马", "上门": "上们", "法院": "发院", "派出所": "派出锁", "民警": "民井",
    "警察": "井察", "公安": "工安", "传票": "传漂", "执行局": "执行菊", "立案": "力案", "坐牢": "坐劳", "判刑": "判型",
    "诈骗罪": "炸骗罪", "刑事": "型事", "老赖": "老癞", "骗子": "片子", "人渣": "人扎", "废物": "费物",
    "朋友圈": "朋有圈", "通讯录": "通迅录", "曝光": "暴光", "告示": "告是", "电话": "点话", "小心": "小芯",
    "兜着走": "兜着揍", "后悔": "后会", "政审": "正审", "牢饭": "劳饭", "拘留": "居留", "检察院": "检查院",
    "高铁": "高贴", "公务员": "公物员", "无赖": "无癞", "不要脸": "不要莲", "小区": "小曲", "家门口": "家们口",
    "经侦": "经真", "冻结": "冻节",
}
EMOJI = {
    "家人": "👨‍👩‍👧", "家里": "🏠里", "家门口": "🏠门口", "单位": "🏢", "公司": "🏢", "警察": "👮", "民警": "👮",
    "派出所": "🚓所", "法院": "⚖️院", "坐牢": "坐⛓️", "孩子": "👶", "电话": "📞", "小心": "小❤️", "上门": "🚪上门",
    "朋友圈": "⭕朋友圈", "老赖": "老🐶赖", "立案": "立📁案", "冻结": "🧊结",
}
ENGLISH = {
    "单位": "company", "公司": "company", "领导": "boss", "同事": "colleague", "家人": "family", "父母": "parents",
    "孩子": "kid", "老婆": "wife", "警察": "police", "法院": "court", "派出所": "police station", "坐牢": "jail",
    "朋友圈": "moments", "通讯录": "contacts", "电话": "call", "爸妈": "parents", "上门": "visit", "骗子": "liar",
    "公安": "police", "传票": "summons", "老赖": "laolai", "曝光": "expose",
}
EVASIONS = ["traditional", "pinyin", "initials", "spacing", "homophone", "emoji", "mixed"]


def _pinyin(word: str, initials: bool = False) -> str:
    from pypinyin import Style, lazy_pinyin

    if initials:
        return "".join(lazy_pinyin(word, style=Style.FIRST_LETTER))
    return " ".join(lazy_pinyin(word)) if len(word) > 2 else "".join(lazy_pinyin(word))


def _evade(text: str, evasion: str, rng: random.Random) -> str | None:
    if evasion == "traditional":
        import opencc

        out = opencc.OpenCC("s2t").convert(text)
        return out if out != text else None
    found = [k for k in KEYWORDS if k in text]
    if not found:
        return None
    word = rng.choice(found)
    if evasion == "pinyin":
        repl = _pinyin(word)
    elif evasion == "initials":
        repl = _pinyin(word, initials=True)
    elif evasion == "spacing":
        repl = rng.choice([" ", "  ", ".", "·", "-", "*"]).join(word)
    elif evasion == "homophone":
        repl = HOMOPHONE.get(word)
    elif evasion == "emoji":
        repl = EMOJI.get(word)
    elif evasion == "mixed":
        repl = ENGLISH.get(word)
        if repl is None:  # a Latin/full-width look-alike mixed in instead
            repl = word[0] + "ｘ" + word[1:] if rng.random() < 0.5 else _pinyin(word[:1]) + word[1:]
    else:
        raise ValueError(evasion)
    if not repl:
        return None
    return text.replace(word, repl, 1)


def _fill(template: str, rng: random.Random) -> str:
    return template.format(when=rng.choice(WHEN), we=rng.choice(WE), nopay=rng.choice(NOPAY))


def _context(family: str) -> dict:
    if family == "real_case":
        return {"case_no": "（2026）京0112民初123号", "court": "北京市通州区人民法院"}
    if family == "lawful_legal":
        return {"reports_credit": True}
    return {}


def build() -> list[dict]:
    rng = random.Random(SEED)
    rows: list[dict] = []
    seen: set[str] = set()

    template_id = [""]

    def add(text: str, label: str, family: str, evasion: str) -> None:
        if text in seen:
            return
        seen.add(text)
        # template: which base text a row derives from (grouped cross-validation keeps a
        # template's variants together, see pipeline/checks/evaluate.py grouped_cv)
        row = {"text": text, "label": label, "family": family, "evasion": evasion, "template": template_id[0]}
        row.update(_context(family))
        rows.append(row)

    for family, templates in BLOCK.items():
        for ti, template in enumerate(templates):
            template_id[0] = f"{family}.{ti}"
            for _ in range(3):  # three plain fillings
                add(_fill(template, rng), "block", family, "none")
            for evasion in EVASIONS:
                variant = _evade(_fill(template, rng), evasion, rng)
                if variant:
                    add(variant, "block", family, evasion)
    for family, templates in ALLOW_TEMPLATES.items():
        for ti, template in enumerate(templates):
            template_id[0] = f"{family}.t{ti}"
            for _ in range(4):
                text = template.format(when=rng.choice(WHEN) or "今天", we=rng.choice(WE), person=rng.choice(PEOPLE))
                add(text, "allow", family, "none")
                evasion = rng.choice(EVASIONS)
                variant = _evade(text, evasion, rng)
                if variant:
                    add(variant, "allow", family, evasion)
    for label, table in (("allow", ALLOW), ("warn", WARN)):
        for family, texts in table.items():
            for ti, text in enumerate(texts):
                template_id[0] = f"{family}.{ti}"
                add(text, label, family, "none")
                # lawful texts in evasion-like scripts must stay lawful too
                for evasion in rng.sample(EVASIONS, 4):
                    variant = _evade(text, evasion, rng)
                    if variant:
                        add(variant, label, family, evasion)
    return rows


def split(rows: list[dict]) -> tuple[list[dict], list[dict]]:
    """Stratified by (label, family, evasion): about 30 % of each stratum held out."""
    rng = random.Random(SEED + 1)
    train: list[dict] = []
    held: list[dict] = []
    key = lambda r: (r["label"], r["family"], r["evasion"])  # noqa: E731
    for _, group in itertools.groupby(sorted(rows, key=key), key=key):
        group = list(group)
        rng.shuffle(group)
        n_held = round(len(group) * 0.3) if len(group) > 1 else (1 if rng.random() < 0.3 else 0)
        held += group[:n_held]
        train += group[n_held:]
    return train, held


def main() -> None:
    rows = build()
    train, held = split(rows)
    OUT.mkdir(parents=True, exist_ok=True)
    for name, part in (("corpus_train.jsonl", train), ("corpus_heldout.jsonl", held)):
        with open(OUT / name, "w", encoding="utf-8") as fh:
            for row in part:
                fh.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")
    print(f"{len(rows)} texts: {len(train)} train, {len(held)} held out")


if __name__ == "__main__":
    main()
