"""Done-when of issue 14 (layout): every sample draft and e-filing PDF, as LibreOffice prints it.

One batch build of the samples with ``--efiling`` (its conversions are the e-filing PDFs), then
ONE LibreOffice run converting every other Word draft — once per test session. From each PDF:
no page holding only a signature block or only a heading, no heading (or line ending with a
colon) at the foot of a page, no table row split across pages, every font embedded, Chinese in
a CJK serif (headings excepted, 黑体 → Noto Sans CJK by the house style), digits in a serif, no
DejaVu anywhere. Helpers in tests/pdf_layout.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import pdf_layout as L
from pipeline.batch import run_batch
from pipeline.build import BuildOptions
from pipeline.efiling import libreoffice_available
from pipeline.efiling.convert import convert_docx

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(libreoffice_available() is None, reason="LibreOffice 未安装（make sysdeps）")


@pytest.fixture(scope="session")
def printed(tmp_path_factory) -> list[tuple[str, Path, Path | None]]:
    """[(label, pdf, docx or None)] for every document of every sample."""
    out = tmp_path_factory.mktemp("layout")
    report = run_batch(ROOT / "sample_cases", out / "out", jobs=2, options=BuildOptions(efiling=True))
    assert report.ok, report.to_dict()
    docs: list[tuple[str, Path, Path | None]] = []
    for case in sorted(p for p in (out / "out").iterdir() if p.is_dir()):
        ef = case / "efiling"
        for pdf in sorted(ef.glob("0[14-9]_*.pdf")):  # the converted filing draft and forms
            draft = ef / f"{pdf.stem}.docx"
            if not draft.is_file():
                draft = next(case.glob(f"04_{pdf.stem.split('_', 1)[1]}.docx"), None)
            docs.append((f"{case.name}/efiling/{pdf.name}", pdf, draft))
        # drafts without an e-filing PDF: letters, agreement, soft-step papers, the legal-rep certificate
        to_convert = sorted(case.glob("0[0-3]_*.docx")) + sorted(ef.glob("03_*.docx"))
        pdfs = convert_docx(to_convert, out / "pdf" / case.name, timeout_s=300)  # one soffice run per case
        docs += [(f"{case.name}/{d.relative_to(case)}", pdfs[d], d) for d in to_convert]
    return docs


def test_every_sample_document_was_printed(printed) -> None:
    names = {label.rsplit("/", 1)[-1] for label, _, _ in printed}
    for must in ("01_催款函.docx", "02_律师函.docx", "03_分期还款协议.docx", "00_电话沟通要点.docx", "00_还款方案建议.docx",
                 "01_支付令申请书.pdf", "01_民事起诉状.pdf", "04_授权委托书.pdf", "04_律师事务所函.pdf",
                 "05_送达地址确认书.pdf", "06_财产保全申请书.pdf", "03_法定代表人身份证明书.docx"):
        assert must in names, must
    assert len(printed) >= 30


def test_no_page_holds_only_a_signature_block_or_a_heading(printed) -> None:
    bad = []
    for label, pdf, _ in printed:
        pages = L.page_lines(pdf)
        for n in L.signature_only_pages(pages):
            bad.append(f"{label} 第{n}页只有落款：{pages[n - 1]}")
        for n in L.heading_only_pages(pages):
            bad.append(f"{label} 第{n}页只有标题：{pages[n - 1]}")
        for n, line in L.heading_at_bottom(pages):
            bad.append(f"{label} 第{n}页末行是标题或引导语：{line}")
    assert not bad, "\n".join(bad)


def test_no_table_row_split_across_pages(printed) -> None:
    bad = []
    for label, pdf, docx in printed:
        if docx is None:
            continue
        rows = L.docx_table_cells(docx)
        split = L.split_rows(docx, L.page_lines(pdf))
        if split:
            bad.append(f"{label}（{len(rows)} 行）：{split[:3]}")
    assert not bad, "\n".join(bad)


def test_fonts_embedded_cjk_serif_digits_serif_no_dejavu(printed) -> None:
    bad = []
    for label, pdf, _ in printed:
        uses = L.font_use(pdf)
        cjk_serif = cjk_all = 0
        for f in uses.values():
            if not f.embedded:
                bad.append(f"{label}：字体 {f.name} 未嵌入")
            if "DejaVu" in f.name:
                bad.append(f"{label}：出现 DejaVu（{''.join(sorted(f.chars))[:20]}）")
            digits = [c for c in f.chars if c.isdigit()]
            if digits and "Serif" not in f.name:
                bad.append(f"{label}：数字用了非衬线字体 {f.name}")
            cjk = [c for c in f.chars if L.is_cjk(c)]
            if cjk:
                if "CJK" not in f.name:
                    bad.append(f"{label}：中文用了非中文字体 {f.name}")
                cjk_all += len(cjk)
                if "SerifCJK" in f.name:
                    cjk_serif += len(cjk)
        # body text in the CJK serif; Noto Sans CJK only for the 黑体 headings and table headers
        if cjk_all and cjk_serif / cjk_all < 0.75:
            bad.append(f"{label}：中文衬线字体只占 {cjk_serif}/{cjk_all}")
    assert not bad, "\n".join(bad)


def test_tick_boxes_are_serif_not_dejavu(printed) -> None:
    complaint = next(pdf for label, pdf, _ in printed if label.endswith("01_民事起诉状.pdf"))
    uses = L.font_use(complaint)
    holders = {f.name for f in uses.values() if "☑" in f.chars or "□" in f.chars}
    assert holders == {"FreeSerif"}, holders
