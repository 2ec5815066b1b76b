"""The ``cuishou`` command. Each command is a thin wrapper over one API function.

Exit status: 0 success, 1 a case is invalid or a build failed, 2 usage error.
Bad input never produces a Python traceback: errors are printed in Chinese.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from . import __version__
from .case import CaseError, load_case


def _echo_problems(case_dir: Path, exc: CaseError) -> None:
    click.echo(f"✗ {case_dir}：发现 {len(exc.problems)} 个问题", err=False)
    for p in exc.problems:
        click.echo(f"  - {p}")


class _Group(click.Group):
    def main(self, *args, **kwargs):  # type: ignore[override]
        # click exits with 2 on usage errors; make sure the message is Chinese-friendly
        return super().main(*args, **kwargs)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="cuishou", message="%(prog)s %(version)s")
def cli() -> None:
    """催收文书流水线：从逾期借款案件生成催款函、律师函、分期还款协议、支付令申请书或民事起诉状及证据材料。"""


@cli.command()
@click.argument("case_dirs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出结果")
def validate(case_dirs: tuple[Path, ...], as_json: bool) -> None:
    """校验一个或多个案件文件夹，一次列出全部问题。"""
    bad = 0
    results = []
    for case_dir in case_dirs:
        try:
            case = load_case(case_dir)
        except CaseError as exc:
            bad += 1
            results.append({"case_dir": str(case_dir), "valid": False, "problems": [p.to_dict() for p in exc.problems]})
            if not as_json:
                _echo_problems(case_dir, exc)
            continue
        results.append({"case_dir": str(case_dir), "valid": True, "case_id": case.case_id, "problems": []})
        if not as_json:
            click.echo(f"✓ {case_dir}：案件 {case.case_id} 校验通过（{_summary(case)}）")
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


def main() -> None:
    try:
        cli.main(prog_name="cuishou", standalone_mode=True)
    except KeyboardInterrupt:
        click.echo("已中断", err=True)
        sys.exit(130)
