"""The pipeline: load -> check -> charts -> layout -> edition finish -> preflight -> write atomically."""

from __future__ import annotations

import datetime as dt
import errno
import functools
import os
import stat
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import numbers, processes
from .errors import BrochureError, ContentError, Problem, write_error
from .trace import stage

if TYPE_CHECKING:
    from .brand import Theme
    from .content import Content
    from .editions._edition import Edition
    from .fonts import FontNames
    from .layout import Hint, Rendered
    from .preflight.common import Finding
    from .preflight.worker import TextPass, TextPassWorker


@dataclass
class Project:
    """Where things are: content folder, brand file, output and cache folders."""

    content: Path
    output: Path
    brand: Path
    cache: Path | None
    draft: bool = False     # --draft: placeholders and missing texts allowed, every page marked DRAFT
    output_given: bool = True       # False: the default output/ folder, which must stay inside the project

    @classmethod
    def at(cls, content: Path, output: Path | None = None, brand: Path | None = None,
           cache: Path | None | bool = True, draft: bool = False) -> "Project":
        content = Path(content)
        base = content.resolve().parent
        if brand is not None and not Path(brand).resolve().is_relative_to(base):
            # Every file the tool reads is inside the project: a brand file elsewhere (or a link to
            # one) is refused without being read, so nothing of it is echoed.
            raise ContentError([Problem(str(brand), None, None, "--brand",
                                        f"is outside the project ({base}); keep the brand file in the project, "
                                        "such as assets/brand.yml beside the content folder")])
        if cache is True:
            cache = Path(os.environ.get("BROCHURE_CACHE") or base / ".cache" / "charts")
        return cls(content, Path(output) if output else base / "output",
                   Path(brand) if brand else default_brand(base), cache or None, draft, bool(output))


def default_brand(base: Path) -> Path:
    """The brand file of a project: assets/brand.yml beside its content folder when there is one, else
    the brand that ships with the tool (so an installed `brochure build` works in any folder)."""
    from .assets import default_assets

    own = base / "assets" / "brand.yml"
    return own if own.exists() or own.is_symlink() else default_assets() / "brand.yml"


@dataclass
class Written:
    path: Path
    edition: str
    pages: int
    seconds: float
    language: str
    mission: str | None
    findings: list[Finding] = field(default_factory=list)


def issued_date(content: Content) -> dt.datetime:
    """The edition's date: SOURCE_DATE_EPOCH if set, else meta.issued, else a fixed date."""
    epoch = source_date_epoch()
    if epoch is not None:
        return dt.datetime.fromtimestamp(epoch, dt.timezone.utc).replace(tzinfo=None)
    issued = content.brochure.meta.issued
    if issued:
        return dt.datetime(issued.year, issued.month, issued.day)
    return dt.datetime(2000, 1, 1)


MAX_EPOCH = 253_402_300_799        # 9999-12-31 23:59:59 UTC: PDF dates have four-digit years


def source_date_epoch() -> int | None:
    """SOURCE_DATE_EPOCH as seconds since 1970, None when unset; ContentError naming the variable when
    it is not a whole number of seconds from 1970 to the end of year 9999 (reportlab reads it too)."""
    raw = os.environ.get("SOURCE_DATE_EPOCH")
    if raw is None or not raw.strip():
        return None
    text = raw.strip()
    if not text.isascii() or not text.isdigit() or int(text) > MAX_EPOCH:
        shown = text if len(text) <= 30 else text[:27] + "..."
        raise ContentError([Problem("environment", None, None, "SOURCE_DATE_EPOCH",
                                    f"{shown!r} is not a date this tool can print: expected whole seconds since "
                                    "1970-01-01 up to the year 9999, e.g. 1700000000 (or unset the variable)")])
    return int(text)


class Loaded(tuple[Any, Any]):
    """(content, theme) as load() or check() returned them; `checked` says whether the content
    checks (glyphs, fits, figures) have run on them yet."""

    checked = False

    def __new__(cls, content: Content, theme: Theme, checked: bool) -> Loaded:
        loaded = super().__new__(cls, (content, theme))
        loaded.checked = checked
        return loaded


def load(project: Project, mission: str | None = None, meanwhile: Callable[[], None] | None = None) -> Loaded:
    """Read and validate the content, mission and brand; every problem of either is raised at once.

    With `meanwhile`, where processes.can_fork() allows, the reading and validating happen in a child
    process while this one runs meanwhile() (a build imports its layout, on the core that would
    otherwise wait); the child sends back the finished content and theme. This process then never
    builds the validators (the models build them on first use, see content/models.py). Should the
    child fail in any other way than with problems in the content, the content is read here after
    all, so that the failure is reported as it would have been: the child can only save time."""
    if meanwhile is None or not processes.can_fork():
        return _load(project, mission)
    import importlib

    # The classes the content and theme are made of, which both processes need: imported once, here.
    for module in ("brochure.content", "brochure.brand"):
        importlib.import_module(module)
    child = processes.start(_loaded_or_problems, project, mission)
    meanwhile()
    try:
        ok, value = child.result()
    except Exception:  # noqa: BLE001 - anything but the content's problems: read it here instead
        return _load(project, mission)
    if not ok:
        raise ContentError(value)
    content, theme = value
    return Loaded(content, theme, False)


def _loaded_or_problems(project: Project, mission: str | None) -> tuple[bool, Any]:
    """(True, (content, theme)) or (False, problems): a ContentError travels between processes as its
    problems (the exception itself would come back as its message only)."""
    try:
        content, theme = _load(project, mission)
        # What the layout asks of the content and would otherwise validate again in every process it
        # forks (the base brochure's sections a mission leaves out): worked out once, sent along.
        content.omitted_sections()
        numbers.save(project.cache)         # what this process asked Babel, for the next build
        return True, (content, theme)
    except ContentError as exc:
        return False, exc.problems


def _load(project: Project, mission: str | None) -> Loaded:
    from . import content as content_stage
    from .brand import load_theme

    stage("content modules imported")
    numbers.attach(project.cache)       # Babel's answers known from earlier builds (languages, figures)
    problems: list[Problem] = []
    content = theme = None
    try:
        source_date_epoch()
    except ContentError as exc:
        problems += exc.problems
    try:
        content = content_stage.load(project.content, mission, draft=project.draft)
    except ContentError as exc:
        problems += exc.problems
    stage("content read and validated")
    try:
        theme = load_theme(project.brand)
    except ContentError as exc:
        problems += exc.problems
    if problems or content is None or theme is None:
        raise ContentError(problems)
    stage("brand read and validated")
    return Loaded(content, theme, False)


def check(project: Project, mission: str | None = None) -> Loaded:
    """Load and check everything a build needs without laying out a page. Returns (content, theme)."""
    from .checks import check_content

    content, theme = load(project, mission)
    problems = check_content(content, theme)
    numbers.save(project.cache)
    if problems:
        raise ContentError(problems)
    return Loaded(content, theme, True)


def output_path(project: Project, content: Content, edition: str) -> Path:
    meta = content.brochure.meta
    folder = project.output / content.mission if content.mission else project.output
    return folder / f"{meta.slug}-{content.language}-{edition}.pdf"


def build(project: Project, mission: str | None = None, editions: list[str] | None = None,
          preflight: bool = True, loaded: Loaded | None = None, parallel: bool | None = None) -> list[Written]:
    """Build every edition of one brochure; returns what was written. Nothing half-written survives.

    `loaded` comes from load() or check() (default: load() here). Content not yet checked is checked
    here, before any PDF is replaced. With `parallel` (default: where processes.can_fork() says a
    process may be started) the editions are laid out at the same time, each in its own process, and
    the content checks run in another beside them instead of before them: most builds pass them, and
    when one does not its problems are reported, not the layout's. Each edition's preflight then
    reads its text in a helper process while it walks the content streams."""
    from . import editions as edition_registry
    from .cache import remove_stale_temporaries
    from .fonts import register
    from .preflight.worker import TextPassWorker

    loaded = loaded or load(project, mission)
    content, theme = loaded
    wanted = editions or list(content.brochure.meta.editions)
    targets = [output_path(project, content, name) for name in wanted]
    check_targets(targets, project)
    for folder in {t.parent for t in targets} | ({Path(project.cache)} if project.cache else set()):
        remove_stale_temporaries(folder)        # left by a build that was killed
    parallel = processes.can_fork() if parallel is None else parallel and processes.fork_available()
    numbers.attach(project.cache)       # Babel's formats known from earlier builds, for every process
    fonts = register(theme, content.language)
    issued = issued_date(content)
    stage("fonts registered")
    # One helper process, started now, on the core that would otherwise wait while this process gets
    # the layout ready: it runs the content checks (they need the fonts and nothing after them), then
    # loads pdfium and reads the text of each edition's PDF for its preflight while the edition's own
    # process walks the content streams.
    checks = functools.partial(_content_problems, content, theme) if not loaded.checked else None
    passes = [preflight and bool(edition_registry.get(name).preflight) for name in wanted]
    helper = TextPassWorker.start(len(wanted), checks) if parallel and (checks or any(passes)) else None
    specs = _chart_specs(content, theme, fonts)
    stage("charts described (layout modules imported)")
    hints = LayoutHints(project.cache, f"{mission or ''}|{content.language}|{content.brochure.meta.paper}")

    def one(i: int, hint: Hint | None) -> _Result:
        started = time.perf_counter()
        name = wanted[i]
        target = output_path(project, content, name)
        text_pass = helper.asker(i) if helper is not None and passes[i] else None
        tmp, rendered, findings = _write_edition(target, content, theme, edition_registry.get(name), fonts, specs,
                                                 issued, preflight, hint, project.cache, text_pass)
        if helper is not None:
            helper.release(i)           # its last text pass is done
        return _Result(Written(target, name, rendered.pages, time.perf_counter() - started, content.language,
                               mission, findings), rendered.hint, tmp)

    results: list[_Result] = []
    try:
        try:
            if parallel and len(wanted) > 1:
                # The print edition takes longest (its preflight most of all): it stays here, where its
                # findings need no sending; the others are laid out in processes of their own.
                order = sorted(range(len(wanted)), key=lambda i: edition_registry.get(wanted[i]).preflight == "print")
                results = _in_parallel(one, order, hints.get(), helper)
            else:
                problems = checks() if checks and helper is None else []
                if problems:
                    raise ContentError(problems)
                for i in range(len(wanted)):
                    # Both editions break pages alike: the first one's breaks start the second.
                    results.append(one(i, hints.get()))
                    hints.put(results[-1].hint)
        finally:
            # Problems in the content are what to report, even when an edition failed as well.
            problems = _helper_problems(helper, checks)
            if problems:
                raise ContentError(problems)
        _replace(results)
    finally:
        for result in results:
            if result.tmp.exists():
                result.tmp.unlink()
    for result in results:
        hints.put(result.hint)
    hints.save()
    numbers.save(project.cache)
    return [result.written for result in results]


# What both edition processes need beyond the layout, imported before they are started so that each
# begins with it (shared, copy-on-write) instead of importing it again: drawings, photographs, PDF
# post-processing and the preflight. Also what the workers of --all-missions start with.
EDITION_MODULES = (
    "brochure.charts", "brochure.charts.bars", "brochure.cache",
    "brochure.editions._overprint", "brochure.graphics.icons", "brochure.graphics.map",
    "brochure.graphics.photo", "brochure.layout", "brochure.layout.icons", "brochure.layout.photos",
    "brochure.layout.sections", "brochure.pdf.boxes", "brochure.pdf.fonts", "brochure.pdf.metadata",
    "brochure.pdf.pdfx", "brochure.pdf.tags", "brochure.preflight", "brochure.preflight.worker",
    "reportlab.graphics.renderPDF", "reportlab.graphics.barcode.qr", "PIL.ImageCms",
    "encodings.shift_jis",      # the QR code's encoder tries every text as kanji first
    "lxml.etree",               # pikepdf reads and writes the XMP metadata with it (edition finish)
    "babel.lists", "brochure.preflight.pages",
)


# What a build imports besides EDITION_MODULES before it forks: the classes its content and theme are
# made of, the fonts and the content checks (run in a helper process forked from this one).
BUILD_MODULES = ("brochure.content", "brochure.brand", "brochure.checks", "brochure.fonts",
                 "reportlab.pdfbase.ttfonts")


def preload(more: tuple[str, ...] = ()) -> None:
    """Import EDITION_MODULES, `more` and every edition (a module that is not there is left to the
    build to import and report)."""
    import importlib

    from .editions import get, names

    for module in EDITION_MODULES + more:
        try:
            importlib.import_module(module)
        except ImportError:
            pass
    for name in names():        # each edition module registers itself when imported
        get(name)


def read_content(project: Project, missions: list[str | None]) -> list[tuple[str | None, tuple[bool, Any]]]:
    """Each brochure's content and brand read and validated: (mission, (True, (content, theme)) or
    (False, problems)) per mission, for a process of its own to send back (batch.py)."""
    return [(mission, _loaded_or_problems(project, mission)) for mission in missions]


def _content_problems(content: Content, theme: Theme) -> list[Problem]:
    """The content checks (glyphs, fits, figures) of loaded content."""
    from .checks import check_content

    problems = list(check_content(content, theme))
    stage("content checks done")
    return problems


def check_targets(targets: list[Path], project: Project | None = None) -> None:
    """Every PDF about to be written can replace what is at its path: nothing there, or a regular file.

    Checked before the layout starts and again before the first PDF is moved into place, so a target
    that cannot be replaced (a folder, a pipe) fails the build before any edition has been replaced."""
    from .content.yamlfile import display_path

    problems = []
    if project is not None:
        # PDFs go into the output folder (the one given, or output/ inside the project) and nowhere
        # else, even through a symbolic link on the way.
        top = project.output.resolve() if project.output_given else project.content.resolve().parent
        for target in targets:
            if not target.parent.resolve().is_relative_to(top):
                problems.append(Problem(display_path(target.parent), None, None, "",
                                        "leads outside the project through a symbolic link; the PDFs are "
                                        "not written there (give --output to choose another folder)"))
    for target in targets:
        try:
            mode = os.lstat(target).st_mode
        except (FileNotFoundError, NotADirectoryError):
            # The folder it goes into, or one above it, may be a file (--output naming a file).
            folder = next((f for f in target.parents if os.path.lexists(f)), None)
            if folder is not None and not folder.is_dir():
                problem = Problem(display_path(folder), None, None, "",
                                  "is not a folder, so the PDFs cannot be written into it; move it away, or give "
                                  "--output a folder")
                if problem not in problems:
                    problems.append(problem)
            continue
        except OSError as exc:
            if exc.errno in (errno.ENAMETOOLONG, errno.ELOOP):      # a folder named that cannot be one
                problems.append(Problem(display_path(target.parent)[:200], None, None, "--output",
                                        f"{(exc.strerror or '').lower()}; give --output a shorter folder"))
                continue
            raise write_error(exc, target) from None
        if stat.S_ISDIR(mode):
            problems.append(Problem(display_path(target), None, None, "",
                                    "is a folder where the PDF goes; move or rename it"))
        elif not stat.S_ISREG(mode) and not stat.S_ISLNK(mode):
            problems.append(Problem(display_path(target), None, None, "",
                                    "is not a regular file (a pipe or a device) where the PDF goes; remove it"))
    if problems:
        raise ContentError(problems)


@dataclass
class _Result:
    """One edition laid out and checked, in its temporary file until every edition is."""

    written: Written
    hint: Hint
    tmp: Path


def _replace(results: list[_Result]) -> None:
    """Every edition is finished and checked: only now do they replace the previous ones, together,
    once every target is known to be replaceable."""
    check_targets([result.written.path for result in results])
    for result in results:
        try:
            os.replace(result.tmp, result.written.path)
        except OSError as exc:
            raise write_error(exc, result.written.path) from None
    stage("editions in place")


def _in_parallel(one: Callable[[int, Hint | None], _Result], order: list[int], hint: Hint | None,
                 helper: TextPassWorker | None) -> list[_Result]:
    """one(i, hint) for every edition i, the last of `order` here and the others in processes of their
    own (started once what they all need is imported); results by edition."""

    def edition(i: int) -> _Result:
        if helper is not None:
            helper.keep_only(i)
        return one(i, hint)

    preload()
    stage("edition modules imported")
    children = [processes.start(edition, i) for i in order[:-1]]
    stage("edition processes started")
    if helper is not None:
        for i in order[:-1]:
            helper.release(i)       # the child that lays that edition out holds its end now
    done = dict(zip(order, _collected(children, lambda: one(order[-1], hint))))
    return [done[i] for i in range(len(order))]


def _collected(children: list[processes.Child], here: Callable[[], _Result]) -> list[_Result]:
    """The results of `children`, then of here() run in this process meanwhile. When any of them fails,
    the others are still waited for (their files removed) and the first error is raised."""
    results: list[_Result] = []
    error: BaseException | None = None
    last: _Result | None = None
    try:
        last = here()
    except BaseException as exc:  # collect the children before raising it
        error = exc
    for child in children:
        try:
            results.append(child.result())
        except BaseException as exc:
            error = error or exc
    if error is not None:
        for result in results + ([last] if last else []):
            result.tmp.unlink(missing_ok=True)
        raise error
    assert last is not None
    return results + [last]


def _helper_problems(helper: TextPassWorker | None, checks: Callable[[], list[Problem]] | None) -> list[Problem]:
    """The content checks' problems from the helper, or from running them here when it could not say."""
    if helper is None or checks is None:
        if helper is not None:
            helper.close()
        return []
    try:
        problems: list[Problem] = helper.result()
        return problems
    except BrochureError:
        return checks()             # the helper ended without an answer: only time is lost


class LayoutHints:
    """Page breaks of the last layout, kept in the cache folder so a rebuild starts from them.

    Only ever a hint: the layout checks it and a wrong one costs one more pass. What is read back is
    bounded (file size, entries, page numbers) and anything out of bounds is dropped, so an edited or
    damaged file can neither slow the build down nor change what it prints."""

    NAME = "layout-hints.json"
    MAX_KEYS = 200              # brochures remembered (base and missions, per language and paper)
    MAX_SECTIONS = 100
    MAX_PAGE = 1_000

    def __init__(self, folder: Path | None, key: str):
        self.folder = Path(folder) if folder else None
        self.key = key
        self.changed = False
        self.hint = self._parse(self._all().get(key))

    def _all(self) -> dict[str, Any]:
        from . import cache

        data = cache.get_json(self.folder, self.NAME) if self.folder is not None else None
        if not isinstance(data, dict) or len(data) > self.MAX_KEYS:
            return {}
        return data

    @classmethod
    def _parse(cls, entry: Any) -> Hint | None:
        from .layout import BOOKLET, Hint

        def page(value: Any) -> bool:
            return type(value) is int and 0 <= value <= cls.MAX_PAGE

        if not isinstance(entry, dict) or set(entry) != {"notes", "sections"}:
            return None
        notes, sections = entry["notes"], entry["sections"]
        if type(notes) is not int or not 0 <= notes < BOOKLET or not isinstance(sections, dict) or \
                len(sections) > cls.MAX_SECTIONS or \
                not all(isinstance(k, str) and page(v) for k, v in sections.items()):
            return None
        return Hint(notes, dict(sections))

    def get(self) -> Hint | None:
        return self.hint

    def put(self, hint: Hint | None) -> None:
        self.changed = self.changed or hint != self.hint
        self.hint = hint

    def save(self) -> None:
        from . import cache

        if self.folder is None or not self.changed or self.hint is None:
            return
        data = {k: v for k, v in self._all().items() if self._parse(v) is not None}
        data.pop(self.key, None)
        while len(data) >= self.MAX_KEYS:
            data.pop(next(iter(data)))
        data[self.key] = {"notes": self.hint.notes_pages, "sections": self.hint.section_pages}
        cache.put_json(self.folder, self.NAME, data)     # a hint that cannot be saved only costs a pass


def _chart_specs(content: Content, theme: Theme, fonts: FontNames) -> dict[str, Any]:
    """What every chart shows, shared by both editions (each draws them in its own colours)."""
    from .editions import MEASURE, get
    from .layout import chart_specs

    return chart_specs(content, theme, get(MEASURE), fonts)


def _write_edition(target: Path, content: Content, theme: Theme, edition: Edition, fonts: FontNames,
                   specs: dict[str, Any], issued: dt.datetime, run_preflight: bool, hint: Hint | None = None,
                   cache_dir: Path | None = None, text_pass: TextPass | None = None
                   ) -> tuple[Path, Rendered, list[Finding]]:
    from . import charts
    from .cache import temporary_prefix
    from .geometry import Geometry
    from .layout import render

    colours = {s.rgb.lower(): edition.colour(s) for s in theme.swatches.values()}
    ink = edition.colour(theme.swatch("text"))
    drawings = {key: charts.draw(spec, colours, fonts, ink) for key, spec in specs.items()}
    rendered = render(content, theme, edition, fonts, drawings, issued.date(), hint, cache_dir)
    stage(f"{edition.name}: laid out")
    geometry = Geometry.for_paper(content.brochure.meta.paper, edition.offset)
    tmp = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        # The process id in the name lets the next build remove it should this one be killed.
        fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=temporary_prefix(target.name), suffix=".tmp")
        tmp = Path(tmp_name)
        with os.fdopen(fd, "wb") as handle:
            handle.write(rendered.pdf)
        edition.finish(tmp, content, theme, geometry, rendered, issued, cache_dir)
        stage(f"{edition.name}: finished")
        findings: list[Finding] = []
        if run_preflight and edition.preflight:
            from .preflight import preflight

            report = preflight(tmp, edition.preflight, text_pass=text_pass, cache_dir=cache_dir, cache_name=str(target))
            findings = report.findings
            if report.failed:
                failures = [f for f in report.findings if f.level == "FAIL"]
                lines = "\n".join(f"  {f.level}  {f.check}  {f.message}" for f in failures)
                raise BrochureError(f"{target.name} failed preflight ({edition.name}):\n{lines}")
            stage(f"{edition.name}: preflight passed")
        os.chmod(tmp, 0o644)
    except OSError as exc:
        if tmp is not None:
            tmp.unlink(missing_ok=True)
        raise write_error(exc, target) from None
    except BaseException:
        if tmp is not None:
            tmp.unlink(missing_ok=True)
        raise
    return tmp, rendered, findings
