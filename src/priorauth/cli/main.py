"""The `priorauth` command line."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table
from rich.tree import Tree

from priorauth.policy.loader import PolicyFileError, policy_root

app = typer.Typer(
    help="Prior-authorization decisions for advanced imaging, from coverage policies kept as data.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
policy_app = typer.Typer(
    help="List, show, validate and test the loaded policies.", no_args_is_help=True
)
app.add_typer(policy_app, name="policy")


def _service_commands() -> None:
    from priorauth.cli.service import admin_app, cases_app, db_app, demo_app, serve

    app.add_typer(db_app, name="db")
    app.add_typer(admin_app, name="admin")
    app.add_typer(cases_app, name="cases")
    app.add_typer(demo_app, name="demo")
    app.command()(serve)


_service_commands()

out = Console(highlight=False, width=None if sys.stdout.isatty() else 160)
err = Console(stderr=True, highlight=False)

EXIT_INVALID = 2  # the input was refused
EXIT_POLICY = 3  # a policy file is broken

RootOption = Annotated[
    Path | None,
    typer.Option(
        "--policies", help="Policies folder (default: $PRIORAUTH_POLICIES or the bundled one)."
    ),
]


class Explain(StrEnum):
    full = "full"
    fails = "fails"
    matched = "matched"


def _fail(message: str, code: int) -> typer.Exit:
    typer.echo(message, err=True)
    return typer.Exit(code)


def _engine(root: Path | None) -> Any:
    from priorauth.engine.engine import Engine

    try:
        return Engine.load(root)
    except (PolicyFileError, ValueError, OSError) as e:
        raise _fail(f"cannot load policies: {e}", EXIT_POLICY) from None


def _read_request(name: str) -> Any:
    where = "stdin" if name == "-" else name
    try:
        text = sys.stdin.read() if name == "-" else Path(name).read_text(encoding="utf-8")
    except OSError as e:
        raise _fail(f"{where}: cannot read: {e.strerror}", EXIT_INVALID) from None
    except UnicodeDecodeError:
        raise _fail(f"{where}: not UTF-8 text", EXIT_INVALID) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        raise _fail(
            f"{where}: malformed JSON: {e.msg} (line {e.lineno}, column {e.colno})", EXIT_INVALID
        ) from None


@app.command()
def decide(
    files: Annotated[
        list[str], typer.Argument(help="Request JSON files, or - for standard input.")
    ],
    explain: Annotated[
        Explain | None,
        typer.Option(
            help="Add the criteria trace: every node (full), what failed, or what matched."
        ),
    ] = None,
    policies: RootOption = None,
) -> None:
    """Decide prior-authorization requests; print the decision JSON (one line per file when several).

    Refused input (malformed JSON, a missing field, an unknown payer, an invalid ICD-10-CM code, a
    malformed service code or date) exits with status 2 and a message naming the field or value."""
    from priorauth.model.request import InvalidRequest, parse_request

    engine = _engine(policies)
    several = len(files) > 1
    status = 0
    for name in files:
        try:
            request = parse_request(_read_request(name))
            result = engine.decide(request, explain=explain.value if explain else None)
        except typer.Exit:
            status = EXIT_INVALID
            continue
        except InvalidRequest as e:
            where = "stdin" if name == "-" else name
            typer.echo(f"{where}: {e}", err=True)
            status = EXIT_INVALID
            continue
        if several:
            sys.stdout.write(json.dumps(result, separators=(",", ":")) + "\n")
        else:
            sys.stdout.write(json.dumps(result, indent=2) + "\n")
    raise typer.Exit(status)


@policy_app.command("list")
def list_policies(policies: RootOption = None) -> None:
    """The loaded policies: id, program, version, effective date, services and criteria counts."""
    engine = _engine(policies)
    table = Table(
        "id", "program", "version", "effective", "services", "criteria", "nodes", "not encoded"
    )
    for p in engine.registry.policies:
        m = p.manifest
        table.add_row(
            m.id,
            m.program,
            m.version,
            str(m.effective),
            str(len(m.services)),
            str(len(p.criteria.tops)),
            str(len(p.criteria.by_id)),
            str(len(m.not_encoded)),
        )
    out.print(table)


@policy_app.command("show")
def show(
    policy_id: Annotated[str, typer.Argument(metavar="ID", help="Policy id (see `policy list`).")],
    code: Annotated[
        bool, typer.Option("--code", help="Print the compiled Python instead.")
    ] = False,
    policies: RootOption = None,
) -> None:
    """Render a policy's criteria tree: kinds, ids, verbatim text, facts and anchors."""
    from priorauth.engine.trace import plain

    engine = _engine(policies)
    policy = engine.registry.by_id.get(policy_id)
    if policy is None:
        known = ", ".join(sorted(engine.registry.by_id))
        raise _fail(f"no policy {policy_id!r}; loaded: {known}", EXIT_INVALID)
    if code:
        out.print(policy.criteria.source, markup=False)
        return
    m = policy.manifest
    root = Tree(f"[bold]{m.title}[/] ({m.id} v{m.version}, effective {m.effective}, {m.issuer})")
    crit = policy.criteria

    def label(index: int) -> str:
        node = crit.nodes[index].node
        parts = [f"[bold]{node.id}[/]"]
        if node.kind:
            parts.append(f"[magenta]{node.kind.value}[/]")
        if node.logic:
            parts.append(f"[cyan]{node.logic.upper()}[/]")
        if node.anchor:
            parts.append("[yellow]anchor[/]")
        if node.text:
            parts.append(plain(node.text).replace("[", "\\["))
        if node.fact:
            pred = (
                (node.op and f" {node.op} {node.value}")
                or (node.in_ is not None and f" in {node.in_}")
                or ""
            )
            if node.elapsed:
                pred = (
                    f" elapsed {node.elapsed.model_dump(exclude_none=True, exclude_defaults=True)}"
                )
            parts.append(
                f"[green]⟨{node.fact}{pred}⟩[/]".replace("[", "\\[")
                .replace("\\[green]", "[green]")
                .replace("\\[/]", "[/]")
            )
        if node.external:
            parts.append(f"[red]⟨outside loaded policies: {node.external.guideline}⟩[/]")
        return " ".join(parts)

    def add(tree: Tree, index: int) -> None:
        branch = tree.add(label(index))
        for child in crit.nodes[index].children:
            add(branch, child)

    for top in crit.tops:
        add(root, top)
    out.print(root)
    if m.not_encoded:
        out.print("[bold]Not encoded[/]")
        for item in m.not_encoded:
            typer.echo(f"  • {item.item}: {item.reason}")


@policy_app.command("lint")
def lint(policies: RootOption = None) -> None:
    """Validate every policy folder against the format and its source document."""
    from priorauth.policy.validator import lint_root

    root = policies or policy_root()
    problems = lint_root(root)
    for p in problems:
        typer.echo(f"✗ {p}")
    if problems:
        raise _fail(f"{len(problems)} problem(s) in {root}", 1)
    typer.echo(f"✓ all policies in {root} are valid")


@policy_app.command("test")
def test_cases(
    policy_id: Annotated[
        str | None, typer.Argument(metavar="[ID]", help="One policy; default all.")
    ] = None,
    coverage: Annotated[
        bool, typer.Option(help="List leaves not driven TRUE, FALSE and UNKNOWN.")
    ] = False,
    policies: RootOption = None,
) -> None:
    """Run the golden cases beside each policy; report failures and criteria coverage."""
    from priorauth.engine.golden import run_policy_cases

    engine = _engine(policies)
    selected = [p for p in engine.registry.policies if policy_id in (None, p.id)]
    if not selected:
        raise _fail(f"no policy {policy_id!r}", EXIT_INVALID)
    failed = 0
    for policy in selected:
        results, cov = run_policy_cases(engine, policy)
        bad = [r for r in results if not r.passed]
        failed += len(bad)
        typer.echo(
            f"{policy.id}: {len(results) - len(bad)}/{len(results)} cases pass, "
            f"leaf coverage {cov.fraction():.0%} of TRUE/FALSE/UNKNOWN"
        )
        for r in bad:
            typer.echo(f"  ✗ {r.case}: {'; '.join(r.failures)}")
        if coverage:
            for leaf, missing in cov.missing().items():
                typer.echo(f"  · {leaf} never {'/'.join(missing)}")
    if failed:
        raise typer.Exit(1)
