"""Command line: build, check, preflight, preview, new-mission, new-language, schema, watch.

Imports stay inside the commands so `--help` and `check` start fast (no svglib, no layout).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

TYPE_CHECKING = False   # typing.TYPE_CHECKING, without importing typing (--help starts fast)
if TYPE_CHECKING:
    from typing import NoReturn


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="brochure", description="Build branded investor brochures (PDF) "
                                     "from the YAML content in content/.")
    parser.add_argument("--debug", action="store_true", help="show a full traceback on errors")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    from .editions import MEASURE, names        # light: edition modules import their libraries when used

    editions = names()

    def count(low: int):
        """An argument that is a whole number of at least `low` (argparse says so, exit 2)."""
        def parse(text: str) -> int:
            try:
                value = int(text)
            except ValueError:
                raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
            if value < low:
                raise argparse.ArgumentTypeError(f"{value} is less than {low}")
            return value
        return parse

    def mission_name(text: str) -> str:
        if not text.strip():
            raise argparse.ArgumentTypeError("an empty name; name a file of content/missions/ without .yaml")
        return text

    def common(p, mission=True):
        p.add_argument("--content", type=Path, default=Path("content"), help="content folder (default: content)")
        p.add_argument("--brand", type=Path, default=None,
                       help="brand file (default: assets/brand.yml beside the content folder, else the tool's own)")
        if mission:
            p.add_argument("--mission", type=mission_name,
                           help="mission overlay from content/missions/ (default: none)")
            p.add_argument("--draft", action="store_true",
                           help="build even with placeholders or missing translations (English printed "
                                "instead); every page is marked DRAFT")

    p = sub.add_parser("build", help=f"write the PDFs ({', '.join(editions)} editions)")
    common(p)
    p.add_argument("--output", type=Path, default=None, help="output folder (default: output)")
    p.add_argument("--edition", action="append", choices=editions,
                   help="only this edition (repeatable; default: the content's editions)")
    p.add_argument("--all-missions", action="store_true", help="build the base brochure and every mission")
    p.add_argument("--jobs", type=count(1), default=0,
                   help="parallel workers for --all-missions, at least 1 (default: cores)")
    p.add_argument("--no-cache", action="store_true", help="convert every logo and icon again (no cache)")

    p = sub.add_parser("check", help="validate content, mission and brand without rendering")
    common(p)
    p.add_argument("--all-missions", action="store_true", help="check the base content and every mission")
    p.add_argument("--verbose", action="store_true", help="list every figure older than --max-age")
    p.add_argument("--strict", action="store_true", help="treat figures older than --max-age as errors")
    p.add_argument("--max-age", type=count(0), default=5,
                   help="age in years after which a figure is old (default 5)")

    p = sub.add_parser("preview", help="render page thumbnails and a contact sheet (PNG) of the brochure")
    common(p)
    p.add_argument("--output", type=Path, default=None, help="output folder (default: output)")
    p.add_argument("--edition", choices=editions, default=MEASURE)

    p = sub.add_parser("watch", help="rebuild whenever content, brand or assets change")
    common(p)
    p.add_argument("--output", type=Path, default=None, help="output folder (default: output)")

    p = sub.add_parser("new-mission", help="write a commented starter file content/missions/NAME.yaml")
    p.add_argument("name", help="mission name, e.g. boston-2027 (lower case, digits, hyphens)")
    p.add_argument("--content", type=Path, default=Path("content"), help="content folder (default: content)")

    p = sub.add_parser("new-language", help="write content/translations/LANG.yaml and content/locales/LANG.yaml "
                                            "to translate, with the English text beside every field")
    p.add_argument("language", help="language tag, e.g. it, pt-BR")
    p.add_argument("--content", type=Path, default=Path("content"), help="content folder (default: content)")

    p = sub.add_parser("schema", help="write JSON Schemas for the content, mission, translation and brand files")
    p.add_argument("--output", type=Path, default=Path("schemas"), help="folder (default: schemas)")

    p = sub.add_parser("preflight", help="check a finished PDF against the print or screen rules")
    p.add_argument("pdf", type=Path)
    p.add_argument("--profile", choices=["print", "screen"], default="print")
    return parser


def _printable_streams() -> None:
    """Paths and content may hold characters the terminal's encoding (a Latin-1 or ASCII locale) cannot
    show: they are shown escaped (\\u20ac) instead of failing the command after its work is done."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="backslashreplace")
        except (AttributeError, ValueError, OSError):
            pass        # not a text stream of our own (a test's capture): nothing to do


def entry() -> NoReturn:
    """The `brochure` command and `python -m brochure` (both come here): main() as the whole process
    (see processes.run_command for what that changes)."""
    from .processes import run_command
    from .trace import stage

    stage("started")
    run_command(main)


def main(argv: list[str] | None = None) -> int:
    """Run one command; returns its exit status. Callable in-process (tests) with the same result."""
    _printable_streams()
    parser = _parser()
    args = parser.parse_args(argv)
    if getattr(args, "all_missions", False) and getattr(args, "mission", None):
        parser.error("--mission and --all-missions: give one or the other")
    try:
        return COMMANDS[args.command](args)
    except KeyboardInterrupt:
        print("interrupted; earlier output left as it was", file=sys.stderr)
        return 130
    except Exception as exc:  # one clear line (or list), never a traceback unless asked
        from .errors import BrochureError

        if args.debug:
            import traceback

            traceback.print_exc()
        if isinstance(exc, BrochureError):
            print(f"error: {exc}", file=sys.stderr)
            return exc.exit_code
        print(f"error: {type(exc).__name__}: {exc} (run with --debug for details)", file=sys.stderr)
        return 1


def _project(args):
    from .build import Project

    return Project.at(args.content, getattr(args, "output", None), args.brand,
                      cache=not getattr(args, "no_cache", False), draft=getattr(args, "draft", False))


def _report_draft(content, out=None) -> None:
    """What a draft printed that a finished brochure may not, on stderr (stdout lists what was written)."""
    out = out or sys.stderr
    if content.draft:
        n = len(content.notices)
        print(f"draft: every page of {content.mission or 'the base brochure'} is marked DRAFT"
              + (f"; {n} thing{'s' if n != 1 else ''} to finish before it can be handed out:" if n else ""),
              file=out)
    elif content.notices:
        print(f"note: {len(content.notices)} text(s) printed in English (meta.allow_english_fallback):", file=out)
    for notice in content.notices:
        print(f"  {notice}", file=out)


def cmd_build(args) -> int:
    from .build import build

    project = _project(args)
    if args.all_missions:
        from .batch import build_all

        return build_all(project, args.edition, args.jobs)
    from .build import BUILD_MODULES, load, preload
    from .freshness import report_freshness

    # The content is read and validated beside the imports of the layout; build() runs the content
    # checks beside the layout.
    loaded = load(project, args.mission, meanwhile=lambda: preload(BUILD_MODULES))
    for item in build(project, args.mission, args.edition, loaded=loaded):
        print(item.path)
    _report_draft(loaded[0])
    report_freshness(loaded[0], 5)
    return 0


def cmd_check(args) -> int:
    from .build import check
    from .content.missions import mission_names

    project = _project(args)
    missions = [args.mission] if not args.all_missions else [None] + mission_names(project.content)
    from .freshness import report_freshness

    from .errors import ContentError

    status = 0
    for mission in missions:
        label = mission or "base"
        try:
            content, _ = check(project, mission)
        except ContentError as exc:
            if len(missions) == 1:
                raise
            print(f"error: {label}: {exc}", file=sys.stderr, flush=True)   # and on to the next mission
            status = 2
            continue
        # --strict failures are raised here, before anything says "ok"
        notes = _Later()
        status = max(status, report_freshness(content, args.max_age, verbose=args.verbose, strict=args.strict,
                                              out=notes))
        print(f"ok: {label} ({content.language}, {content.brochure.meta.paper}, "
              f"{len(content.brochure.sections)} sections)", flush=True)
        if content.coverage is not None:
            print(f"  {content.coverage}", flush=True)
        _report_draft(content)
        notes.flush()
    return status


class _Later:
    """A stream that holds its lines until flush(), so notes follow the line they belong to."""

    def __init__(self):
        self.parts = []

    def write(self, text):
        self.parts.append(text)

    def flush(self):
        sys.stderr.write("".join(self.parts))
        self.parts = []


def cmd_preview(args) -> int:
    from .preview import run

    for path in run(_project(args), args.mission, args.edition):
        print(path)
    return 0


def cmd_watch(args) -> int:
    from .watch import run

    return run(_project(args), args.mission)


def cmd_new_mission(args) -> int:
    from .missions_starter import write_starter

    print(write_starter(args.content, args.name))
    return 0


def cmd_new_language(args) -> int:
    from .language_starter import write_language

    for path in write_language(args.content, args.language):
        print(path)
    return 0


def cmd_schema(args) -> int:
    from .schema import write_schemas

    for path in write_schemas(args.output):
        print(path)
    return 0


def cmd_preflight(args) -> int:
    from .preflight import main as preflight_main

    return preflight_main([str(args.pdf), "--profile", args.profile])


COMMANDS = {"build": cmd_build, "check": cmd_check, "preflight": cmd_preflight, "preview": cmd_preview,
            "watch": cmd_watch, "new-mission": cmd_new_mission, "new-language": cmd_new_language,
            "schema": cmd_schema}
