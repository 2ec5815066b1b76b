"""How each evidence item is labelled in the index, the complaint and the checklist, and the
warnings a court would raise about its form (民事诉讼法第66条; 证据规定第14–15条, 第93–94条).

- 电子数据 (chat records, e-contracts, transfer records): what is bound is a print-out; the law
  treats a print-out taken directly from the data as the original (证据规定第15条第2款), but the
  court may ask to see the carrier, so the label says 打印件 and names the carrier.
- 视听资料 (recordings): the bound file is a transcript; the recording itself must be produced on
  its original carrier (证据规定第15条第1款).
- WeChat records need the other side's profile page (account and name) to tie the chat to the debtor.
- A record the creditor made or kept itself (its own system) is tested for authenticity under
  证据规定第93–94条: support it with the bank's or a third party's record.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .models import Case, EvidenceItem

__all__ = ["form_label", "form_note", "evidence_warnings"]

_ORIGINAL = {"original": "原件", "copy": "复印件", None: ""}


def form_label(e: "EvidenceItem") -> str:
    """The short label of the index's 原件/复印件 column: 原件, 复印件, 电子数据打印件, 录音录像整理稿."""
    if e.form == "electronic":
        return "电子数据打印件"
    if e.form == "audiovisual":
        return "视听资料整理稿"
    return _ORIGINAL.get(e.original, "")


def form_note(e: "EvidenceItem") -> str:
    """The longer note (complaint's evidence list, cover sheet): the kind and the original carrier."""
    if e.form == "electronic":
        return "电子数据，提交打印件" + (f"，原始载体：{e.carrier}" if e.carrier else "")
    if e.form == "audiovisual":
        return "视听资料，提交文字整理稿" + (f"，原始载体：{e.carrier}" if e.carrier else "，原始载体另行提交")
    if e.form == "physical":
        return "物证"
    return _ORIGINAL.get(e.original, "")


def _wechat(e: "EvidenceItem") -> bool:
    return "微信" in e.title or "微信" in e.source


def evidence_warnings(case: "Case") -> list[tuple[str, str]]:
    """(JSON path, Chinese warning) for evidence whose form a court would question."""
    out = []
    profile_page = any(("个人信息" in e.title or "账号" in e.title or "资料页" in e.title) and _wechat(e) for e in case.evidence)
    for i, e in enumerate(case.evidence):
        where = f"evidence[{i}]"
        if e.form == "audiovisual" and not e.carrier:
            out.append((f"{where}.carrier", f"{e.id}“{e.title}”是视听资料：证据材料中只有文字整理稿，须同时提交存储录音录像的"
                        "原始载体（证据规定第15条第1款），请在 carrier 写明载体和文件名"))
        if e.form == "electronic" and not e.carrier:
            out.append((f"{where}.carrier", f"{e.id}“{e.title}”是电子数据：请在 carrier 写明原始载体（如手机、账号、系统名称），"
                        "以备法院核对"))
        if _wechat(e) and not profile_page and e.form in ("electronic", None):
            out.append((where, f"{e.id}“{e.title}”为微信记录：请加入对方微信个人信息页（显示微信号、昵称）的截图，"
                        "并说明该账号为债务人本人使用，否则难以证明聊天对象的身份"))
        if e.self_generated:
            out.append((f"{where}.self_generated", f"{e.id}“{e.title}”由债权人自行制作或保存：法院将结合其他证据审查其真实性"
                        "（证据规定第93、94条），请以银行流水、第三方平台记录等相互印证"))
    return out
