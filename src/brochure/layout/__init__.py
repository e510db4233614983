"""Layout stage: checked content + theme + edition -> PDF bytes and the structure log for tagging."""

from __future__ import annotations

import contextlib
import io
from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, NextPageTemplate, PageBreak, Spacer
from reportlab.platypus.doctemplate import LayoutError

from ..errors import BrochureError
from .context import Context
from ..geometry import Geometry
from .. import numbers
from ..numbers import Numbers
from reportlab import rl_config

from . import linebreaks, padding
from .blocks import Justified
from .pages import BrochureDoc
from .sections import module_for
from .tagging import Recorder

# The drawings (maps, icons, charts, the cover graphic) are built by this package's own code, so
# reportlab's check of every attribute set on a shape only costs time (about a tenth of the layout).
rl_config.shapeChecking = 0

BOOKLET = 4
MAX_PASSES = 6     # the layout settles in two or three passes (four after a wrong hint); more is an error


@dataclass
class Rendered:
    pdf: bytes
    pages: int
    recorder: Recorder
    outline: list            # (title, page index) per section, for bookmarks
    section_pages: dict      # section id -> page index, for internal links
    notes_pages: int = 0     # padding pages added before the back cover

    @property
    def hint(self) -> "Hint":
        return Hint(self.notes_pages, dict(self.section_pages))


def chart_specs(content, theme, edition, fonts) -> dict:
    """Every chart the brochure needs, as specs (cheap): the build draws or fetches them."""
    ctx = _context(content, theme, edition, fonts, {}, None)
    specs = {}
    for section in content.brochure.sections:
        specs.update(module_for(section.kind).charts(section, ctx))
    return specs


def _context(content, theme, edition, fonts, charts, issued, cache_dir=None) -> Context:
    geometry = Geometry.for_paper(content.brochure.meta.paper, edition.offset)
    ctx = Context(content, theme, edition, geometry, fonts, Numbers(content.language), charts)
    ctx.issued, ctx.cache_dir = issued, cache_dir
    if ctx.hyphens is not None:
        ctx.hyphens.attach(cache_dir)
    linebreaks.DECIDED.attach(cache_dir, ctx.font_files)
    numbers.attach(cache_dir)
    return ctx


@dataclass(frozen=True)
class Hint:
    """A guess at the page breaks (from the other edition or the last build) to start from."""

    notes_pages: int = 0
    section_pages: dict = None


def render(content, theme, edition, fonts, charts: dict, issued=None, hint: Hint | None = None,
           cache_dir=None) -> Rendered:
    """Lay out the brochure until it is stable: padded to a multiple of four pages with notes pages
    (when asked to) and with the contents list showing the page numbers the layout really has.

    A good `hint` makes the first pass the last; a wrong one only costs another pass. With a
    `cache_dir` the brand's logos are converted once and then read back from the cache.

    A layout that has not settled after MAX_PASSES passes, or comes back to a state it has already
    laid out (it oscillates), is a BrochureError naming what kept changing."""
    notes = hint.notes_pages if hint else 0
    numbers = dict(hint.section_pages or {}) if hint else {}
    pad = content.brochure.meta.pad_to_booklet
    tried = set()
    for _ in range(MAX_PASSES):
        result, wants_numbers = _layout(content, theme, edition, fonts, charts, issued, notes, numbers, cache_dir)
        wanted_notes = (-(result.pages - notes)) % BOOKLET if pad else 0
        numbers_settled = not wants_numbers or result.section_pages == numbers
        if wanted_notes == notes and numbers_settled:
            return result
        tried.add((notes, tuple(sorted(numbers.items()))))
        last = (notes, numbers, wanted_notes, result.section_pages if wants_numbers else numbers)
        notes, numbers = wanted_notes, result.section_pages
        if (notes, tuple(sorted(numbers.items()))) in tried:
            break           # back to a state already laid out: it oscillates, more passes cannot help
    # A brochure whose contents list or padding still disagrees with its own pages would print wrong
    # page numbers or a page count that does not fold: never hand that on as if it were finished.
    raise unsettled(edition.name, len(tried), *last)


def unsettled(edition: str, passes: int, notes: int, numbers: dict, wanted_notes: int, found: dict) -> BrochureError:
    """The layout that did not settle after `passes` passes, with what kept changing in the last one."""
    causes = []
    if wanted_notes != notes:
        causes.append(f"the padding pages needed to reach a multiple of {BOOKLET} went from {notes} to "
                      f"{wanted_notes}")
    moved = [f'"{sid}" page {numbers.get(sid, "?")} -> {page}' for sid, page in found.items()
             if numbers.get(sid) != page]
    if moved:
        causes.append("the contents list's page numbers kept changing (" + ", ".join(moved[:4]) + ")")
    return BrochureError(f"the {edition} edition's layout did not settle after {passes} passes: "
                         + "; ".join(causes or ["the page numbers kept changing"])
                         + ". A section that ends near a page break moves with the contents page or the padding "
                           "pages: shorten or lengthen it by a few lines")


def _layout(content, theme, edition, fonts, charts, issued, notes_pages: int, page_numbers: dict, cache_dir=None):
    """One layout pass; returns the result and whether the layout printed page numbers."""
    ctx = _context(content, theme, edition, fonts, charts, issued, cache_dir)
    ctx.page_numbers = page_numbers
    story, outline = _story(ctx, notes_pages)
    buffer = io.BytesIO()
    doc = BrochureDoc(buffer, ctx, title=ctx.t(content.brochure.meta.title),
                      author=content.brochure.meta.author, subject=ctx.t(content.brochure.meta.subject),
                      keywords=list(content.brochure.meta.keywords), lang=content.language,
                      invariant=1, creator="brochure", producer="brochure")
    try:
        with _binary_streams():
            doc.build(story, **({"canvasmaker": edition.canvas} if edition.canvas else {}))
    except LayoutError as exc:
        raise _layout_problem(content, outline, exc) from None
    marks = [(t, p) for t, p, _ in outline if p is not None]
    section_pages = {sid: p for _, p, sid in outline if p is not None}
    _back_cover_fits(content, section_pages, doc.page)
    section_pages.update(ctx.padding_pages)
    rendered = Rendered(buffer.getvalue(), doc.page, ctx.recorder, marks, section_pages, notes_pages)
    if ctx.hyphens is not None:
        ctx.hyphens.save(cache_dir)         # the words hyphenated in this pass, for the next build
    linebreaks.DECIDED.save(cache_dir, ctx.font_files)     # and how its paragraphs were broken
    numbers.save(cache_dir)                                # and Babel's formats of its figures
    return rendered, ctx.wants_page_numbers


@contextlib.contextmanager
def _binary_streams():
    """While a brochure is laid out, reportlab deflates its streams without also wrapping them in
    ASCII85 (rl_config.useA85, read when each stream is made): the PDF is binary anyway, a stream in
    two filters is a quarter larger, and the edition's finishing would decode and deflate it again.
    The setting is reportlab's, for the whole process: it is restored when the layout ends."""
    before = rl_config.useA85
    rl_config.useA85 = 0
    try:
        yield
    finally:
        rl_config.useA85 = before


def _back_cover_fits(content, section_pages: dict, pages: int) -> None:
    """The back cover is one page: content that runs over it (too many partner logos, a long text)
    is an error at the section's line, not a stray last page."""
    from ..content import problem_at
    from ..errors import ContentError

    last = content.brochure.sections[-1]
    start = section_pages.get(last.id)
    if last.kind == "contact" and start is not None and pages - 1 > start:
        index = len(content.brochure.sections) - 1
        raise ContentError([problem_at(content.data, ("sections", index), 'the back cover ("contact") runs over '
                                       f"its page onto {pages - 1 - start} more; shorten its texts or list fewer "
                                       "partner logos")])


def _layout_problem(content, outline, exc) -> BrochureError:
    """A block that fits no page, reported against the section being laid out (its file and line)."""
    from ..content import problem_at
    from ..errors import ContentError

    started = [sid for _, page, sid in outline if page is not None]
    if not started:
        return BrochureError(f"layout failed: {exc}")
    sid = started[-1]
    index = next(i for i, s in enumerate(content.brochure.sections) if s.id == sid)
    detail = str(exc).split(" too large")[0].split("<")[0].strip() or "a block"
    return ContentError([problem_at(content.data, ("sections", index), f'section "{sid}" has a block taller '
                                    f"than a page ({detail.lower() or 'a block'}); shorten its text or split it")])


class SectionStart(Flowable):
    """Invisible marker: notes the page a section starts on and names it as a link destination."""

    def __init__(self, title: str, section_id: str, outline: list):
        super().__init__()
        self.section_id, self.outline, self.index = section_id, outline, len(outline)
        outline.append((title, None, section_id))

    def wrap(self, aw, ah):
        return 0, 0

    def draw(self):
        title = self.outline[self.index][0]
        self.outline[self.index] = (title, self.canv.getPageNumber() - 1, self.section_id)
        self.canv.bookmarkPage(f"section-{self.section_id}", fit="XYZ", top=self.canv._pagesize[1])


def _story(ctx: Context, notes_pages: int) -> tuple[list, list]:
    story, outline = [], []
    ctx.padding_count = notes_pages
    current = None
    sections = list(ctx.content.brochure.sections)
    for i, section in enumerate(sections):
        module = module_for(section.kind)
        if section.kind == "contact" and notes_pages:
            story += padding.pages(ctx, notes_pages, current)
            current = "body"
        if i and (section.new_page or module.TEMPLATE != current):
            if module.TEMPLATE != current:
                story.append(NextPageTemplate(module.TEMPLATE))
            story.append(PageBreak())
        elif i:
            # Run on after the previous section, but never start one in the last few centimetres.
            story += [CondPageBreak(70 * mm), Spacer(1, 8 * mm)]
        elif module.TEMPLATE != "body":
            # The document starts on the first template; switch before anything is drawn.
            story.insert(0, NextPageTemplate(module.TEMPLATE))
        current = module.TEMPLATE
        element = ctx.recorder.root.add("Sect", attrs={"id": section.id})
        story.append(SectionStart(ctx.t(section.title), section.id, outline))
        blocks = module.build(section, ctx, element)
        # A body page is set as a whole, its spare height planned between its blocks.
        story += [Justified(blocks)] if module.TEMPLATE == "body" else blocks
    if notes_pages and not any(s.kind == "contact" for s in sections):
        story += padding.pages(ctx, notes_pages, current)
    return story, outline
