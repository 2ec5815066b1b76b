"""Evidence bundle: real PDFs built from inputs generated in tmp_path, read back with pypdf.

Expected page numbers are counted by hand from the inputs in each test.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pikepdf
import pypdf
import pytest
from PIL import Image

sys.path.insert(0, str(Path(__file__).parent))
import bundle_fixtures as bf  # noqa: E402

from pipeline.bundle import BundleError, build_bundle, preflight, spec_from_case  # noqa: E402
from pipeline.bundle import fonts  # noqa: E402

pytestmark = pytest.mark.skipif(fonts.font_path() is None, reason="fonts-arphic-uming / fonts-liberation not installed")


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def page_target(reader: pypdf.PdfReader, ref) -> int:
    for k, p in enumerate(reader.pages):
        if p.indirect_reference.idnum == ref.idnum:
            return k
    raise AssertionError("link target is not a page of this PDF")


def render(pdf: Path, page: int, out: Path) -> Image.Image:
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) not installed")
    prefix = out / f"p{page}"
    subprocess.run(
        ["pdftoppm", "-r", "60", "-png", "-cropbox", "-f", str(page), "-l", str(page), "-singlefile", str(pdf), str(prefix)],
        check=True,
    )
    return Image.open(f"{prefix}.png").convert("RGB")


def dark_bbox(im: Image.Image, box) -> tuple[int, int, int, int] | None:
    """Bounding box of dark pixels inside ``box`` (in im coordinates)."""
    # threshold 200: the thin dashes of the "— 5 —" stamp are anti-aliased to light grey at 60 dpi
    region = im.crop(box).convert("L").point(lambda v: 255 if v < 200 else 0)
    return region.getbbox()


# ---------------------------------------------------------------- the main bundle


@pytest.fixture(scope="module")
def full(tmp_path_factory):
    d = tmp_path_factory.mktemp("full")
    files = {
        "mixed": bf.text_pdf(d / "mixed.pdf", [bf.A4, (792, 612), (420, 595)], "MIXED"),  # 3 pages
        "rot": bf.rotated_pdf(d / "rot.pdf"),  # 2 pages, 2nd /Rotate 90
        "crop": bf.cropped_pdf(d / "crop.pdf"),  # 1 page
        "jpg": bf.exif_jpeg(d / "photo.jpg", 6, (800, 600)),  # 1 page
        "png": bf.transparent_png(d / "alpha.png"),  # 1 page
        "owner": bf.encrypted_pdf(d / "owner_only.pdf", user=""),  # 1 page
    }
    spec = bf.spec(
        [
            ("借款合同", [files["mixed"]]),
            ("银行转账记录（横向表格）", [files["rot"]]),
            ("借条", [files["crop"]]),
            ("借款人签字照片", [files["jpg"]]),
            ("微信聊天截图", [files["png"], files["owner"]]),
        ]
    )
    result = build_bundle(spec, d / "out")
    return d, files, spec, result


# Hand count: index 1 page; 证据1 p.2–4 (3 pages); 证据2 p.5–6; 证据3 p.7; 证据4 p.8; 证据5 p.9–10. Total 10.
EXPECTED = {1: (2, 4), 2: (5, 6), 3: (7, 7), 4: (8, 8), 5: (9, 10)}


def test_page_count_and_ranges(full):
    d, files, spec, result = full
    assert result.pages == 10
    assert [(i.first_page, i.last_page) for i in result.items] == list(EXPECTED.values())
    assert result.volumes == (d / "out" / "05_证据目录及证据材料.pdf",)
    assert len(pypdf.PdfReader(result.volumes[0]).pages) == 10


def test_every_page_stamped_with_its_own_number(full):
    _, _, _, result = full
    reader = pypdf.PdfReader(result.volumes[0])
    firsts = {first: n for n, (first, _) in EXPECTED.items()}
    for k, page in enumerate(reader.pages, start=1):
        text = flat(page.extract_text())
        assert f"—{k}—" in text, (k, text)
        others = {f"—{j}—" for j in range(1, 11) if j != k}
        assert not any(o in text for o in others)
        if k in firsts:
            assert f"证据{firsts[k]}" in text


def test_index_content_in_chinese_and_extractable(full):
    _, _, _, result = full
    text = flat(pypdf.PdfReader(result.volumes[0]).pages[0].extract_text())
    for needle in ("证据目录", "北京市朝阳区人民法院", "原告：张三", "被告：李四、王五", "案由：民间借贷纠纷",
                   "序号", "证据名称", "证据来源", "证明目的", "页码", "借款合同", "2—4", "5—6", "9—10",
                   "提交人（签字或盖章）：张三", "提交日期：2026年1月5日"):
        assert needle in text, needle
    # 原件/复印件 column: odd items are copies in the fixture spec
    assert "复印件" in text and "原件" in text


def test_bookmarks_point_at_first_pages(full):
    _, _, _, result = full
    reader = pypdf.PdfReader(result.volumes[0])
    outline = reader.outline
    titles = [o.title for o in outline]
    assert titles == [
        "证据目录（第1页）",
        "证据1 借款合同（第2—4页）",
        "证据2 银行转账记录（横向表格）（第5—6页）",
        "证据3 借条（第7页）",
        "证据4 借款人签字照片（第8页）",
        "证据5 微信聊天截图（第9—10页）",
    ]
    targets = [reader.get_destination_page_number(o) + 1 for o in outline]
    assert targets == [1, 2, 5, 7, 8, 9]


def test_index_rows_link_to_items(full):
    _, _, _, result = full
    reader = pypdf.PdfReader(result.volumes[0])
    annots = [a.get_object() for a in reader.pages[0]["/Annots"]]
    links = [a for a in annots if a["/Subtype"] == "/Link"]
    assert len(links) == 5
    # rows top to bottom ⇒ targets in item order
    links.sort(key=lambda a: -float(a["/Rect"][3]))
    assert [page_target(reader, a["/Dest"][0]) + 1 for a in links] == [2, 5, 7, 8, 9]


def test_fonts_embedded_subset(full):
    _, _, _, result = full
    pdf = pikepdf.open(result.volumes[0])
    ours = []
    for page in pdf.pages:
        res = [page.obj.Resources]
        xo = page.obj.Resources.get("/XObject", {})
        res += [x.Resources for _, x in xo.items() if x.get("/Subtype") == "/Form" and "/Resources" in x]
        for r in res:
            for _, font in r.get("/Font", {}).items():
                if "UMingCN" in str(font.BaseFont) or "LiberationSerif" in str(font.BaseFont):
                    ours.append(font)
    # the documents' serif typography: Chinese in AR PL UMing, digits in Liberation Serif
    assert {re.sub(r"^/[A-Z]{6}\+|-\d+$", "", str(f.BaseFont)) for f in ours} >= {"UMingCN", "LiberationSerif"}, ours
    for font in ours:
        assert re.match(r"/[A-Z]{6}\+", str(font.BaseFont))  # subset tag
        fd = font.FontDescriptor
        assert "/FontFile2" in fd or "/FontFile3" in fd
        assert "/ToUnicode" in font
    # the index page uses only embedded fonts
    for _, font in pdf.pages[0].Resources.Font.items():
        assert any(k in font.FontDescriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))


def test_jpeg_bytes_embedded_unchanged(full):
    _, files, _, result = full
    pdf = pikepdf.open(result.volumes[0])
    page = pdf.pages[7]  # 证据4 on page 8
    images = [x for _, x in page.obj.Resources.XObject.items() if x.get("/Subtype") == "/Image"]
    assert len(images) == 1
    img = images[0]
    assert img.Filter == "/DCTDecode"
    src = files["jpg"].read_bytes()
    assert hashlib.sha256(img.read_raw_bytes()).hexdigest() == hashlib.sha256(src).hexdigest()
    # stored portrait (600×800), displayed landscape: landscape page
    assert (int(img.Width), int(img.Height)) == (600, 800)
    w, h = (float(v) for v in page.mediabox[2:])
    assert w > h


def test_exif_rotated_photo_is_upright(full, tmp_path):
    _, _, _, result = full
    im = render(result.volumes[0], 8, tmp_path)
    assert im.width > im.height
    px = im.load()

    def bbox(colour):
        pts = [(x, y) for x in range(0, im.width, 2) for y in range(0, im.height, 2)
               if all(abs(a - b) < 60 for a, b in zip(px[x, y], colour))]
        xs, ys = [p[0] for p in pts], [p[1] for p in pts]
        return min(xs), min(ys), max(xs), max(ys)

    red, blue = bbox((255, 0, 0)), bbox((0, 0, 255))
    # the displayed image has red top-left and blue bottom-right
    assert red[2] <= blue[0] + 2 and red[3] <= blue[1] + 2


def test_transparent_png_on_white(full, tmp_path):
    _, _, _, result = full
    pdf = pikepdf.open(result.volumes[0])
    img = next(x for _, x in pdf.pages[8].obj.Resources.XObject.items() if x.get("/Subtype") == "/Image")
    assert "/SMask" in img
    im = render(result.volumes[0], 9, tmp_path)
    cx, cy = im.width // 2, im.height // 2
    assert im.getpixel((cx, cy))[1] > 100 and im.getpixel((cx, cy))[0] < 60  # green centre
    # the transparent border of the image (fixture: 50 of 300 px) renders white, not black.
    # Landscape A4 842×595 pt, image area 770×499 pt ⇒ scale 499/200 = 2.495, image 748.5 pt wide
    # from x = 36 + (770 − 748.5)/2 = 46.75 pt; green starts 50 × 2.495 = 124.75 pt later = 171.5 pt.
    # At 60 dpi: 39 px … 143 px is transparent.
    grey = im.convert("L")
    assert min(grey.getpixel((x, cy)) for x in range(42, 140)) > 200
    assert grey.getpixel((150, cy)) < 200


def test_rotated_page_stamp_upright_at_bottom(full, tmp_path):
    _, _, _, result = full
    reader = pypdf.PdfReader(result.volumes[0])
    assert reader.pages[5].rotation == 90
    im = render(result.volumes[0], 6, tmp_path)
    assert im.width > im.height  # A4 shown landscape
    box = dark_bbox(im, (0, im.height - 30, im.width, im.height))
    assert box is not None, "no stamp at the bottom of the displayed page"
    x0, y0, x1, y1 = box
    assert x1 - x0 > 2 * (y1 - y0)  # horizontal text line, not sideways
    assert abs((x0 + x1) / 2 - im.width / 2) < 10  # centred
    # nothing along the left/right edges where a sideways stamp would land
    assert dark_bbox(im, (0, 0, 14, im.height - 30)) is None


def test_cropped_page_stamp_inside_crop_box(full, tmp_path):
    _, _, _, result = full
    im = render(result.volumes[0], 7, tmp_path)  # rendered with -cropbox: 600×800 pt
    assert abs(im.width - 600 * 60 / 72) <= 2 and abs(im.height - 800 * 60 / 72) <= 2
    bottom = dark_bbox(im, (0, im.height - 30, im.width, im.height))
    assert bottom is not None and abs((bottom[0] + bottom[2]) / 2 - im.width / 2) < 10
    label = dark_bbox(im, (im.width - 80, 0, im.width, 40))  # "证据3" top-right, red frame
    assert label is not None


def test_metadata_and_no_clock(full):
    _, _, spec, result = full
    data = result.volumes[0].read_bytes()
    reader = pypdf.PdfReader(result.volumes[0])
    meta = reader.metadata
    assert meta.title == "证据目录及证据材料"
    assert meta.author == "张三"
    assert "民间借贷纠纷" in meta.subject
    assert b"/CreationDate" not in data and b"/ModDate" not in data
    assert "/ID" in reader.trailer
    assert not reader.is_encrypted  # the owner-password input is not re-encrypted


def test_deterministic_bytes(full, tmp_path):
    _, _, spec, result = full
    again = build_bundle(spec, tmp_path)
    assert again.volumes[0].read_bytes() == result.volumes[0].read_bytes()


def test_owner_only_encryption_is_info(full):
    _, files, _, result = full
    infos = [p for p in result.problems if p.file == str(files["owner"])]
    assert any(p.severity == "info" and "权限密码" in p.message for p in infos)


# ---------------------------------------------------------------- preflight blocks


def test_user_password_blocks_and_writes_nothing(tmp_path):
    locked = bf.encrypted_pdf(tmp_path / "locked.pdf", user="1234")
    ok = bf.text_pdf(tmp_path / "ok.pdf", [bf.A4])
    spec = bf.spec([("借款合同", [ok]), ("收据", [locked])])
    out = tmp_path / "out"
    with pytest.raises(BundleError) as exc:
        build_bundle(spec, out)
    blocks = [p for p in exc.value.problems if p.severity == "block"]
    assert len(blocks) == 1
    assert blocks[0].item_id == "E2" and blocks[0].file == str(locked)
    assert "打开密码" in blocks[0].message
    assert "locked.pdf" in str(exc.value)
    assert not out.exists() or not any(out.iterdir())


def test_truncated_pdf_repaired_or_blocked(tmp_path):
    mild = bf.truncated_pdf(tmp_path / "mild.pdf", keep=0.97)  # only the xref/trailer lost
    bad = bf.truncated_pdf(tmp_path / "bad.pdf", keep=0.3)
    problems = preflight(bf.spec([("借条", [mild]), ("收据", [bad])]))
    by_file = {p.file: p for p in problems if p.severity in ("block", "warn")}
    assert by_file[str(mild)].severity == "warn" and "修复" in by_file[str(mild)].message
    assert by_file[str(bad)].severity == "block" and by_file[str(bad)].item_id == "E2"
    # the repaired file really goes into a bundle: 1 index page + 3 pages
    result = build_bundle(bf.spec([("借条", [mild])]), tmp_path / "out")
    assert result.pages == 4
    reader = pypdf.PdfReader(result.volumes[0])
    assert "TRUNC page 3" in reader.pages[3].extract_text()


def test_unsupported_empty_missing_unreadable(tmp_path):
    docx = tmp_path / "合同.docx"
    docx.write_bytes(b"PK\x03\x04 not a pdf")
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    broken_png = tmp_path / "broken.png"
    broken_png.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 20)
    missing = tmp_path / "nope.jpg"
    problems = preflight(bf.spec([("a", [docx]), ("b", [empty]), ("c", [missing]), ("d", [broken_png])]))
    blocks = {p.file: p.message for p in problems if p.severity == "block"}
    assert "不支持的文件类型" in blocks[str(docx)]
    assert "为空" in blocks[str(empty)]
    assert "不存在" in blocks[str(missing)]
    assert "图片无法读取" in blocks[str(broken_png)]


def test_scan_without_text_layer_is_info(tmp_path):
    scan = bf.scan_pdf(tmp_path / "scan.pdf")
    problems = preflight(bf.spec([("收据", [scan])]))
    assert [p.severity for p in problems] == ["info"]
    assert "OCR" in problems[0].message and "第1页" in problems[0].message


def test_oversize_photo_warns(tmp_path):
    big = tmp_path / "big.jpg"
    Image.new("L", (6400, 6400), 255).save(big, "JPEG", quality=50)  # 40.96 MP
    problems = preflight(bf.spec([("现场照片", [big])]))
    assert any(p.severity == "warn" and "照片过大" in p.message for p in problems)


def test_missing_font_is_a_clear_block(tmp_path, monkeypatch):
    ok = bf.text_pdf(tmp_path / "ok.pdf", [bf.A4])
    monkeypatch.setenv("CUISHOU_FONT", str(tmp_path / "no-such-font.ttc"))  # an override that finds nothing
    with pytest.raises(BundleError) as exc:
        build_bundle(bf.spec([("借款合同", [ok])]), tmp_path / "out")
    assert "fonts-arphic-uming" in str(exc.value)


# ---------------------------------------------------------------- long index, volumes, covers


def test_forty_items_index_spans_two_pages(tmp_path):
    one = bf.text_pdf(tmp_path / "one.pdf", [bf.A4])
    items = [(f"转账凭证{n}", [one]) for n in range(1, 41)]
    result = build_bundle(bf.spec(items), tmp_path / "out")
    reader = pypdf.PdfReader(result.volumes[0])
    # index = 2 pages ⇒ item n is on page n + 2; total 42
    assert result.pages == 42 == len(reader.pages)
    assert [i.first_page for i in result.items] == [n + 2 for n in range(1, 41)]
    for k, page in enumerate(reader.pages, start=1):
        assert f"—{k}—" in flat(page.extract_text())
    assert "证据目录（续）" in flat(reader.pages[1].extract_text())
    targets = []
    for k in (0, 1):
        links = sorted((a.get_object() for a in reader.pages[k].get("/Annots", [])), key=lambda a: -float(a["/Rect"][3]))
        assert links, f"no links on index page {k + 1}"
        targets += [page_target(reader, a["/Dest"][0]) + 1 for a in links]
    assert sorted(set(targets)) == list(range(3, 43))
    assert len(reader.outline) == 41
    assert reader.outline[0].title == "证据目录（第1—2页）"


def test_volume_split_at_item_boundaries(tmp_path):
    photos = []
    for n in range(4):
        p = tmp_path / f"noise{n}.jpg"
        Image.frombytes("RGB", (500, 500), bf.noise(500 * 500 * 3, seed=n)).save(p, "JPEG", quality=90)
        photos.append(p)
    size = max(p.stat().st_size for p in photos)
    max_mb = (2.5 * size + 210_000) / 1024 / 1024  # two photos fit a volume, three do not
    spec = bf.spec([(f"现场照片{n + 1}", [p]) for n, p in enumerate(photos)], max_mb=max_mb)
    result = build_bundle(spec, tmp_path / "out")
    assert [v.name for v in result.volumes] == ["05_证据目录及证据材料（一）.pdf", "05_证据目录及证据材料（二）.pdf"]
    assert [(i.volume, i.first_page, i.last_page) for i in result.items] == [(1, 2, 2), (1, 3, 3), (2, 2, 2), (2, 3, 3)]
    for v, path in enumerate(result.volumes, start=1):
        assert path.stat().st_size <= max_mb * 1024 * 1024
        reader = pypdf.PdfReader(path)
        assert len(reader.pages) == 3
        for k, page in enumerate(reader.pages, start=1):
            assert f"—{k}—" in flat(page.extract_text())
        index = flat(reader.pages[0].extract_text())
        # each index lists every item with its volume and pages
        for needle in ("第一册2", "第一册3", "第二册2", "第二册3", "现场照片1", "现场照片4"):
            assert needle in index
        assert reader.metadata.title == f"证据目录及证据材料（{'一二'[v - 1]}）"
        titles = [o.title for o in reader.outline][1:]
        assert titles == [f"证据{n} 现场照片{n}（第{n - 2 * (v - 1) + 1}页）" for n in (2 * v - 1, 2 * v)]
        links = reader.pages[0]["/Annots"]
        assert len(links) == 2  # only items in this volume are linked


def test_cover_sheets(tmp_path):
    one = bf.text_pdf(tmp_path / "one.pdf", [bf.A4, bf.A4])
    spec = bf.spec([("借款合同", [one]), ("借条", [one])], cover_sheets=True)
    result = build_bundle(spec, tmp_path / "out")
    # index 1; 证据1 = cover + 2 pages (2–4); 证据2 = cover + 2 pages (5–7)
    assert [(i.first_page, i.last_page) for i in result.items] == [(2, 4), (5, 7)]
    reader = pypdf.PdfReader(result.volumes[0])
    cover = flat(reader.pages[4].extract_text())
    assert "证据2" in cover and "借条" in cover and "证明目的" in cover and "—5—" in cover


def test_spec_from_case(tmp_path):
    from pipeline.case.models import Case

    case = Case.model_validate(
        {
            "schema_version": "1",
            "case_id": "c1",
            "creditor": {"kind": "person", "name": "张三", "domicile": "北京市朝阳区某路1号"},
            "debtors": [{"kind": "person", "name": "李四", "domicile": "北京市海淀区某路2号"}],
            "guarantors": [{"party": {"kind": "person", "name": "王五", "domicile": "北京市西城区某路3号"}}],
            "lender_category": "natural_person",
            "loan": {
                "face_principal": "100000.00",
                "disbursements": [{"date": "2025-01-02", "amount": "100000.00", "method": "bank_transfer"}],
                "interest": {"kind": "none"},
            },
            "computation_date": "2026-01-05",
            "evidence": [
                {"id": "E1", "title": "借款合同", "files": ["ev/contract.pdf"], "source": "原告持有", "purpose": "借贷合意", "original": "original"},
                {"id": "E2", "title": "转账凭证", "files": ["ev/t.pdf"], "source": "银行", "purpose": "交付借款"},
            ],
        }
    )
    spec = spec_from_case(case, tmp_path, court="北京市朝阳区人民法院", cause="民间借贷纠纷")
    assert spec.parties == (("原告", "张三"), ("被告", "李四"), ("被告", "王五"))
    assert spec.submitter == "张三" and spec.date == date(2026, 1, 5)
    assert [(i.number, i.id, i.files) for i in spec.items] == [
        (1, "E1", (tmp_path / "ev/contract.pdf",)),
        (2, "E2", (tmp_path / "ev/t.pdf",)),
    ]
    assert spec.items[0].original == "原件" and spec.items[1].original is None  # the index's label
    # missing files are reported, not raised
    assert all(p.severity == "block" for p in preflight(spec))


@pytest.mark.parametrize("rotate", [0, 90, 180, 270])
def test_stamp_upright_for_every_rotation_with_crop_offset(tmp_path, rotate):
    src = bf.cropped_pdf(tmp_path / "c.pdf")  # media 800×1000, crop [100 150 700 950]
    with pikepdf.open(src, allow_overwriting_input=True) as pdf:
        pdf.pages[0].obj.Rotate = rotate
        pdf.save(src)
    result = build_bundle(bf.spec([("借条", [src])]), tmp_path / "out")
    assert "—2—" in flat(pypdf.PdfReader(result.volumes[0]).pages[1].extract_text())
    im = render(result.volumes[0], 2, tmp_path)
    w, h = (600, 800) if rotate in (0, 180) else (800, 600)  # displayed crop box, pt
    assert abs(im.width - w * 60 / 72) <= 2 and abs(im.height - h * 60 / 72) <= 2
    # middle half of the bottom band (the source's own text may reach the corners once rotated)
    left = im.width // 4
    bottom = dark_bbox(im, (left, im.height - 30, im.width - left, im.height))
    assert bottom is not None
    x0, y0, x1, y1 = bottom
    assert x1 - x0 > 2 * (y1 - y0) and abs(left + (x0 + x1) / 2 - im.width / 2) < 10
    label = im.crop((im.width - 80, 0, im.width, 40))
    assert any(r > 120 and g < 60 and b < 60 for r, g, b in label.get_flattened_data())  # red 证据1 frame top-right
