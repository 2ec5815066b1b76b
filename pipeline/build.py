"""Building one case: load → validate → compute → check → render → bundle → write atomically.

Each stage is a function of the stage before; nothing reaches back. The output
folder ``out_dir/<case_id>/`` appears only when complete (see :mod:`pipeline.atomic`).
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from pathlib import Path

from ._version import __version__
from .atomic import atomic_folder, clean_stale
from .case.load import CaseError, load_case
from .case.models import Case
from .case.problems import Problem
from .money import zh_date
from .case.files import case_files
from .manifest import (
    ClaimTotals,
    NextActionEntry,
    StageEntry,
    FeeLineEntry,
    DocumentEntry,
    EvidenceEntry,
    FindingEntry,
    Manifest,
    PartyEntry,
    ProcedureEntry,
    TextLintEntry,
)

__all__ = ["BuildError", "BuildOptions", "BuildResult", "build_case", "build_case_result", "input_digest", "DOC_KINDS"]

# Document kinds a user can select with --only.
DOC_KINDS = ("soft", "demand_letter", "lawyer_letter", "instalment_agreement", "filing", "guarantee_notice", "post_filing", "bundle")
#: Kinds only the stage can call for (they need a guarantor, a filing…): --all-documents does not force them.
STAGE_ONLY_KINDS = ("guarantee_notice", "post_filing")


class BuildError(Exception):
    """A case that could not be built, with Chinese reasons."""

    def __init__(self, case_dir: Path, message: str, problems: list[Problem] | None = None):
        self.case_dir = case_dir
        self.message = message
        self.problems = problems or []
        detail = "；".join(str(p) for p in self.problems)
        super().__init__(f"{message}{'：' + detail if detail else ''}")


@dataclass(frozen=True)
class BuildOptions:
    """Options that change the outputs (they are part of the input digest)."""

    templates_dir: Path | None = None
    only: tuple[str, ...] = ()
    as_of: date | None = None
    rules_file: Path | None = None
    bundle: bool = True
    cover_sheets: bool = False
    max_mb: float | None = None
    plan: int | None = None  # --plan N: the proposal option the agreement uses when none was negotiated
    efiling: bool = False  # also write efiling/ (needs LibreOffice for the DOCX→PDF conversions)
    efiling_max_mb: float | None = None  # per-file size limit of the filing platform
    efiling_timeout_s: float = 120
    extra: dict[str, str] = field(default_factory=dict)
    # 函号 registry (pipeline/letter_numbers.py); None = $CUISHOU_LETTER_REGISTRY or OUT/letter-numbers.json.
    # Not part of the digest: the numbers it hands out are.
    letter_registry: Path | None = None
    # --strict: any case problem stops the whole case (no partial build; pipeline/partial.py).
    # Not part of the digest: a strict build either writes what a partial one would, or nothing.
    strict: bool = False
    # --all-documents: every document kind, dated the build's day, whatever the case's stage
    # (pipeline/stage); the manifest still records the stage and says which drafts it would not need.
    # Also set by the environment variable CUISHOU_ALL_DOCUMENTS=1 (README "案件阶段").
    all_documents: bool = field(default_factory=lambda: os.environ.get("CUISHOU_ALL_DOCUMENTS") == "1")
    # --profile: creditor/firm profiles merged under each case.json (pipeline/profile.py); their bytes
    # are hashed into the digest below.
    profiles: tuple[Path, ...] = ()

    def digest_text(self) -> str:
        return json.dumps(
            {
                "only": sorted(self.only),
                "as_of": self.as_of.isoformat() if self.as_of else None,
                "bundle": self.bundle,
                "cover_sheets": self.cover_sheets,
                "max_mb": self.max_mb,
                "plan": self.plan,
                "efiling": self.efiling,
                "efiling_max_mb": self.efiling_max_mb,
                "extra": self.extra,
                "all_documents": self.all_documents,
            },
            sort_keys=True,
        )


def _hash_file(h: "hashlib._Hash", label: str, path: Path) -> None:
    h.update(label.encode() + b"\0")
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    h.update(b"\0")


def _data_files() -> list[tuple[Path, os.stat_result]]:
    """The program's data files and templates, in a fixed order, each with its stat (os.scandir:
    pathlib's rglob and a stat per file took half a millisecond a case)."""
    from ._resources import data_dir, templates_dir

    fold = str.lower if os.name == "nt" else str  # as sorted Paths and glob: case-blind on Windows

    def walk(top: Path, keep) -> list[tuple[Path, os.stat_result]]:  # type: ignore[no-untyped-def]
        out, todo = [], [(str(top), ())]
        while todo:
            folder, parts = todo.pop()
            with os.scandir(folder) as it:
                for e in it:
                    if e.is_dir(follow_symlinks=False):  # as rglob: not into linked folders
                        todo.append((e.path, parts + (fold(e.name),)))
                    elif e.is_file() and keep(fold(e.name)):
                        out.append((parts + (fold(e.name),), Path(e.path), e.stat()))
        return [(p, st) for _, p, st in sorted(out, key=lambda t: t[0])]  # as sorted Paths: by parts

    files = walk(data_dir(), lambda n: True) + walk(templates_dir(), lambda n: n.endswith(".docx"))
    rules = Path(__file__).parent / "checks" / "rules.toml"
    if rules.is_file():
        files.append((rules, rules.stat()))
    return files


_DATA_DIGEST: tuple[tuple[tuple[str, int, int], ...], str] | None = None


def _data_digest() -> str:
    """sha256 over the program's data files and templates (~4 MB), computed once per process and
    again only when a file's size or modification time changes: hashing them for every case was
    about 40 % of re-running an unchanged case (issue 18)."""
    global _DATA_DIGEST
    files = _data_files()
    key = tuple((str(p), st.st_size, st.st_mtime_ns) for p, st in files)
    if _DATA_DIGEST is not None and _DATA_DIGEST[0] == key:
        return _DATA_DIGEST[1]
    h = hashlib.sha256()
    for p, _ in files:
        _hash_file(h, f"data:{p.name}", p)
    _DATA_DIGEST = (key, h.hexdigest())
    return _DATA_DIGEST[1]


def input_digest(case_dir: Path, case: Case, options: BuildOptions) -> str:
    """sha256 over everything the user supplies that determines a case's outputs.

    The 函号 allocated to its letters are not inputs (the registry hands out the same number for the
    same letter); :func:`_unchanged_manifest` compares them separately."""
    h = hashlib.sha256()
    h.update(f"cuishou {__version__}\0".encode())
    h.update(options.digest_text().encode() + b"\0")
    _hash_file(h, "case.json", case_dir / "case.json")
    for where, rel in case_files(case):
        if (case_dir / rel).is_file():
            _hash_file(h, f"{where}:{rel}", case_dir / rel)
        else:  # a missing scan (partial build): its absence is part of the inputs
            h.update(f"{where}:{rel}\0missing\0".encode())
    h.update(f"data\0{_data_digest()}\0".encode())
    if options.templates_dir and options.templates_dir.is_dir():
        for p in sorted(options.templates_dir.rglob("*.docx")):
            _hash_file(h, f"user-template:{p.name}", p)
    if options.rules_file:
        _hash_file(h, "rules", options.rules_file)
    for i, p in enumerate(options.profiles):
        _hash_file(h, f"profile{i}:{Path(p).name}", Path(p))
    return h.hexdigest()


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _parties(case: Case) -> list[PartyEntry]:
    out = [PartyEntry(role="creditor", name=case.creditor.name, kind=case.creditor.kind)]
    out += [PartyEntry(role="debtor", name=d.name, kind=d.kind) for d in case.debtors]
    out += [PartyEntry(role="guarantor", name=g.party.name, kind=g.party.kind) for g in case.guarantors]
    return out


@dataclass(frozen=True)
class BuildResult:
    """What :func:`build_case_result` did: the manifest, and whether anything was written
    (``written=False``: the folder already held exactly these outputs, digest for digest)."""

    manifest: Manifest
    written: bool

    @property
    def edited(self) -> list[str]:
        """Files a person changed, kept as they are (docs/edits.md)."""
        return [e.file for e in self.manifest.edited]


def load_for_build(case_dir: Path, profiles: tuple[Path, ...] = ()) -> Case:
    try:
        return load_case(case_dir, profiles)
    except CaseError as exc:
        raise BuildError(case_dir, "案件数据有误", exc.problems) from None


def _load_partial(case_dir: Path, profiles: tuple[Path, ...] = ()) -> tuple[Case, dict[str, list[Problem]]]:
    """The case and the document kinds its problems hold back (pipeline/partial.py)."""
    from .partial import load_partial

    try:
        return load_partial(case_dir, profiles)
    except CaseError as exc:
        raise BuildError(case_dir, "案件数据有误", exc.problems) from None


def build_case(
    case_dir: str | Path,
    out_dir: str | Path,
    options: BuildOptions | None = None,
    *,
    skip_unchanged: bool = False,
) -> Manifest:
    """Build every document of one case into ``out_dir/<case_id>/`` and return its manifest.

    With ``skip_unchanged``, a case whose existing manifest records the same input
    digest (and whose files are all present) is not rebuilt; its manifest is returned.
    Raises :class:`BuildError` (Chinese message) when the case cannot be built;
    nothing half-written is left behind (not even a 函号 in the registry).
    Files a person edited since the last build are kept (docs/edits.md); see :func:`build_case_result`.
    """
    return build_case_result(case_dir, out_dir, options, skip_unchanged=skip_unchanged).manifest


def build_case_result(
    case_dir: str | Path,
    out_dir: str | Path,
    options: BuildOptions | None = None,
    *,
    skip_unchanged: bool = False,
) -> BuildResult:
    """:func:`build_case`, also telling whether anything was written (a skip writes nothing)."""
    case_dir = Path(case_dir)
    out_dir = Path(out_dir)
    options = options or BuildOptions()
    case, held = (load_for_build(case_dir, options.profiles), {}) if options.strict else _load_partial(case_dir, options.profiles)
    final = out_dir / case.case_id
    _check_output(case_dir, out_dir, final)  # before the 函号 registry in out_dir is touched
    from .letter_numbers import LetterNumberError, reserve

    opts = replace(options, efiling=False) if "efiling" in held else options
    registry = letter_registry(out_dir, options)
    digest = None
    try:
        if skip_unchanged and not held:  # a partial build takes the full path (what it holds back may change)
            digest = input_digest(case_dir, case, options)
            existing = _unchanged_registered(final, digest, case, opts, registry)
            if existing is not None:
                return BuildResult(existing, written=False)
        with reserve(registry, numbered_letters(case, opts)) as letter_numbers:
            return _build_checked(case, case_dir, out_dir, final, options, letter_numbers, skip_unchanged, held, digest)
    except LetterNumberError as exc:
        raise BuildError(case_dir, f"无法分配函号：{exc}") from None


def _unchanged_registered(final: Path, digest: str, case: Case, options: BuildOptions, registry: Path) -> Manifest | None:
    """The manifest of an unchanged case, found without computing its claim and stage.

    Same inputs give the same stage, so the letters the last build numbered are the ones this
    build needs; it is enough that the registry still gives each letter the manifest prints the
    number printed, kind for kind (looked up among the letters the case could have: 律师函, and
    所函 with --efiling). Anything else (a number missing or changed in the registry) → None:
    the full path decides. Unlike that path, a letter the stage plans but the last build did not
    print (``--only``, blocked by the checks) does not force a rebuild: same inputs, same output."""
    from .letter_numbers import letters_of, registered

    candidates = letters_of(case, lawyer_letter=True, firm_letter=options.efiling)
    return _unchanged_manifest(final, digest, registered(registry, candidates), subset=True)


def _build_checked(case: Case, case_dir: Path, out_dir: Path, final: Path, options: BuildOptions,
                   letter_numbers: dict[str, str], skip_unchanged: bool,
                   held: dict[str, list[Problem]] | None = None, digest: str | None = None) -> BuildResult:
    from .checks import check_case, context_for_case, load_rules
    from .law.claim import compute_claim

    if held and len(_held_back_entries(held, set(options.only), options)) == len(_wanted_kinds(set(options.only), options)):
        # Everything asked for needs the faulty data: nothing to build (a failure, not a partial build).
        raise BuildError(case_dir, "案件数据有误", sorted({p for ps in held.values() for p in ps}, key=str))
    digest = digest or input_digest(case_dir, case, options)
    if skip_unchanged:
        existing = _unchanged_manifest(final, digest, letter_numbers)
        if existing is not None:
            return BuildResult(existing, written=False)
    try:
        clean_stale(out_dir, case.case_id)
    except OSError as exc:
        raise BuildError(case_dir, f"无法使用输出文件夹 {out_dir}：{_os_reason(exc)}") from None

    try:
        claim = compute_claim(case, as_of=options.as_of)
    except ValueError as exc:  # ProcedureError, ScheduleError, LprError are ValueErrors with Chinese text
        raise BuildError(case_dir, f"计算失败：{exc}") from None
    surplus = sum((a.surplus for a in claim.repayments), Decimal("0"))
    if claim.totals.total <= 0 and surplus > 0:
        # Paid more than was ever owed: the record is probably wrong (or money is owed back);
        # a settled case is only a record that adds up.
        raise BuildError(
            case_dir,
            "没有可催收的欠款",
            [
                Problem(
                    "repayments",
                    f"还款合计超出全部欠款{surplus:.2f}元（截至 {claim.as_of.isoformat()}），不生成催收文书；"
                    "请核对还款记录（金额、日期）和计算截止日 computation_date",
                    f"{surplus:.2f}",
                )
            ],
        )
    from .stage import assess

    stage = assess(case, claim, options.as_of or case.computation_date)
    if options.as_of is not None:  # documents dated the as-of day (pipeline/stage: first_day)
        case = case.model_copy(update={"document_date": options.as_of})
    if options.plan is not None:
        from .law.proposal import option_for_plan

        try:
            option_for_plan(case, claim, options.plan)
        except ValueError as exc:  # ProposalError: no such option
            raise BuildError(case_dir, f"还款方案有误：{exc}") from None
    try:
        rules = load_rules(options.rules_file)
    except ValueError as exc:  # RulesError: a firm's rules file with a problem
        raise BuildError(case_dir, f"合规规则文件有误：{exc}") from None
    context = context_for_case(case)
    findings = list(check_case(case, rules=rules, claim=claim))
    blocked_docs = _blocked_documents(findings)

    try:
        return BuildResult(
            _write_outputs(case, case_dir, final, claim, options, rules, context, findings, blocked_docs, digest,
                           letter_numbers, held or {}, stage),
            written=True,
        )
    except OSError as exc:  # permissions, disk full, a path component that is a file
        raise BuildError(case_dir, _os_message(exc, out_dir)) from None


def _os_message(exc: OSError, out_dir: Path) -> str:
    name = exc.filename
    if name is None or _inside(Path(name), out_dir):
        return f"无法写入输出文件夹 {out_dir}（{_os_reason(exc)}）"
    return f"无法读取文件 {name}（{_os_reason(exc)}）"


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
    except (ValueError, OSError):
        return False
    return True


def numbered_letters(case: Case, options: BuildOptions) -> list:  # list[LetterKey]
    """The letters of this build that carry a firm 函号: the 律师函 (when built) and the 所函 (--efiling)."""
    from .letter_numbers import letters_of

    only = set(options.only)
    report = None if options.all_documents else case_stage(case, options)
    planned = (lambda k: True) if report is None else report.produces
    return letters_of(
        case,
        lawyer_letter="lawyer_letter" in only or (not only and planned("lawyer_letter")),
        firm_letter=options.efiling and ("filing" in only or planned("filing")),
    )


def case_stage(case: Case, options: BuildOptions):  # type: ignore[no-untyped-def]
    """Where the case stands on the build's date (pipeline/stage), or None when its claim cannot be
    computed (the build then stops with the calculation's own message)."""
    from .law.claim import compute_claim
    from .stage import assess

    try:
        claim = compute_claim(case, as_of=options.as_of)
    except ValueError:
        return None
    return assess(case, claim, options.as_of or case.computation_date)


def letter_registry(out_dir: Path, options: BuildOptions) -> Path:
    from .letter_numbers import registry_path

    return registry_path(out_dir, options.letter_registry)


def _write_outputs(case: Case, case_dir: Path, final: Path, claim, options: BuildOptions, rules, context, findings, blocked_docs, digest: str, letter_numbers: dict[str, str] | None = None, held: dict[str, list[Problem]] | None = None, stage=None) -> Manifest:  # type: ignore[no-untyped-def]
    from .checks import check_document
    from .render import render_documents
    from .soft import INTERNAL_KINDS

    with atomic_folder(final) as tmp:
        only = set(options.only)
        skipped = [{"kind": k, "reason": r} for k, r in sorted(blocked_docs.items())]
        dates, not_now, stage_warnings = _stage_plan(case, stage, options)
        # Nothing owed (pipeline/stage: 已结清): no letter, no filing, no bundle for 0.00 yuan;
        # the manifest records the stage and why nothing was written.
        settled = claim.totals.total <= 0
        if settled:
            reason = (f"按已还款记录计算，截至{zh_date(claim.as_of)}尚欠本息合计为0元，不生成催收文书"
                      "（如还款记录或计算截止日有误，请更正 repayments 或 computation_date 后重新生成）")
            withdraw = stage is not None and stage.post_filing == "withdrawal"
            not_now = {k: reason for k in DOC_KINDS + ("efiling",) if not (withdraw and k == "post_filing")}
            dates = {k: v for k, v in dates.items() if k == "post_filing"}
        skipped += [{"kind": k, "reason": r} for k, r in not_now.items()
                    if k not in blocked_docs and (settled or not only or k in only) and not _beside_the_point(case, k)]
        filing_day = dates.get("filing", (case.signing_date, None))[0]
        try:
            docs = [] if settled and "post_filing" in not_now else render_documents(
                case,
                claim,
                tmp,
                templates_dir=options.templates_dir,
                only=_render_kinds(only, {**blocked_docs, **dict.fromkeys(held or {}, ""), **not_now}),
                plan=options.plan,
                letter_numbers=letter_numbers,
                dates=dates,
                overdue=stage.overdue if stage is not None else None,
                post_filing=stage.post_filing if stage is not None else None,
            )
        except _document_errors() as exc:
            raise BuildError(case_dir, f"文书无法生成：{exc}") from None
        filing_case = case.model_copy(update={"document_date": filing_day})  # the bundle and filing set go with the filing
        # LibreOffice converts the filing set on the other core while the checks, the soft steps
        # and the evidence bundle are made (issue 18); _efiling finishes it, or it is discarded
        started = None
        if options.efiling and not settled and "filing" not in not_now and "efiling" not in (held or {}):
            from .efiling import start_efiling

            started = start_efiling(filing_case, claim, tmp, documents=docs, templates_dir=options.templates_dir,
                                    timeout_s=options.efiling_timeout_s, letter_numbers=letter_numbers)
        try:
            for doc in docs:
                findings += check_document(
                    doc.paragraphs,
                    doc.title,
                    rules,
                    required=doc.required_elements,
                    context=context,
                    lender_category=case.lender_category,
                )
            reminders: list[dict[str, object]] = []
            if not settled and (not only or "soft" in only) and "soft" not in (held or {}):
                soft, reminders = _soft_steps(case, claim, case_dir, tmp, options, rules)
                for doc in soft:
                    if doc.doc_kind not in INTERNAL_KINDS:  # the call guide quotes the red lines on purpose
                        findings += check_document(doc.paragraphs, doc.title, rules, context=context)
                docs = soft + docs
            entries = [
                DocumentEntry(
                    date=dates.get(d.kind, (case.signing_date, None))[0].isoformat(),
                    kind=d.doc_kind,
                    title=d.title,
                    file=d.file_name,
                    media_type=_media_type(d.file_name),
                    sha256=_sha256(tmp / d.file_name),
                    bytes=(tmp / d.file_name).stat().st_size,
                    letter_no=(letter_numbers or {}).get(d.doc_kind),
                    template=_template_entry(d.template),
                )
                for d in docs
            ]
            evidence = [
                EvidenceEntry(id=e.id, number=i, title=e.title, files=list(e.files))
                for i, e in enumerate(case.evidence, start=1)
            ]
            held = dict(held or {})
            if not settled and options.bundle and (not only or "bundle" in only) and case.evidence and "bundle" not in held:
                try:
                    entries_b, evidence = _bundle(filing_case, case_dir, claim, tmp, options)
                    entries += [e.model_copy(update={"date": filing_day.isoformat()}) for e in entries_b]
                except BuildError as exc:  # a scan that cannot be bound holds back the bundle and the filing set
                    if options.strict:
                        raise
                    for kind in ("bundle", "efiling"):
                        held.setdefault(kind, list(exc.problems))
                    if not entries:  # nothing else was asked for: a failure, not a partial build
                        raise
            extra_warnings: list[str] = []
            if settled:
                pass
            elif options.efiling and "efiling" not in (held or {}) and "filing" in not_now:
                skipped.append({"kind": "efiling", "reason": "本次不生成起诉状或支付令申请书（" + not_now["filing"] + "），网上立案材料随之不生成"})
            elif started is not None and "efiling" not in held:  # not held back by the bundle
                entries_e, extra_warnings = _efiling(filing_case, claim, case_dir, tmp, options, docs, entries, letter_numbers, started)
                entries += [e if e.date else e.model_copy(update={"date": filing_day.isoformat()}) for e in entries_e]
            from .case.evidence import evidence_warnings

            extra_warnings = stage_warnings + extra_warnings + [t for _, t in evidence_warnings(case)]
            from .firm_templates import misnamed_warnings
            from .preserve import merge_previous

            merged = merge_previous(final, tmp, entries, keep_others=bool(only))
            entries = merged.documents
            lint = text_lint(case, tmp, [e for e in entries if e.file not in merged.carried_over])
            manifest = Manifest(
                program_version=__version__,
                case_id=case.case_id,
                input_digest=digest,
                cause=claim.cause,
                parties=_parties(case),
                procedure=ProcedureEntry(
                    kind=claim.procedure.kind,
                    title=claim.procedure.title,
                    court=claim.procedure.court.name,
                    court_basis=claim.procedure.court.basis,
                    court_needs_naming=claim.procedure.court.needs_naming,
                    reasons=list(claim.procedure.reasons),
                ),
                claim=_totals(claim),
                stage=_stage_entry(stage) if stage is not None else None,
                next_action=NextActionEntry(**stage.next_action.to_dict()) if stage is not None else None,
                documents=entries,
                evidence=evidence,
                findings=[FindingEntry(**f.to_dict()) for f in findings],
                skipped_documents=skipped,
                reminders=reminders,
                warnings=list(claim.warnings) + extra_warnings + misnamed_warnings(options.templates_dir)
                + [f"文书检查：{f.message}" for f in lint],
                text_lint=[TextLintEntry(**f.to_dict()) for f in lint],
                edited=merged.edited,
                notices=_notices(list(claim.warnings) + extra_warnings + misnamed_warnings(options.templates_dir)
                                 + [f"文书检查：{f.message}" for f in lint]),
                held_back=_held_back_entries(held or {}, only, options, set(not_now)),
                carried_over=merged.carried_over,
            )
            (tmp / "manifest.json").write_bytes(manifest.to_json_bytes())
        finally:
            if started is not None and not started.used:
                started.discard()
    return manifest


def _stage_plan(case: Case, stage, options: BuildOptions) -> tuple[dict, dict[str, str], list[str]]:  # type: ignore[no-untyped-def]
    """From the stage's plan: the date (and deadline) of each document this build makes, the reason
    for each it does not make, and warnings. A kind named in ``--only`` (or the agreement with
    ``--plan N``) is made even where the stage would not, dated the build's first day, with a warning."""
    from .stage import DOCUMENT_TITLES

    dates: dict[str, tuple[date, date | None]] = {}
    not_now: dict[str, str] = {}
    warnings: list[str] = []
    if stage is None:
        return dates, not_now, warnings
    only = set(options.only)
    for kind, entry in stage.plan.items():
        if kind in STAGE_ONLY_KINDS and not entry.produce and kind not in only:
            not_now[kind] = entry.reason
        elif options.all_documents and not entry.produce:
            dates[kind] = (case.signing_date, None)
            warnings.append(f"按案件所处阶段（{stage.label}）本不需要{DOCUMENT_TITLES[kind]}（{entry.reason}）；按 --all-documents 生成，请核对后再使用")
        elif options.all_documents:
            dates[kind] = (case.signing_date, None)
        elif entry.produce and entry.date is not None:
            dates[kind] = (entry.date, entry.deadline)
        elif kind in only or (kind == "instalment_agreement" and options.plan is not None):
            dates[kind] = (case.signing_date, None)
            warnings.append(f"按案件所处阶段（{stage.label}）本次不需要{DOCUMENT_TITLES[kind]}（{entry.reason}）；因明确要求而生成，请核对后再使用")
        else:
            not_now[kind] = entry.reason
    if "filing" in dates:
        dates["interest_statement"] = dates["filing"]
    elif "post_filing" in dates and stage.post_filing == "amend_claim":
        dates["interest_statement"] = dates["post_filing"]
    return dates, not_now, warnings


def _beside_the_point(case: Case, kind: str) -> bool:
    """A stage-only kind the case could never need (no guarantor, nothing filed): not worth a line in
    ``skipped_documents``."""
    return (kind == "guarantee_notice" and not case.guarantors) or (kind == "post_filing" and not case.filings)


def _stage_entry(stage):  # type: ignore[no-untyped-def]
    from .manifest import FactEntry

    return StageEntry(
        stage=stage.stage,
        label=stage.label,
        as_of=stage.as_of.isoformat(),
        facts=[FactEntry(**f.to_dict()) for f in stage.facts],
        warnings=list(stage.warnings),
    )


def _template_entry(path: str):  # type: ignore[no-untyped-def]
    from .firm_templates import template_record
    from .manifest import TemplateEntry

    rec = template_record(path)
    return TemplateEntry(**rec) if rec else None


def _notices(warnings: list[str]) -> list:  # list[NoticeEntry]
    from .codes import warning_code
    from .manifest import NoticeEntry

    return [NoticeEntry(code=warning_code(w), text=w) for w in warnings]


def _wanted_kinds(only: set[str], options: BuildOptions, not_now: set[str] = frozenset()) -> list[str]:  # type: ignore[assignment]
    wanted = [k for k in DOC_KINDS if (not only or k in only) and k not in not_now]
    if options.efiling:
        wanted.append("efiling")
    if not options.bundle:
        wanted = [k for k in wanted if k != "bundle"]
    return wanted


def _held_back_entries(held: dict[str, list[Problem]], only: set[str], options: BuildOptions,
                       not_now: set[str] = frozenset()) -> list:  # type: ignore[assignment]  # list[HeldBackEntry]
    """The documents this build would have written but holds back, with the problems that hold them."""
    from .manifest import HeldBackEntry, ProblemEntry
    from .partial import KIND_TITLES

    wanted = _wanted_kinds(only, options, not_now)
    return [
        HeldBackEntry(kind=k, title=KIND_TITLES[k], problems=[ProblemEntry(**p.to_dict()) for p in held[k]])
        for k in wanted
        if k in held
    ]


def _allowed_texts(case: Case) -> set[str]:
    """Texts the case itself supplies (names, addresses, e-mail, titles…): never internal identifiers.
    Enum codes (lower-case ASCII words such as "promise") are not among them."""
    import re

    code = re.compile(r"^[a-z][a-z0-9_]*$|^\d{4}-\d{2}-\d{2}")
    out: set[str] = set()

    def walk(v: object) -> None:
        if isinstance(v, str):
            if not code.match(v):
                out.add(v)
        elif isinstance(v, dict):
            for x in v.values():
                walk(x)
        elif isinstance(v, list):
            for x in v:
                walk(x)

    walk(case.model_dump(mode="json"))
    return out


def text_lint(case: Case, folder: Path, entries: list[DocumentEntry]) -> list:  # list[TextFinding]
    """The text lint (pipeline/render/textlint.py) over every generated Word draft and text file."""
    from .render import docx_paragraphs
    from .render.textlint import lint_text

    allowed = _allowed_texts(case)
    out = []
    for e in entries:
        path = folder / e.file
        if e.file.endswith(".docx"):
            paras = docx_paragraphs(path.read_bytes())
            dated = True
        elif e.file.endswith(".txt"):
            paras = tuple(path.read_text(encoding="utf-8").splitlines())
            dated = False
        else:
            continue
        out += lint_text(paras, file=e.file, dated=dated, allowed=allowed)
    return out


def _os_reason(exc: OSError) -> str:
    import errno

    return {
        errno.EACCES: "没有写入权限",
        errno.EPERM: "没有权限",
        errno.EROFS: "文件系统为只读",
        errno.ENOSPC: "磁盘空间不足",
        errno.EDQUOT: "超出磁盘配额",
        errno.EEXIST: "同名文件已存在",
        errno.ENOTDIR: "路径中有一段是文件而不是文件夹",
        errno.EISDIR: "是文件夹",
        errno.ENAMETOOLONG: "路径过长",
        errno.ELOOP: "符号链接循环",
        errno.ENOENT: "文件或文件夹不存在",
        errno.EIO: "磁盘读写错误",
    }.get(exc.errno or 0, f"系统错误 {exc.errno}")


def _check_output(case_dir: Path, out_dir: Path, final: Path) -> None:
    """Refuse an output location that would replace the case itself or a folder we did not write.

    The output folder replaces ``out_dir/<case_id>`` as a whole, so ``--out`` pointing at the
    folder that holds the case (named after its case_id, as the samples are) would delete the
    case's own case.json and evidence.
    """
    if out_dir.exists() and not out_dir.is_dir():
        raise BuildError(case_dir, f"输出位置 {out_dir} 是一个文件，应为文件夹（--out）")
    here = case_dir.resolve()
    target = final.resolve()
    if target == here or target in here.parents:
        raise BuildError(
            case_dir,
            f"输出文件夹 {final} 就是（或包含）案件文件夹本身，生成时会覆盖 case.json 和证据；请用 --out 指定另一个文件夹",
        )
    if final.is_symlink() or (final.exists() and not final.is_dir()):
        raise BuildError(case_dir, f"输出位置 {final} 已存在且不是文件夹，为避免覆盖，请移走它或换一个 --out")
    if final.is_dir():
        try:
            ours = (final / "manifest.json").is_file() or not any(final.iterdir())
        except OSError as exc:
            raise BuildError(case_dir, f"无法读取输出文件夹 {final}：{_os_reason(exc)}") from None
        if not ours:
            raise BuildError(
                case_dir,
                f"输出位置 {final} 已存在但不是本程序生成的文件夹（没有 manifest.json），为避免覆盖其中的文件，"
                "请移走它或换一个 --out",
            )


_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@functools.cache
def _document_errors() -> tuple[type[Exception], ...]:
    """Errors that carry a Chinese message about the case or a firm's template (not bugs)."""
    from .law.calendar import CalendarError
    from .law.fees import FeeError
    from .law.instalments import ScheduleError
    from .law.limitation import LimitationError
    from .law.lpr import LprError
    from .law.procedure import ProcedureError
    from .law.proposal import ProposalError
    from .render import RenderError

    return (ScheduleError, CalendarError, ProposalError, LprError, FeeError, LimitationError, ProcedureError, RenderError)



def _media_type(name: str) -> str:
    if name.endswith(".txt"):
        return "text/plain; charset=utf-8"
    if name.endswith(".pdf"):
        return "application/pdf"
    return _DOCX


def _soft_steps(case: Case, claim, case_dir: Path, tmp: Path, options: BuildOptions, rules):  # type: ignore[no-untyped-def]
    from .soft import reminder_messages, render_soft_steps

    from .law.proposal import ProposalError

    try:
        docs = render_soft_steps(
            case, claim, tmp, templates_dir=options.templates_dir, plan=options.plan, rules=rules
        )
    except ProposalError as exc:  # an unknown --plan number
        raise BuildError(case_dir, f"还款方案有误：{exc}") from None
    except _document_errors() as exc:
        raise BuildError(case_dir, f"文书无法生成：{exc}") from None
    return docs, [r.to_json() for r in reminder_messages(case, claim)]


def _totals(claim) -> ClaimTotals:  # type: ignore[no-untyped-def]
    t = claim.totals
    lim = claim.limitation
    return ClaimTotals(
        as_of=claim.as_of.isoformat(),
        principal=f"{t.principal:.2f}",
        interest=f"{t.interest:.2f}",
        penalty=f"{t.penalty:.2f}",
        fees=f"{t.fees:.2f}",
        total=f"{t.total:.2f}",
        total_words=t.total_words,
        # the fee payable on the chosen route: 支付令 1/3, otherwise the (halved) case fee (诉讼费用交纳办法第13–16条)
        court_fee=(f"{(claim.fees.payment_order_fee if claim.procedure.kind == 'payment_order' else claim.fees.case_fee_payable):.2f}"
                   if claim.fees else None),
        fee_lines=[FeeLineEntry(label=f.label, amount=f"{f.amount:.2f}", working=f.formula) for f in claim.fees.lines]
        if claim.fees else [],
        limitation_status=lim.status if lim else None,
        limitation_last_day=lim.last_day.isoformat() if lim else None,
    )


# Which generated document carries which piece of user-supplied free text.
_TEXT_SOURCES = {
    "letters.demand_letter_extra": "demand_letter",
    "letters.lawyer_letter_extra": "lawyer_letter",
}


def _blocked_documents(findings) -> dict[str, str]:  # type: ignore[no-untyped-def]
    blocked: dict[str, str] = {}
    for f in findings:
        if f.severity != "block":
            continue
        for prefix, kind in _TEXT_SOURCES.items():
            if f.where.startswith(prefix):
                blocked.setdefault(kind, f"{f.where} 含有违规内容（{f.rule_id}）：{f.text}")
    return blocked


def _render_kinds(only: set[str], blocked: dict[str, str]) -> tuple[str, ...] | None:
    kinds = [k for k in DOC_KINDS if k != "bundle" and (not only or k in only) and k not in blocked]
    if not only and not blocked:
        return None
    return tuple(kinds)


def _bundle(case: Case, case_dir: Path, claim, tmp: Path, options: BuildOptions):  # type: ignore[no-untyped-def]
    from .bundle import BundleError, build_bundle, spec_from_case

    roles = ("申请人", "被申请人") if claim.procedure.kind == "payment_order" else ("原告", "被告")
    spec = spec_from_case(
        case,
        case_dir,
        court=claim.procedure.court.name,
        cause=claim.cause,
        roles=roles,
        cover_sheets=options.cover_sheets,
        max_mb=options.max_mb,
    )
    try:
        result = build_bundle(spec, tmp)
    except BundleError as exc:
        # Only what stops the bundle; hints such as "no text layer" are not reasons for failure.
        blocking = [p for p in exc.problems if p.severity == "block"] or list(exc.problems)
        raise BuildError(
            case_dir,
            "证据材料无法装订",
            [Problem(p.item_id or "evidence", p.message, _relative(p.file, case_dir)) for p in blocking],
        ) from None
    entries = []
    import pikepdf  # reads the page tree lazily (pypdf would load the whole file and leave cycles)

    for vol in result.volumes:
        with pikepdf.open(vol) as pdf:
            n_pages = len(pdf.pages)
        entries.append(
            DocumentEntry(
                kind="evidence_bundle",
                title=vol.stem.split("_", 1)[-1],
                file=vol.name,
                media_type="application/pdf",
                sha256=_sha256(vol),
                bytes=vol.stat().st_size,
                pages=n_pages,
            )
        )
    # Paths as the case names them (relative), never absolute: same bytes on every machine.
    rel_files = {e.id: list(e.files) for e in case.evidence}
    evidence = [
        EvidenceEntry(
            id=it.id,
            number=it.number,
            title=it.title,
            files=rel_files[it.id],
            first_page=it.first_page,
            last_page=it.last_page,
            volume=it.volume,
        )
        for it in result.items
    ]
    return entries, evidence


def _efiling(case: Case, claim, case_dir: Path, tmp: Path, options: BuildOptions, docs, entries, letter_numbers=None, started=None):  # type: ignore[no-untyped-def]
    """The e-filing folder (issue "E-filing package"); problems become manifest warnings."""
    from .efiling import build_efiling

    volumes = [tmp / e.file for e in entries if e.kind == "evidence_bundle"]
    facts = {e.file: (e.pages, e.sha256) for e in entries if e.kind == "evidence_bundle" and e.pages is not None}
    result = build_efiling(
        case,
        claim,
        case_dir,
        tmp,
        documents=docs,
        bundle_volumes=volumes,
        templates_dir=options.templates_dir,
        max_file_mb=options.efiling_max_mb or options.max_mb,
        timeout_s=options.efiling_timeout_s,
        letter_numbers=letter_numbers,
        started=started,
        bundle_facts=facts,
    )
    firm_no = (letter_numbers or {}).get("firm_letter")
    new = [
        DocumentEntry(
            kind="efiling",
            title=f.title,
            file=f"efiling/{f.file}",
            media_type="application/pdf",
            sha256=f.sha256,
            bytes=f.bytes,
            pages=f.pages,
            letter_no=firm_no if f.file.startswith("04_律师事务所函") else None,
        )
        for f in result.files
    ]
    new += [
        DocumentEntry(
            kind="efiling_draft",
            title=f"{f.title}（签署用 Word 稿）",
            file=f"efiling/{f.file}",
            media_type=_DOCX,
            sha256=f.sha256,
            bytes=f.bytes,
            letter_no=firm_no if f.file.startswith("04_律师事务所函") else None,
        )
        for f in result.drafts
    ]
    warnings = [f"网上立案材料：{p}" for p in result.problems]
    warnings += [f"网上立案材料不完整：{m}" for m in result.missing]
    return new, warnings


def _relative(file: str | None, case_dir: Path) -> str | None:
    """A file as the case names it (relative to the case folder) when it lies inside it."""
    if not file:
        return file
    try:
        return Path(file).resolve().relative_to(case_dir.resolve()).as_posix()
    except (ValueError, OSError):
        return file


def _letter_kind(d: DocumentEntry) -> str:
    """The numbered letter a manifest entry prints: the 所函 is part of the e-filing set."""
    return "firm_letter" if d.kind in ("efiling", "efiling_draft") else d.kind


def _unchanged_manifest(final: Path, digest: str, letter_numbers: dict[str, str], *, subset: bool = False) -> Manifest | None:
    """The existing manifest if the folder holds exactly the outputs of these inputs, else None.
    Its letters must carry ``letter_numbers`` (``subset``: some of them, see :func:`_unchanged_registered`)."""
    path = final / "manifest.json"
    if not path.is_file():
        return None
    try:
        m = Manifest.model_validate_json(path.read_bytes())
    except ValueError:
        return None
    if m.input_digest != digest:
        return None
    if subset:  # each printed letter must carry the number the registry gives its own kind of letter
        if any(letter_numbers.get(_letter_kind(d)) != d.letter_no for d in m.documents if d.letter_no):
            return None
    elif {d.letter_no for d in m.documents if d.letter_no} != set(letter_numbers.values()):
        return None  # the registry was replaced or edited: the letters must carry its numbers
    from .preserve import sha256_file

    for d in m.documents:  # a true digest test: an edited or replaced file means the folder is rebuilt
        p = final / d.file
        if not p.is_file() or p.stat().st_size != d.bytes or sha256_file(p) != d.sha256:
            return None
    return m
