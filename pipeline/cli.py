"""The ``cuishou`` command. Each command is a thin wrapper over one API function.

Exit status: 0 success, 1 a case is invalid or a build failed, 2 usage error,
3 partial build (``build``/``batch``: some documents held back because data they need has a
problem; the others were written; ``--strict`` turns this into 1 with nothing written). ``validate``
prints warnings (facts the filing documents need) without changing the exit status.
Bad input never produces a Python traceback: errors are printed in Chinese.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from . import _click_zh
from ._version import __version__
from .case import CaseError, load_case

_click_zh.install()


def _echo_problems(case_dir: Path, exc: CaseError) -> None:
    click.echo(f"✗ {case_dir}：发现 {len(exc.problems)} 个问题", err=False)
    for p in exc.problems:
        click.echo(f"  - {p}")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="cuishou", message="%(prog)s %(version)s")
def cli() -> None:
    """催收文书流水线：从逾期借款案件生成催款函、律师函、分期还款协议、支付令申请书或民事起诉状及证据材料。"""


_profile_opt = click.option(
    "--profile", "profiles", multiple=True, type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="债权人档案或律所档案（TOML/JSON，可重复）：合并到每个案件，案件中的同名项优先",
)

@cli.command()
@click.argument("case_dirs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出结果")
@_profile_opt
def validate(case_dirs: tuple[Path, ...], as_json: bool, profiles: tuple[Path, ...] = ()) -> None:
    """校验一个或多个案件文件夹，一次列出全部问题。"""
    bad = 0
    results = []
    for case_dir in case_dirs:
        try:
            case = load_case(case_dir, profiles)
        except CaseError as exc:
            bad += 1
            results.append({"case_dir": str(case_dir), "valid": False, "problems": [p.to_dict() for p in exc.problems]})
            if not as_json:
                _echo_problems(case_dir, exc)
            continue
        from .case.validate import case_warnings

        warnings = case_warnings(case)
        results.append({"case_dir": str(case_dir), "valid": True, "case_id": case.case_id, "problems": [],
                        "warnings": [w.to_dict() for w in warnings]})
        if not as_json:
            click.echo(f"✓ {case_dir}：案件 {case.case_id} 校验通过（{_summary(case)}）")
            if warnings:
                # The case is valid (exit code 0); these are facts the filing documents need.
                click.echo(f"  ⚠ 提示 {len(warnings)} 项（可以生成文书，相应栏目将留空，网上立案清单中同样列出）：")
                for w in warnings:
                    click.echo(f"  - {w}")
    if as_json:
        click.echo(json.dumps(results, ensure_ascii=False, indent=2))
    sys.exit(1 if bad else 0)


def _summary(case) -> str:  # type: ignore[no-untyped-def]
    from .money import figures

    delivered = sum(d.amount for d in case.loan.disbursements)
    debtors = "、".join(d.name for d in case.debtors)
    return f"债权人 {case.creditor.name}；债务人 {debtors}；实际出借 {figures(delivered)} 元；证据 {len(case.evidence)} 项"


@cli.command()
@click.option("--write", is_flag=True, help="写入 schemas/ 目录（开发用）")
@click.option("--check", is_flag=True, help="检查 schemas/ 中的文件是否为最新")
def schema(write: bool, check: bool) -> None:
    """输出案件数据的 JSON Schema。"""
    from .schemas import generated_schemas, schema_text

    if not (write or check):
        click.echo(schema_text("case"), nl=False)
        return
    from ._resources import repo_schemas_dir

    target = repo_schemas_dir()
    if target is None:
        raise click.UsageError("--write/--check 只能在源码目录中使用")
    stale = []
    for name in generated_schemas():
        path = target / f"{name}.schema.json"
        text = schema_text(name)
        if write:
            path.write_text(text, encoding="utf-8")
            click.echo(f"已写入 {path}")
        elif not path.is_file() or path.read_text(encoding="utf-8") != text:
            stale.append(path.name)
    if stale:
        click.echo("以下 Schema 已过期，请运行 make schema：" + "、".join(stale))
        sys.exit(1)



def _load_or_exit(case_dir: Path, profiles: tuple[Path, ...] = ()):  # type: ignore[no-untyped-def]
    try:
        return load_case(case_dir, profiles)
    except CaseError as exc:
        _echo_problems(case_dir, exc)
        sys.exit(1)


def _date_option(value: str | None):  # type: ignore[no-untyped-def]
    from datetime import date

    from .case.validate import MAX_DATE, MIN_DATE

    if value is None:
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(
            f"日期应为 YYYY-MM-DD 格式且是日历上存在的日期，收到 {value!r}", param_hint="'--as-of'"
        ) from None
    if not MIN_DATE <= day <= MAX_DATE:
        raise click.BadParameter(
            f"日期应在 {MIN_DATE.isoformat()} 至 {MAX_DATE.isoformat()} 之间，收到 {value}", param_hint="'--as-of'"
        )
    return day


@cli.command()
@click.argument("case_dir", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出（结构见 schemas/claim.schema.json）")
@click.option("--as-of", "as_of", metavar="YYYY-MM-DD", help="覆盖计算截止日")
@_profile_opt
def calc(case_dir: Path, as_json: bool, as_of: str | None, profiles: tuple[Path, ...] = ()) -> None:
    """计算债权：本金、利息（含法定上限）、诉讼费、诉讼时效、程序选择。"""
    from .law.claim import compute_claim, format_claim_table

    case = _load_or_exit(case_dir, profiles)
    try:
        claim = compute_claim(case, as_of=_date_option(as_of))
    except ValueError as exc:
        click.echo(f"✗ 计算失败：{exc}")
        sys.exit(1)
    from .law.proposal import repayment_proposal

    try:
        proposal = repayment_proposal(case, claim)
    except ValueError as exc:  # ScheduleError/CalendarError: Chinese text naming the field
        click.echo(f"✗ 还款方案无法计算：{exc}")
        sys.exit(1)
    if as_json:
        click.echo(json.dumps({**claim.to_json(), "proposal": proposal.to_json()}, ensure_ascii=False, indent=2))
    else:
        click.echo(format_claim_table(claim))


def _use_font(font: Path | None) -> None:
    """``--font``: the bundle's Chinese font for this run and its worker processes (pipeline/bundle/fonts.py)."""
    if font is not None:
        import os

        os.environ["CUISHOU_FONT"] = str(Path(font).resolve())


def _options(templates, only, as_of, rules, cover_sheets, max_mb, bundle=True, plan=None, efiling=(False, None, 120.0)):  # type: ignore[no-untyped-def]
    from .build import BuildOptions

    return BuildOptions(
        templates_dir=Path(templates) if templates else None,
        only=tuple(only or ()),
        as_of=_date_option(as_of),
        rules_file=Path(rules) if rules else None,
        cover_sheets=cover_sheets,
        max_mb=max_mb,
        bundle=bundle,
        plan=plan,
        efiling=efiling[0],
        efiling_max_mb=efiling[1],
        efiling_timeout_s=efiling[2],
    )


_build_opts = [
    _profile_opt,
    click.option("--font", type=click.Path(dir_okay=False, exists=True, path_type=Path),
                 help="证据目录和页码使用的中文字体文件（TrueType .ttf/.ttc，须允许嵌入；同环境变量 CUISHOU_FONT）"),
    click.option("--templates", type=click.Path(file_okay=False, exists=True), help="律所自有模板文件夹（同名模板优先，其余用内置模板）"),
    click.option("--as-of", "as_of", metavar="YYYY-MM-DD",
                 help="按该日判断案件阶段、计算债权并落款（默认计算截止日）"),
    click.option("--rules", type=click.Path(dir_okay=False, exists=True), help="自定义合规规则文件（TOML）"),
    click.option("--cover-sheets", is_flag=True, help="每项证据前加封面页"),
    click.option("--max-mb", type=float, help="证据材料单个文件大小上限（MB），超过则分册"),
    click.option("--strict", is_flag=True, help="案件数据有任何问题即不生成任何文书（默认：只暂缓需要出错数据的文书，其余照常生成，退出码 3）"),
    click.option("--all-documents", "all_documents", is_flag=True,
                 help="不按案件阶段取舍，生成全部文书（均以计算截止日或 --as-of 落款；清单中仍注明按阶段不需要的文书）"),
]
_efiling_opts = [
    click.option("--efiling", is_flag=True, help="同时生成网上立案材料（efiling/ 文件夹，需要 LibreOffice）"),
    click.option("--efiling-max-mb", type=float, help="立案平台单个文件大小上限（MB）"),
    click.option("--efiling-timeout", type=float, default=120.0, show_default=True, help="每次 Word 转 PDF 的超时（秒）"),
]


def _with_build_opts(f):  # type: ignore[no-untyped-def]
    for opt in reversed(_build_opts):
        f = opt(f)
    return f


def _with_efiling_opts(f):  # type: ignore[no-untyped-def]
    for opt in reversed(_efiling_opts):
        f = opt(f)
    return f


@cli.command()
@click.argument("case_dir", type=click.Path(path_type=Path))
@click.option("--out", "out_dir", default="out", show_default=True, type=click.Path(path_type=Path), help="输出文件夹")
@click.option(
    "--only",
    multiple=True,
    type=click.Choice(["soft", "demand_letter", "lawyer_letter", "instalment_agreement", "filing", "guarantee_notice",
                       "post_filing", "bundle"]),
    help="只生成指定文书（可重复）",
)
@click.option("--plan", type=click.IntRange(min=1), help="未协商分期条件时，分期还款协议采用还款方案建议中的第 N 个方案")
@_with_build_opts
@_with_efiling_opts
def build(case_dir: Path, out_dir: Path, only, plan, profiles, font, templates, as_of, rules, cover_sheets, max_mb, strict, efiling, efiling_max_mb, efiling_timeout, all_documents=False) -> None:  # type: ignore[no-untyped-def]
    """生成一个案件的全部文书、证据材料和 manifest.json。"""
    _use_font(font)
    from dataclasses import replace

    opts = _options(
        templates, only, as_of, rules, cover_sheets, max_mb, plan=plan, efiling=(efiling, efiling_max_mb, efiling_timeout)
    )
    opts = replace(opts, strict=strict, all_documents=all_documents or opts.all_documents, profiles=tuple(profiles))
    _build_and_report(case_dir, out_dir, opts)


def _build_and_report(case_dir: Path, out_dir: Path, opts) -> None:  # type: ignore[no-untyped-def]
    from .build import BuildError, build_case

    try:
        m = build_case(case_dir, out_dir, opts)
    except BuildError as exc:
        click.echo(f"✗ {case_dir}：{exc.message}")
        for p in exc.problems:
            click.echo(f"  - {p}")
        sys.exit(1)
    _echo_manifest(out_dir / m.case_id, m)
    if m.held_back:
        sys.exit(EXIT_PARTIAL)


#: Exit status of a partial build: some documents held back (manifest.json "held_back"), the rest written.
EXIT_PARTIAL = 3


def _echo_manifest(folder: Path, m) -> None:  # type: ignore[no-untyped-def]
    from decimal import Decimal

    from .money import figures

    total = figures(Decimal(m.claim.total))
    route = f"{m.procedure.title}（{m.procedure.court or '法院待确定'}）"
    if m.stage is not None and m.stage.stage == "settled" and not m.documents:
        click.echo(f"✓ 案件 {m.case_id}：{m.stage.label}，不生成催收文书（{m.skipped_documents[0]['reason']}）"
                   if m.skipped_documents else f"✓ 案件 {m.case_id}：{m.stage.label}")
        for w in m.warnings:
            click.echo(f"  ! {w}")
        return
    if m.stage is not None:
        click.echo(f"✓ 案件 {m.case_id}：{m.stage.label}，请求总额 {total} 元；立案途径：{route}")
    else:
        click.echo(f"✓ 案件 {m.case_id}：{route}，请求总额 {total} 元")
    if m.next_action is not None:
        click.echo(f"  下一步（{m.next_action.due}）：{m.next_action.action}")
    for d in m.documents:
        click.echo(f"  {folder / d.file}")
    for s in m.skipped_documents:
        click.echo(f"  ! 未生成 {s['kind']}：{s['reason']}")
    for h in m.held_back:
        click.echo(f"  ✗ 暂不生成{h.title}（所需数据有问题，其余文书已生成）：")
        for p in h.problems:
            shown = f"（当前值：{p.value}）" if p.value is not None else ""
            click.echo(f"      - {p.path}：{p.message}{shown}")
    for f in m.findings:
        click.echo(f"  ! [{f.rule_id}/{f.severity}] {f.where}：{f.text}")
    for w in m.warnings:
        click.echo(f"  ! {w}")
    if m.edited:
        from .preserve import EDITED_NOTICE

        click.echo(f"  ✎ {EDITED_NOTICE.format(n=len(m.edited))}：")
        for e in m.edited:
            beside = f"（新生成的版本：{folder / e.new_version}）" if e.new_version else ""
            click.echo(f"    {folder / e.file}{beside}")


@cli.command()
@click.argument("case_dir", type=click.Path(path_type=Path))
@click.option("--out", "out_dir", default="out", show_default=True, type=click.Path(path_type=Path), help="输出文件夹")
@_with_build_opts
def bundle(case_dir: Path, out_dir: Path, profiles, font, templates, as_of, rules, cover_sheets, max_mb, strict, all_documents=False) -> None:  # type: ignore[no-untyped-def]
    """只生成证据目录及证据材料 PDF。"""
    _use_font(font)
    from dataclasses import replace

    opts = replace(_options(templates, ("bundle",), as_of, rules, cover_sheets, max_mb), strict=strict, profiles=tuple(profiles))
    _build_and_report(case_dir, out_dir, opts)


@cli.command()
@click.argument("case_dir", type=click.Path(path_type=Path), required=False)
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出")
@click.option("--rules", type=click.Path(dir_okay=False, exists=True), help="自定义合规规则文件（TOML）")
@click.option("--evaluate", "evaluate_split", is_flag=False, flag_value="heldout", default=None,
              type=click.Choice(["heldout", "train", "novel", "independent"]),
              help="在项目语料上评估文字检查（默认留出集 heldout），报告各类别、各规避方式的精确率/召回率")
@_profile_opt
def check(case_dir: Path | None, as_json: bool, rules: str | None, evaluate_split: str | None,
          profiles: tuple[Path, ...] = ()) -> None:
    """合规检查：催收文字、催收记录和请求金额是否越界。有 block 级问题时退出码为 1。"""
    from .checks import check_case

    if evaluate_split:
        from .checks import load_rules
        from .checks.evaluate import evaluate, format_evaluation

        try:
            ev = evaluate(evaluate_split, rules=load_rules(Path(rules) if rules else None))
        except ValueError as exc:
            click.echo(f"✗ {exc}")
            sys.exit(1)
        click.echo(json.dumps(ev.to_dict(), ensure_ascii=False, indent=2) if as_json else format_evaluation(ev))
        return
    if case_dir is None:
        click.echo("✗ 缺少参数 CASE_DIR：应为案件文件夹（或使用 --evaluate 评估语料）")
        sys.exit(2)

    case = _load_or_exit(case_dir, profiles)
    try:
        findings = check_case(case, rules_file=Path(rules) if rules else None)
    except ValueError as exc:
        click.echo(f"✗ {exc}")
        sys.exit(1)
    if as_json:
        click.echo(json.dumps([f.to_dict() for f in findings], ensure_ascii=False, indent=2))
    elif not findings:
        click.echo(f"✓ {case.case_id}：未发现合规问题")
    else:
        for f in findings:
            click.echo(f"[{f.rule_id}/{'阻断' if f.severity == 'block' else '提示'}] {f.where}：{f.text}")
            click.echo(f"    依据：{f.basis}")
            click.echo(f"    建议：{f.suggestion}")
    sys.exit(1 if any(f.severity == "block" for f in findings) else 0)


@cli.group()
def templates() -> None:
    """模板工具。"""


@templates.command("check")
@click.argument("directory", required=False, type=click.Path(file_okay=False, exists=True, path_type=Path))
def templates_check(directory: Path | None) -> None:
    """检查模板：变量路径、过滤器、被拆分或含弯引号的标签、未闭合的块。"""
    from .render import check_templates
    from .soft import check_soft_templates

    problems = check_templates(directory) + check_soft_templates(directory)
    if directory is not None:
        from .firm_templates import misnamed_templates

        problems += [m.message() for m in misnamed_templates(directory)]  # type: ignore[misc]
    if not problems:
        click.echo("✓ 模板检查通过")
        return
    for p in problems:
        click.echo(f"✗ {p}")
    sys.exit(1)


@templates.command("export")
@click.argument("directory", type=click.Path(path_type=Path))
def templates_export(directory: Path) -> None:
    """导出内置模板及变量说明（每个变量的含义和示例值），供律所复制修改。"""
    from .template_export import REFERENCE_MD, ExportError, export_templates

    try:
        written = export_templates(directory)
    except (ExportError, OSError) as exc:
        click.echo(f"✗ {exc}")
        sys.exit(1)
    click.echo(f"✓ 已导出 {len(written) - 2} 个模板和变量说明到 {directory}（见 {directory / REFERENCE_MD}）")


@cli.command()
@click.argument("root", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--out", "out_dir", required=True, type=click.Path(path_type=Path), help="输出文件夹")
@click.option("--jobs", "-j", type=click.IntRange(1, 256), help="并行进程数（默认每核一个）")
@click.option("--force", is_flag=True, help="即使输入未变化也重新生成")
@click.option("--json", "as_json", is_flag=True, help="每个事件输出一行 JSON（供程序读取），不显示进度条")
@click.option("--scheduler", metavar="tcp://HOST:PORT", help="在 Dask 分布式集群上运行")
@click.option("--print", "print_files", is_flag=True,
              help="另写 打印/ 文件夹：每类函件一个 PDF（按案件顺序，每封从新的一张纸开始，便于双面打印）和邮寄清单（csv、xlsx）")
@_with_build_opts
@_with_efiling_opts
def batch(root, out_dir, jobs, force, as_json, scheduler, print_files, profiles, font, templates, as_of, rules, cover_sheets, max_mb, strict, efiling, efiling_max_mb, efiling_timeout, all_documents=False) -> None:  # type: ignore[no-untyped-def]
    """批量生成 ROOT 下所有案件文件夹（含 case.json 的文件夹）。"""
    _use_font(font)
    from dataclasses import replace

    from .batch import run_batch

    opts = _options(templates, (), as_of, rules, cover_sheets, max_mb, efiling=(efiling, efiling_max_mb, efiling_timeout))
    opts = replace(opts, strict=strict, all_documents=all_documents or opts.all_documents, profiles=tuple(profiles))
    bar = None
    state = {"bar": None}

    def on_event(ev):  # type: ignore[no-untyped-def]
        if as_json:
            click.echo(json.dumps(ev, ensure_ascii=False))
            return
        if ev["event"] == "start" and sys.stdout.isatty():
            state["bar"] = click.progressbar(length=ev["total"], label="生成中", show_eta=True, show_pos=True)
            state["bar"].__enter__()
        elif ev["event"] == "case":
            if state["bar"] is not None:
                state["bar"].update(1)
            elif ev["status"] == "failed":
                click.echo(f"✗ {ev['case_dir']}：{ev['error']}")
        elif ev["event"] == "end" and state["bar"] is not None:
            state["bar"].__exit__(None, None, None)

    try:
        report = run_batch(root, out_dir, jobs=jobs, force=force, options=opts, scheduler=scheduler, on_event=on_event,
                           print_files=print_files)
    except RuntimeError as exc:
        raise click.UsageError(str(exc)) from None
    del bar
    if not as_json:
        c = report.counts
        if not report.cases:
            click.echo(f"! {root} 下没有找到案件文件夹（含 case.json 的文件夹）")
        click.echo(f"完成：生成 {c['built']}，未变化跳过 {c['skipped']}，失败 {c['failed']}（共 {len(report.cases)} 件）")
        if report.edited:
            from .preserve import EDITED_NOTICE

            click.echo(f"✎ {EDITED_NOTICE.format(n=report.edited)}（新生成的版本写在原文件旁边，名称带“（重新生成）”）：")
            for r in report.cases:
                for f in r.edited:
                    click.echo(f"  {Path(out_dir) / (r.output or '') / f}")
        for r in report.cases:
            if r.status == "failed":
                click.echo(f"  ✗ {r.case_dir}：{r.error}")
                for p in r.problems[:10]:
                    click.echo(f"      - {p}")
        notices = report.notices
        if notices:
            click.echo(f"提示 {len(notices)} 条（相同的提示只列一次）：")
            for n in notices[:30]:
                many = f"（{len(n['cases'])} 件）" if len(n["cases"]) > 1 else f"（{n['cases'][0]}）"
                click.echo(f"  ! [{n['code']}] {n['text']}{many}")
            if len(notices) > 30:
                click.echo(f"  … 其余 {len(notices) - 30} 条见 batch-report.json")
        if report.partial:
            click.echo(f"! 部分生成 {report.partial} 件（部分文书因所需数据有问题暂不生成，其余已生成）：")
            for r in report.cases:
                if r.held_back:
                    click.echo(f"  {r.case_dir}：暂不生成 {'、'.join(r.held_back)}")
                    for p in r.problems[:10]:
                        click.echo(f"      - {p}")
        if report.printed is not None:
            letters = "、".join(f"{ {'demand_letter': '催款函', 'lawyer_letter': '律师函'}[k] } {n} 封" for k, n in report.printed["letters"].items())
            click.echo(f"打印文件：{Path(out_dir) / '打印'}（{letters or '无函件'}；邮寄清单 {report.printed['recipients']} 行）")
            for w in report.printed["warnings"]:
                click.echo(f"  ! {w}")
        if report.profiles:
            click.echo("使用档案：" + "、".join(Path(p).name for p in report.profiles) + "（案件中的同名项优先）")
        click.echo(f"报告：{Path(out_dir) / 'batch-report.json'}")
    sys.exit(1 if not report.ok else EXIT_PARTIAL if report.partial else 0)


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="监听地址（非本机地址必须设置访问令牌）")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="端口")
@click.option("--data", "data_dir", default="cuishou-data", show_default=True, type=click.Path(file_okay=False, path_type=Path), help="数据文件夹（任务表、上传的案件、生成结果）")
@click.option("--workers", type=click.IntRange(1, 64), help="生成文书的工作进程数（默认每核一个）")
@click.option("--token-file", type=click.Path(dir_okay=False, path_type=Path), help="访问令牌文件（否则读环境变量 CUISHOU_TOKEN）")
@click.option("--webhook-url", metavar="URL", help="任务结束时 POST 结果的回调地址")
@click.option("--webhook-secret-file", type=click.Path(dir_okay=False, path_type=Path), help="回调签名密钥文件（否则读环境变量 CUISHOU_WEBHOOK_SECRET）")
@click.option("--max-upload-mb", type=click.IntRange(1, 10_000), default=256, show_default=True, help="单次上传大小上限（MB）")
@click.option("--max-files", type=click.IntRange(1, 100_000), default=500, show_default=True, help="每个案件的文件数上限")
@click.option("--templates", type=click.Path(file_okay=False, exists=True, path_type=Path), help="律所自有模板文件夹（用于全部任务）")
@click.option("--rules", type=click.Path(dir_okay=False, exists=True, path_type=Path), help="自定义合规规则文件（用于全部任务）")
@click.option("--log-level", type=click.Choice(["debug", "info", "warning", "error"]), default="info", show_default=True, help="日志级别")
def serve(host, port, data_dir, workers, token_file, webhook_url, webhook_secret_file, max_upload_mb, max_files, templates, rules, log_level) -> None:  # type: ignore[no-untyped-def]
    """启动 HTTP 服务，供文档管理系统、案件管理系统提交案件、取回文书（需要 pip install 'cuishou[serve]'）。"""
    import os
    from dataclasses import replace

    import importlib.util

    missing = [m for m in ("fastapi", "uvicorn", "multipart") if importlib.util.find_spec(m) is None]
    if missing:
        click.echo(f"✗ 缺少 HTTP 服务所需的软件包（{'、'.join(missing)}）：请运行 pip install 'cuishou[serve]'")
        sys.exit(1)
    from .service import ConfigError, Limits, ServiceConfig
    from .service import serve as run_service
    from .service.config import TOKEN_ENV, WEBHOOK_SECRET_ENV, read_secret_file, secret_file_warning

    try:
        token = read_secret_file(token_file, "访问令牌", "--token-file") if token_file else (os.environ.get(TOKEN_ENV) or None)
        secret = (
            read_secret_file(webhook_secret_file, "回调签名密钥", "--webhook-secret-file")
            if webhook_secret_file
            else (os.environ.get(WEBHOOK_SECRET_ENV) or None)
        )
        for f in (token_file, webhook_secret_file):
            warning = secret_file_warning(f) if f else None
            if warning:
                click.echo(warning, err=True)
        base = ServiceConfig()
        config = ServiceConfig(
            data_dir=data_dir,
            host=host,
            port=port,
            workers=workers or base.workers,
            token=token,
            limits=replace(Limits(), max_upload_bytes=max_upload_mb * 1024 * 1024, max_files=max_files),
            webhook_url=webhook_url,
            webhook_secret=secret,
            templates_dir=templates,
            rules_file=rules,
            log_level=log_level,
        )
        run_service(config)
    except ConfigError as exc:
        click.echo(f"✗ {exc}")
        sys.exit(1)
@cli.command("import")
@click.argument("source", required=False, type=click.Path(path_type=Path))
@click.option("--out", "out_dir", type=click.Path(path_type=Path), help="案件输出文件夹（每笔借款一个案件文件夹）")
@click.option("--mapping", type=click.Path(dir_okay=False, path_type=Path), help="映射文件（TOML）：工作表、列标题、债权人等")
@click.option("--evidence-root", type=click.Path(path_type=Path), help="证据文件夹：表格中的证据路径和文件名模式都相对于它")
@click.option("--as-of", "as_of", metavar="YYYY-MM-DD", help="计算截止日（覆盖表格和映射文件中的日期）")
@click.option("--dry-run", is_flag=True, help="只检查，不写任何文件")
@click.option("--strict", is_flag=True, help="有任何问题时一件也不导入")
@click.option("--overwrite", is_flag=True, help="覆盖手工修改过或不是导入生成的案件文件夹")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出导入报告")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), help="并行进程数（默认每核一个，最多 4 个；结果与进程数无关）")
@click.option("--template", type=click.Path(dir_okay=False, path_type=Path),
              help="写出空白导入模板（.xlsx，含说明工作表）或映射文件骨架（.toml）后退出")
def import_(source, out_dir, mapping, evidence_root, as_of, dry_run, strict, overwrite, as_json, jobs, template) -> None:  # type: ignore[no-untyped-def]
    """从表格（.xlsx 工作簿或 .csv 导出文件）导入案件：每笔借款一个案件文件夹，并写导入报告。"""
    from .intake import REPORT_TEXT, IntakeError, MappingError, import_cases, write_template

    if template is not None:
        try:
            written = write_template(template)
        except (ValueError, OSError) as exc:
            raise click.UsageError(str(exc)) from None
        click.echo(f"已写入 {written}")
        return
    if source is None:
        raise click.UsageError("请给出要导入的 .xlsx 或 .csv 文件（或用 --template 生成模板）")
    if out_dir is None:
        raise click.UsageError("请用 --out 指定案件输出文件夹")
    try:
        report = import_cases(
            source, out_dir, mapping=mapping, evidence_root=evidence_root, dry_run=dry_run, strict=strict,
            as_of=_date_option(as_of), overwrite=overwrite, jobs=jobs,
        )
    except MappingError as exc:
        click.echo(f"✗ 映射文件 {mapping} 有 {len(exc.problems)} 个问题：")
        for p in exc.problems:
            click.echo(f"  - {p}")
        sys.exit(2)
    except IntakeError as exc:
        click.echo(f"✗ {exc}")
        sys.exit(2)
    if as_json:
        click.echo(report.to_json(), nl=False)
        sys.exit(0 if report.ok else 1)
    click.echo(("✓ " if report.ok else "✗ ") + report.summary_line())
    o = report.outcomes
    if not dry_run and report.cases:
        click.echo(f"  新建 {o['created']}，更新 {o['updated']}，未变化 {o['unchanged']}（输出到 {out_dir}）")
    shown = 50
    for p in report.problems[:shown]:
        click.echo(f"  ✗ {p}")
    if len(report.problems) > shown:
        click.echo(f"  … 其余 {len(report.problems) - shown} 个问题见导入报告")
    if report.notes:
        click.echo("导入时做了以下换算，请核对：")
        for n in report.notes.values():
            click.echo(f"  - {n}")
    for r in report.remarks:
        click.echo(f"  ! {r}")
    if not dry_run:
        click.echo(f"报告：{Path(out_dir) / REPORT_TEXT}")
    sys.exit(0 if report.ok else 1)


def main() -> None:
    import os

    try:
        cli.main(prog_name="cuishou", standalone_mode=True)
    except KeyboardInterrupt:
        click.echo("已中断", err=True)
        sys.exit(130)
    except Exception as exc:  # last resort: a bug must not greet the user with a traceback
        if os.environ.get("CUISHOU_DEBUG"):
            raise
        click.echo(f"内部错误（{type(exc).__name__}）：{exc}。请将输入与此信息报告给维护者；设置 CUISHOU_DEBUG=1 可查看详细信息。", err=True)
        sys.exit(70)


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出")
def doctor(as_json: bool) -> None:
    """检查本机环境：哪些部分齐全、缺少什么、缺少时哪些功能不可用。必需部分齐全时退出码为 0，否则为 1。"""
    from .doctor import diagnose, format_report

    report = diagnose()
    click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2) if as_json else format_report(report))
    sys.exit(0 if report.ok else 1)


@cli.command()
@click.argument("root", type=click.Path(path_type=Path))
@click.option("--as-of", "as_of", metavar="YYYY-MM-DD", help="按该日判断各案阶段（默认各案计算截止日）")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出")
@click.option("--html", "html_file", type=click.Path(path_type=Path), help="另写一个可用浏览器打开的总览页面")
@_profile_opt
def status(root: Path, as_of: str | None, as_json: bool, html_file: Path | None, profiles: tuple[Path, ...] = ()) -> None:
    """案件总览：每案一行（阶段、下一步及日期、请求金额、时效最后一日、合规拦截），按紧迫程度排序。"""
    from .status import _write_whole, portfolio, portfolio_html, portfolio_json

    if not root.is_dir():
        click.echo(f"✗ 文件夹不存在：{root}")
        sys.exit(1)
    day = _date_option(as_of)
    rows = portfolio(root, day, profiles=list(profiles) if profiles else None)
    if html_file is not None:
        try:
            _write_whole(html_file, portfolio_html(rows, day))
        except OSError as exc:
            click.echo(f"✗ 无法写入 {html_file}：{exc.strerror or exc}")
            sys.exit(1)
    if as_json:
        click.echo(portfolio_json(rows, day).decode("utf-8"), nl=False)
        return
    if not rows:
        click.echo(f"{root} 下没有案件（含 case.json 的文件夹）")
        return
    for r in rows:
        flag = {"overdue": "⚠ 已逾期", "limitation": "⚠ 时效临近", "error": "✗ 数据有误"}.get(r.urgency, "")
        amount = f"{r.amount}元" if r.amount else ""
        click.echo(f"{r.case_id}\t{r.label}\t{r.due or ''}\t{r.problem or r.next_action}\t{amount}\t"
                   f"时效至{r.limitation_last_day or '—'}\t{('拦截' + str(r.blocks)) if r.blocks else ''}\t{flag}")
    if html_file is not None:
        click.echo(f"总览页面：{html_file}")
