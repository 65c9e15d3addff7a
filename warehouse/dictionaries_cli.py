"""`evw dictionaries check FILE...` and `evw dictionaries convert --from petrarch FILE... -o DIR`.

`check` reads PETRARCH/TABARI dictionaries strictly enough to name every malformed line
(`file:line: reason`), prints counts, and lists what our engine cannot express (counted once per
kind). `convert` writes our own formats (patterns_dir with classes.txt + .pat, actor TSV files,
controls.yaml with the discards, report.json) so users can move to them and edit them. The kind of
each file is told from its name (`*verbs*`/`CAMEO*`, `*actors*`, `*agents*`, `*discards*`) or content.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

ACTIONS = ("check", "convert")


def dictionaries_command(
    action: Annotated[str, typer.Argument(help="check | convert")],
    files: Annotated[list[Path], typer.Argument(help="PETRARCH dictionary files (verbs, actors, agents, discards).")],
    source_format: Annotated[str, typer.Option("--from", help="Input format (only `petrarch`).")] = "petrarch",
    output: Annotated[Path | None, typer.Option("-o", "--output", help="convert: the directory to write.")] = None,
    replace: Annotated[bool, typer.Option(
        "--replace/--merge", help="convert: these dictionaries alone (default), or merged with ours.")] = True,
    errors: Annotated[int, typer.Option("--errors", help="check: malformed lines to print (0 = all).")] = 20,
) -> None:
    """Check or convert PETRARCH/TABARI dictionaries (verbs, actors, agents, discards)."""
    from transforms.petrarch.build import convert_to, inputs_from, summary_lines

    console = Console()
    if action not in ACTIONS:
        raise typer.BadParameter(f"unknown action {action!r}: use check or convert", param_hint="ACTION")
    if source_format != "petrarch":
        raise typer.BadParameter(f"unknown format {source_format!r}: only petrarch", param_hint="--from")
    for f in files:
        if not f.is_file():
            raise typer.BadParameter(f"{f} does not exist", param_hint="FILES")
    inp = inputs_from(files, replace)
    if action == "check":
        _check(inp.all_files(), console, errors)
        tmp = Path(__import__("tempfile").mkdtemp(prefix="evw-dict-check-"))
        try:
            built = convert_to(inp, tmp)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    else:
        if output is None:
            raise typer.BadParameter("convert needs -o DIR", param_hint="-o")
        if output.exists() and any(output.iterdir()):
            raise typer.BadParameter(f"{output} exists and is not empty", param_hint="-o")
        built = convert_to(inp, output)
        console.print(f"wrote {escape(str(output))}: "
                      + ", ".join(p.name for p in sorted(output.iterdir())), highlight=False)
    for line in summary_lines(built.report):
        console.print(escape(line), highlight=False)
    if action == "check" and built.report.get("errors"):
        raise typer.Exit(1)


def _check(paths: list[Path], console: Console, limit: int) -> None:
    from transforms.petrarch.actors import read_actors
    from transforms.petrarch.agents import read_agents
    from transforms.petrarch.detect import kind_of
    from transforms.petrarch.discards import read_discards
    from transforms.petrarch.verbs import read_verbs

    for p in paths:
        kind = kind_of(p)
        errs: list[str] = []
        if kind == "verbs":
            v = read_verbs(p, errs)
            what = (f"{len(v.blocks)} verb blocks, {v.verbs} verbs, {v.patterns} patterns, {len(v.synsets)} synsets, "
                    f"{len(v.transformations)} transformations; sections: {', '.join(v.sections) or '-'}")
            enc = v.encoding
        elif kind == "actors":
            a = read_actors(p, errs)
            what = f"{len(a.entries)} actors, {a.phrases} phrases, {a.dated} with date restrictions"
            enc = a.encoding
        elif kind == "agents":
            g = read_agents(p, errs)
            what = f"{len(g.entries)} agent phrases, {len(g.substitutions)} substitution sets"
            enc = g.encoding
        else:
            d = read_discards(p)
            story = sum(1 for e in d.entries if e.story)
            what = f"{len(d.entries)} discard phrases ({story} story-level)"
            enc = d.encoding
        status = "ok" if not errs else f"{len(errs)} malformed line(s) skipped"
        console.print(escape(f"{p.name} ({kind}, {enc}): {what}; {status}"), highlight=False)
        for e in errs[: limit or None]:
            console.print(escape(f"  {e}"), highlight=False)
