"""The pipeline: load -> check -> charts -> layout -> edition finish -> preflight -> write atomically."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from .errors import BrochureError, ContentError, Problem


@dataclass
class Project:
    """Where things are: content folder, brand file, output and cache folders."""

    content: Path
    output: Path
    brand: Path
    cache: Path | None

    @classmethod
    def at(cls, content: Path, output: Path | None = None, brand: Path | None = None,
           cache: Path | None | bool = True) -> "Project":
        content = Path(content)
        base = content.resolve().parent
        if cache is True:
            cache = Path(os.environ.get("BROCHURE_CACHE", base / ".cache" / "charts"))
        return cls(content, Path(output) if output else base / "output",
                   Path(brand) if brand else base / "assets" / "brand.yml", cache or None)


@dataclass
class Written:
    path: Path
    edition: str
    pages: int
    seconds: float
    language: str
    mission: str | None
    findings: list = field(default_factory=list)


def issued_date(content) -> dt.datetime:
    """The edition's date: SOURCE_DATE_EPOCH if set, else meta.issued, else a fixed date."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).replace(tzinfo=None)
    issued = content.brochure.meta.issued
    if issued:
        return dt.datetime(issued.year, issued.month, issued.day)
    return dt.datetime(2000, 1, 1)


def check(project: Project, mission: str | None = None):
    """Load and check everything a build needs without laying out a page. Returns (content, theme)."""
    from . import content as content_stage
    from .brand import load_theme
    from .checks import check_content

    problems: list[Problem] = []
    content = theme = None
    try:
        content = content_stage.load(project.content, mission)
    except ContentError as exc:
        problems += exc.problems
    try:
        theme = load_theme(project.brand)
    except ContentError as exc:
        problems += exc.problems
    if content is not None and theme is not None:
        problems += check_content(content, theme)
    if problems:
        raise ContentError(problems)
    return content, theme


def output_path(project: Project, content, edition: str) -> Path:
    meta = content.brochure.meta
    folder = project.output / content.mission if content.mission else project.output
    return folder / f"{meta.slug}-{content.language}-{edition}.pdf"


def build(project: Project, mission: str | None = None, editions: list[str] | None = None,
          preflight: bool = True, loaded=None) -> list[Written]:
    """Build every edition of one brochure; returns what was written. Nothing half-written survives."""
    from . import editions as edition_registry
    from .fonts import register

    content, theme = loaded or check(project, mission)
    wanted = editions or list(content.brochure.meta.editions)
    fonts = register(theme, content.language)
    issued = issued_date(content)
    svgs = _chart_svgs(project, content, theme, fonts)
    written = []
    for name in wanted:
        started = time.perf_counter()
        edition = edition_registry.get(name)
        target = output_path(project, content, name)
        findings = _write_edition(target, content, theme, edition, fonts, svgs, issued, preflight)
        written.append(Written(target, name, findings[0], time.perf_counter() - started, content.language,
                               mission, findings[1]))
    return written


def _chart_svgs(project, content, theme, fonts) -> dict:
    """Chart SVGs, shared by both editions (colours are mapped per edition afterwards)."""
    from . import charts
    from .editions import get
    from .layout import chart_specs

    specs = chart_specs(content, theme, get("screen"), fonts)
    return {key: charts.draw(spec, project.cache) for key, spec in specs.items()}


def _write_edition(target: Path, content, theme, edition, fonts, svgs, issued, run_preflight):
    from .charts.vector import to_drawing
    from .layout import Geometry, render

    colours = {s.rgb.lower(): edition.colour(s) for s in theme.swatches.values()}
    ink = edition.colour(theme.swatch("text"))
    drawings = {key: to_drawing(svg, colours, fonts, ink) for key, svg in svgs.items()}
    rendered = render(content, theme, edition, fonts, drawings, issued.date())
    geometry = Geometry.for_paper(content.brochure.meta.paper, edition.offset)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.stem}.", suffix=".tmp")
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(rendered.pdf)
        edition.finish(tmp, content, theme, geometry, rendered, issued)
        findings = []
        if run_preflight:
            from .preflight import preflight

            report = preflight(tmp, edition.name)
            findings = report.findings
            if report.failed:
                failures = [f for f in report.findings if f.level == "FAIL"]
                lines = "\n".join(f"  {f.level}  {f.check}  {f.message}" for f in failures)
                raise BrochureError(f"{target.name} failed preflight ({edition.name}):\n{lines}")
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    finally:
        if tmp.exists():
            tmp.unlink()
    return rendered.pages, findings
