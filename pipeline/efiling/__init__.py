"""The e-filing package: one folder ``efiling/`` of PDFs sorted into the upload categories of
人民法院在线服务 (law-procedure.md §5), with the forms a court asks for and a checklist.

Public API::

    build_efiling(case, claim, case_dir, out_dir, *, documents, bundle_volumes,
                  templates_dir=None, max_file_mb=None, timeout_s=120) -> EfilingResult
    libreoffice_available() -> str | None

Contents of ``out_dir/efiling/``:

- ``01_民事起诉状.pdf`` / ``01_支付令申请书.pdf`` — the Word draft already in ``out_dir``, converted;
- ``02_证据目录及证据材料.pdf`` (or its volumes) — the evidence bundle, copied byte for byte;
- ``03_当事人身份证明.pdf`` — the filing party's papers first (营业执照, the generated
  法定代表人身份证明书, the representative's ID copy; or a natural person's ID copy), then the other
  side's ID copies, each item linked to its party (``evidence[].party``; :mod:`.papers`);
- ``04_授权委托书`` and ``04_律师事务所函`` (case.lawyer set), ``04_律师执业证.pdf`` (lawyer.licence_copy),
  ``05_送达地址确认书``,
  ``06_财产保全申请书`` (preservation wanted, assets named, in a lawsuit) — .pdf for upload and
  .docx for signing;
- ``manifest.json`` — with ``complete`` (false when a required paper is missing) and ``missing``
  (what, in Chinese); the checklist marks those items ``status: "missing"``.

Without LibreOffice the Word forms and the copied/assembled PDFs are still written; the result
lists the problem (Chinese, naming the package to install).
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Mapping

from .assemble import Part, assemble_pdf
from .convert import (
    PACKAGE,
    ConversionError,
    convert_docx,
    libreoffice_available,
    missing_message,
    normalise_pdf,
    page_count,
    pdf_problems,
    save_normalised,
)
from .forms import FORM_TEMPLATES, FormSpec, forms_for, render_form
from .manifest import UPLOAD_CATEGORIES, ChecklistItem, EfilingFile, checklist_for, file_entry, manifest_bytes
from .merge import PDF_FILTER, Merged, merge_forms, split_pdf
from .papers import Requirement, identity_parts, requirements
from .warm import Pending
from .warm import start as warm_start
from .warm import will_convert_warm

if TYPE_CHECKING:
    from ..case.models import Case
    from ..law.claim import Claim
    from ..render import DocumentInfo

__all__ = [
    "EFILING_DIR",
    "PACKAGE",
    "UPLOAD_CATEGORIES",
    "FORM_TEMPLATES",
    "ChecklistItem",
    "EfilingFile",
    "EfilingResult",
    "EfilingStart",
    "Requirement",
    "build_efiling",
    "start_efiling",
    "libreoffice_available",
    "missing_message",
    "pdf_problems",
]

EFILING_DIR = "efiling"
_FILING_TITLES = {"payment_order": "支付令申请书", "complaint": "民事起诉状"}


@dataclass(frozen=True)
class EfilingResult:
    folder: Path  # out_dir / "efiling"
    files: tuple[EfilingFile, ...]  # PDFs to upload, in upload order
    drafts: tuple[EfilingFile, ...]  # .docx of the generated forms, for signing
    checklist: tuple[ChecklistItem, ...]
    problems: tuple[str, ...]  # Chinese
    missing: tuple[str, ...] = ()  # required papers not in the set (Chinese); empty = complete

    @property
    def manifest(self) -> Path:
        return self.folder / "manifest.json"

    @property
    def complete(self) -> bool:
        """The set holds every paper the court asks for at filing and every PDF was produced."""
        return not self.missing


def _bundle_name(volume: Path) -> str:
    """05_证据目录及证据材料（一）.pdf → 02_证据目录及证据材料（一）.pdf."""
    stem = volume.name.split("_", 1)[1] if "_" in volume.name else volume.name
    return f"02_{stem}"


@dataclass(frozen=True)
class _MergedForms:
    """Forms converted as one document (:mod:`.merge`): the merged .docx and the form keys in it."""

    docx: Path
    forms: tuple[str, ...]  # the form keys given to merge_forms, in that order
    merged: Merged

    @property
    def keys(self) -> tuple[str, ...]:
        """The keys of the forms the merged document holds."""
        return tuple(self.forms[i] for i in self.merged.order)


@dataclass
class EfilingStart:
    """The first half of :func:`build_efiling` (:func:`start_efiling`): the forms written as Word
    drafts and the conversion of the filing draft and the forms handed to LibreOffice."""

    folder: Path
    forms: list[FormSpec]
    notes: list[str]
    form_docx: dict[str, Path]
    drafts: list[EfilingFile]
    problems: list[str]
    filing: "DocumentInfo | None"
    to_convert: dict[str, Path]
    tmp: tempfile.TemporaryDirectory  # type: ignore[type-arg]
    pending: Pending | None
    used: bool = False  # build_efiling took it over (and cleans it up)
    merged: _MergedForms | None = None  # forms sent to LibreOffice as one document

    def discard(self) -> None:
        """Drop a started e-filing set (the build held it back after all): wait for LibreOffice,
        remove the PDFs and the ``efiling/`` folder."""
        try:
            if self.pending is not None:
                self.pending.result()
        except ConversionError:
            pass
        finally:
            self.tmp.cleanup()
            shutil.rmtree(self.folder, ignore_errors=True)


def start_efiling(
    case: "Case",
    claim: "Claim",
    out_dir: Path,
    *,
    documents: "list[DocumentInfo]",
    templates_dir: Path | None = None,
    timeout_s: float = 120,
    letter_numbers: "Mapping[str, str] | None" = None,
) -> EfilingStart:
    """Write the forms of ``out_dir/efiling/`` and start converting them and the filing draft.

    A warm LibreOffice (batch workers) converts while the caller renders the rest of the case;
    :func:`build_efiling` with ``started=`` finishes the set. Needs only the rendered documents,
    not the evidence bundle."""
    out_dir = Path(out_dir)
    folder = out_dir / EFILING_DIR
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    problems: list[str] = []
    drafts: list[EfilingFile] = []
    soffice = libreoffice_available()
    if soffice is None:
        problems.append(missing_message())

    # ---- the forms as Word drafts
    forms, notes = forms_for(case, claim)
    form_docx: dict[str, Path] = {}
    form_bytes: dict[str, bytes] = {}
    for spec in forms:
        path = folder / f"{spec.file_stem}.docx"
        try:
            data = render_form(case, claim, spec, templates_dir=templates_dir, letter_numbers=letter_numbers)
            path.write_bytes(data)
        except Exception as exc:  # RenderError (Chinese) or a firm template's fault
            problems.append(f"{spec.title}生成失败：{exc}")
            continue
        form_docx[spec.key] = path
        form_bytes[spec.key] = data
        drafts.append(file_entry(path, spec.category, spec.title, None))

    # ---- convert the filing draft and the forms in one LibreOffice request
    filing = next((d for d in documents if d.kind == "filing"), None)
    to_convert: dict[str, Path] = {}  # key → docx
    if filing is None:
        problems.append("没有起诉状/申请书的 Word 稿（生成时可能用 --only 排除了 filing），网上立案材料缺少起诉状/申请书。")
    else:
        to_convert["filing"] = out_dir / filing.file_name
    to_convert.update(form_docx)
    tmp = tempfile.TemporaryDirectory(prefix="cuishou-efiling-")
    pending = None
    merged = None
    if soffice is not None and to_convert:
        send = list(to_convert.values())
        export: dict[Path, dict[str, bool]] = {}
        if will_convert_warm():  # forms as one document: one LibreOffice load instead of one a form
            merged = _merge(form_bytes, Path(tmp.name))
            if merged is not None:
                send = [d for k, d in to_convert.items() if k not in merged.keys] + [merged.docx]
                export[merged.docx] = PDF_FILTER
        # warm LibreOffice when this process enabled it (batch workers), else one-shot
        pending = warm_start(send, Path(tmp.name), timeout_s=timeout_s, soffice=soffice, export=export)
    return EfilingStart(folder, list(forms), list(notes), form_docx, drafts, problems, filing, to_convert, tmp, pending,
                        merged=merged)


def _merge(form_bytes: dict[str, bytes], tmp: Path) -> _MergedForms | None:
    keys = list(form_bytes)
    merged = merge_forms([form_bytes[k] for k in keys])
    if merged is None:
        return None
    docx = tmp / "src" / "cuishou-forms.docx"  # its PDF goes to tmp/, beside the others, under its own stem
    docx.parent.mkdir()
    docx.write_bytes(merged.data)
    return _MergedForms(docx, tuple(keys), merged)


def build_efiling(
    case: "Case",
    claim: "Claim",
    case_dir: Path,
    out_dir: Path,
    *,
    documents: "list[DocumentInfo]",
    bundle_volumes: list[Path],
    templates_dir: Path | None = None,
    max_file_mb: float | None = None,
    timeout_s: float = 120,
    letter_numbers: "Mapping[str, str] | None" = None,
    started: EfilingStart | None = None,
    bundle_facts: "Mapping[str, tuple[int, str]] | None" = None,
) -> EfilingResult:
    """Write ``out_dir/efiling/`` from the documents and bundle already in ``out_dir``.

    ``documents`` — what :func:`pipeline.render.render_documents` returned (the filing draft is the
    one with ``kind == "filing"``); ``bundle_volumes`` — the bundle's volume paths (BundleResult.volumes,
    already split with the same size limit); ``max_file_mb`` — the platform's per-file limit (None = no
    limit): larger files are reported; ``started`` — what :func:`start_efiling` returned for the same
    case and folder (None: start here); ``bundle_facts`` — {volume file name: (pages, sha256)} as the
    build measured them, so the copies are not read again. Raises only for programming errors; every
    user-facing problem is in ``EfilingResult.problems``.
    """
    case_dir = Path(case_dir)
    if started is None:
        started = start_efiling(case, claim, out_dir, documents=documents, templates_dir=templates_dir,
                                timeout_s=timeout_s, letter_numbers=letter_numbers)
    started.used = True
    folder, forms, notes, form_docx = started.folder, started.forms, started.notes, started.form_docx
    drafts, problems, filing, to_convert = started.drafts, started.problems, started.filing, started.to_convert
    files: list[EfilingFile] = []
    when = case.signing_date
    with started.tmp as tmp:
        pdfs: dict[str, Path] = {}
        if started.pending is not None:
            titles = {s.key: s.title for s in forms}
            if filing is not None:
                titles["filing"] = filing.title
            keys = {docx: key for key, docx in to_convert.items()}

            merged = started.merged
            split: dict[str, Path] = {}

            def finish(docx: Path, pdf: Path) -> None:  # while LibreOffice converts the next one
                if merged is not None and docx == merged.docx:
                    split.clear()

                    def save(i: int, part) -> None:  # type: ignore[no-untyped-def]
                        key = merged.forms[i]
                        target = Path(tmp) / f"{to_convert[key].stem}.pdf"  # where its own conversion would go
                        save_normalised(part, target, seed=hashlib.sha256(to_convert[key].read_bytes()).digest(),
                                        when=when, title=titles[key])
                        split[key] = target

                    try:
                        if not split_pdf(pdf, merged.merged, save):
                            split.clear()
                    except Exception:  # noqa: BLE001 — an odd PDF: the forms one by one instead
                        split.clear()
                    return
                normalise_pdf(pdf, seed=hashlib.sha256(docx.read_bytes()).digest(), when=when, title=titles[keys[docx]])

            error: ConversionError | None = None
            try:
                converted = started.pending.result(each=finish)
            except ConversionError as exc:
                # a split from an attempt before a crash is not trusted (the retry may not have
                # reached the merged document): everything is converted one by one below
                error, converted = exc, {}
                split.clear()
            if merged is not None and set(split) != set(merged.keys):
                # the merged PDF was not made or did not split: what is missing one by one, as before
                # (the error, if any, is then that conversion's: it never names the merged file)
                split.clear()
                error = None
                try:
                    again = [d for d in to_convert.values() if d not in converted]
                    converted.update(warm_start(again, Path(tmp), timeout_s=timeout_s).result(each=finish))
                except ConversionError as exc:
                    error = exc
            if error is not None:
                problems.append(str(error))
            for key, docx in to_convert.items():
                pdf = split.get(key) or converted.get(docx)
                if pdf is not None:
                    pdfs[key] = pdf

        # 01 起诉状/申请书
        if filing is not None and "filing" in pdfs:
            target = folder / f"01_{_FILING_TITLES.get(filing.doc_kind, filing.title)}.pdf"
            shutil.copyfile(pdfs["filing"], target)
            files.append(file_entry(target, "起诉状/申请书", filing.title, page_count(target)))

        # 02 证据材料: the bundle's volumes, copied (not hard-linked: a PDF editor that saves in place
        # would otherwise change the upload copy with the working one)
        if not bundle_volumes:
            if case.evidence:
                problems.append("没有证据材料 PDF（生成时未装订证据），网上立案材料缺少证据材料。")
        for vol in bundle_volumes:
            target = folder / _bundle_name(vol)
            shutil.copyfile(vol, target)
            title = target.stem.split("_", 1)[1]
            known = (bundle_facts or {}).get(vol.name)
            if known is None:
                files.append(file_entry(target, "证据材料", title, page_count(target)))
            else:  # a byte-for-byte copy of a volume the build hashed and counted a moment ago
                files.append(EfilingFile("证据材料", target.name, title, known[0], target.stat().st_size, known[1]))

        # 03 当事人身份证明: the filing party's papers, then the other side's (登记立案规定第6条)
        if "legal_rep" not in pdfs and "legal_rep" in form_docx:
            problems.append("法定代表人身份证明书未能转换为 PDF，当事人身份证明中缺少该页；请签章后扫描补充。")
        parts, identity_notes = identity_parts(case, case_dir, pdfs.get("legal_rep"))
        notes = [*notes, *identity_notes]
        if parts:
            target = folder / "03_当事人身份证明.pdf"
            pages, assembly_problems = assemble_pdf(parts, target, title="当事人身份证明")
            problems += assembly_problems
            if pages:
                files.append(file_entry(target, "当事人身份证明", "当事人身份证明", pages))

        # 04 the lawyer's practising certificate (代理人身份证明)
        licence = False
        if case.lawyer is not None and case.lawyer.licence_copy:
            target = folder / "04_律师执业证.pdf"
            pages, licence_problems = assemble_pdf(
                [Part(case_dir / case.lawyer.licence_copy, f"律师执业证（{case.lawyer.lawyer_name}）")], target, title="律师执业证"
            )
            problems += licence_problems
            if pages:
                licence = True
                files.append(file_entry(target, "委托代理材料", "律师执业证", pages))

        # 04–06 the forms
        for spec in forms:
            if spec.merged_into or spec.key not in pdfs:
                continue
            target = folder / f"{spec.file_stem}.pdf"
            shutil.copyfile(pdfs[spec.key], target)
            files.append(file_entry(target, spec.category, spec.title, page_count(target)))

    # ---- checks every upload must pass
    for f in files:
        problems += pdf_problems(folder / f.file)
        if max_file_mb is not None and f.bytes > max_file_mb * 1024 * 1024:
            hint = "请用更小的分册上限重新装订证据" if f.category == "证据材料" else "请压缩其中的图片或拆分后上传"
            problems.append(f"{f.file}：{f.bytes / 1024 / 1024:.1f} MB，超过单个文件上限 {max_file_mb:g} MB；{hint}。")

    reqs = requirements(case, claim, lawyer_licence=licence)
    missing = [r.missing for r in reqs if r.required and not r.met]
    produced = {f.category for f in files}
    if "起诉状/申请书" not in produced:
        missing.append("缺少起诉状/申请书的 PDF（见 problems）")
    if case.evidence and "证据材料" not in produced:
        missing.append("缺少证据材料的 PDF（见 problems）")
    if case.lawyer is not None and not any(f.title == "授权委托书" for f in files):
        missing.append("缺少授权委托书的 PDF（见 problems）")
    if not any(f.category == "送达地址确认书" for f in files):
        missing.append("缺少送达地址确认书的 PDF（见 problems）")
    checklist = checklist_for(case, claim, files, notes, reqs)
    (folder / "manifest.json").write_bytes(
        manifest_bytes(case, claim, files=files, drafts=drafts, checklist=checklist, problems=problems,
                       max_file_mb=max_file_mb, missing=missing)
    )
    return EfilingResult(folder, tuple(files), tuple(drafts), tuple(checklist), tuple(problems), tuple(missing))
