"""Photographs on the page: the cover's full-bleed background, a section's opener and a contact's
portrait, each a tagged Figure with its alt text and its credit line in source type beside it.

The layout knows the size a photo is placed at, so the print resolution is checked here (through
graphics/photo.py): below MIN_PPI the build stops with the file, the size and the fix; below GOOD_PPI
it says so on stderr and goes on."""

from __future__ import annotations

import io
import sys

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from ..graphics import photo as photos
from .tagging import END, Element, begin_artifact, end_marked

OPENER_HEIGHT = 70 * mm         # the band above a section's title
BESIDE_COLUMNS = 5              # a photo beside the title: grid columns, 4:3
PORTRAIT_SIZE = 26 * mm         # a contact's portrait, square
CREDIT_GAP = 1.2 * mm
COVER_CONTRAST = 4.5            # white type over the cover photo: WCAG AA for body-size text

# Warnings already said, per content object: a build lays out several passes and says each once.
_WARNED: dict[int, tuple] = {}


# ----- the three places -------------------------------------------------------------------------


def frame(geometry, bleed: float, place: str) -> tuple[float, float]:
    """The size (points) a photo fills in `place`: "cover" (the whole page and its bleed), "band" (a
    section opener across the type area), "beside" (an opener beside the title), "portrait". The
    layout places photos at these sizes, and `check` checks their resolution at them."""
    if place == "cover":
        return geometry.trim_w + 2 * bleed, geometry.trim_h + 2 * bleed
    if place == "beside":
        width = geometry.span(BESIDE_COLUMNS)
        return width, width * 3 / 4
    if place == "portrait":
        return PORTRAIT_SIZE, PORTRAIT_SIZE
    return geometry.content_w, OPENER_HEIGHT


def cover_photo(ctx):
    """The cover section's photo, if it has one."""
    return next((s.photo for s in ctx.content.brochure.sections if s.kind == "cover" and s.photo), None)


def cover_background(canvas, ctx, photo) -> None:
    """The photo over the whole cover and its bleed, cropped to fill (around its focus point), under
    a layer of the brand's cover colour dense enough that white type keeps COVER_CONTRAST : 1 over
    its lightest part; the credit runs up the right edge. Called from the cover's page furniture,
    inside its Artifact: the photo and its credit are content, so they are marked as such."""
    geo, bleed = ctx.geometry, ctx.edition.bleed
    w, h = frame(geo, bleed, "cover")
    source = _source(ctx, photo)
    swatch = ctx.theme.swatch("cover")
    opacity = photos.overlay_opacity(source, swatch.rgb01, w, h, photo.focus, COVER_CONTRAST,
                                     cache_dir=ctx.cache_dir)
    overlay = (tuple(swatch.cmyk), tuple(swatch.rgb01), opacity)
    placed = _placed(ctx, photo, source, w, h, overlay)
    section = next(s for s in ctx.content.brochure.sections if s.kind == "cover")
    parent = next((e for e in ctx.recorder.root.children if isinstance(e, Element) and e.attrs.get("id") == section.id),
                  ctx.recorder.root)
    end_marked(canvas)                               # leave the furniture's Artifact
    with _marked(canvas, ctx, parent.add("Figure", alt=ctx.t(photo.alt))):
        draw_jpeg(canvas, placed, -bleed, -bleed, w, h)
    size = ctx.styles["source"].fontSize
    canvas.saveState()
    canvas.setFillColor(ctx.colour("white"))
    canvas.setFont(ctx.fonts.bold, size)             # small type reversed out of a photo: bold
    canvas.translate(geo.trim_w - 7 * mm, geo.bottom)
    canvas.rotate(90)
    with _marked(canvas, ctx, parent.add("P")):
        canvas.drawString(0, 0, ctx.finish(photo.credit))
    canvas.restoreState()
    begin_artifact(canvas)                           # and back into it for the rest of the furniture


def opener_band(ctx, photo, parent: Element) -> Flowable:
    """A section's opener: the photo across the type area, OPENER_HEIGHT high, credit under it."""
    return _block(ctx, photo, parent, *frame(ctx.geometry, ctx.edition.bleed, "band"), "source")


def opener_beside(ctx, photo, parent: Element) -> Flowable:
    """A section's opener set beside its title: BESIDE_COLUMNS grid columns wide, 4:3."""
    return _block(ctx, photo, parent, *frame(ctx.geometry, ctx.edition.bleed, "beside"), "source")


def portrait(ctx, photo, parent: Element) -> Flowable:
    """A contact's portrait: a small square photo on the dark back cover, credit under it."""
    return _block(ctx, photo, parent, *frame(ctx.geometry, ctx.edition.bleed, "portrait"), "credit-on-dark")


# ----- shared -----------------------------------------------------------------------------------


class PhotoBlock(Flowable):
    """A photo filling width x height (a Figure with alt text) and its credit line under it (a P)."""

    def __init__(self, ctx, placed, figure: Element, width: float, height: float, credit):
        super().__init__()
        self.ctx, self.placed, self.figure, self.credit = ctx, placed, figure, credit
        self.photo_w, self.photo_h = width, height
        self.hAlign = "LEFT"

    def wrap(self, aw, ah):
        self._credit_h = self.credit.wrap(self.photo_w, ah)[1]
        self.width, self.height = self.photo_w, self.photo_h + CREDIT_GAP + self._credit_h
        return self.width, self.height

    def draw(self):
        canvas = self.canv
        with _marked(canvas, self.ctx, self.figure):
            draw_jpeg(canvas, self.placed, 0, self._credit_h + CREDIT_GAP, self.photo_w, self.photo_h)
        self.credit.drawOn(canvas, 0, 0)


def _block(ctx, photo, parent, width, height, credit_style) -> PhotoBlock:
    source = _source(ctx, photo)
    placed = _placed(ctx, photo, source, width, height)
    figure = parent.add("Figure", alt=ctx.t(photo.alt))
    if credit_style == "credit-on-dark":
        _credit_on_dark(ctx)
    credit = ctx.para(photo.credit, credit_style, parent)
    return PhotoBlock(ctx, placed, figure, width, height, credit)


def _credit_on_dark(ctx) -> ParagraphStyle:
    """Source type in white on the dark ground: bold, as small type reversed out of several inks must be."""
    style = ctx.styles.get("credit-on-dark")
    if style is None:
        base = ctx.styles["source"]
        style = ctx.styles["credit-on-dark"] = ParagraphStyle("credit-on-dark", parent=base,
                                                              fontName=ctx.fonts.bold, textColor=ctx.colour("white"))
    return style


def _where(ctx, photo) -> tuple:
    """The photo's path in the content (for a located problem)."""
    for path, value in ctx.content.values():
        if value is photo:
            return path
    return ()


def _problem(ctx, photo, message: str):
    return problem_at_path(ctx, _where(ctx, photo) + ("file",), message)


def problem_at_path(ctx, where: tuple, message: str):
    """A problem located at the content field `where` (file, line and the path as written)."""
    from ..content import problem_at

    return problem_at(ctx.content.data, where, message)


def _source(ctx, photo) -> photos.Source:
    from ..errors import ContentError

    try:
        return photos.read(ctx.content.root, photo.file)
    except ValueError as exc:
        raise ContentError([_problem(ctx, photo, str(exc))]) from None


def _placed(ctx, photo, source, width: float, height: float, overlay=None) -> photos.Placed:
    """The photo converted for this edition at this size; in print, its resolution checked first."""
    return place(ctx, source, _where(ctx, photo) + ("file",), width, height, photo.focus, overlay)


def place(ctx, source, where: tuple, width: float, height: float, focus=None, overlay=None) -> photos.Placed:
    """An image (photo or raster logo, named by the content field `where`) converted for this
    edition at this size; in print, its resolution checked first: an error below MIN_PPI, a warning
    (said once per content) below GOOD_PPI."""
    from ..errors import ContentError

    profile = None
    if ctx.edition.colour_space == "cmyk":
        found = photos.resolution_problem(source, width, height, focus)
        if found:
            level, message = found
            problem = problem_at_path(ctx, where, message)
            if level == "error":
                raise ContentError([problem])
            if _first_time(ctx.content, str(problem)):
                print(f"warning: {problem}", file=sys.stderr)
        profile = _output_profile(ctx.theme)
    try:
        return photos.prepare(source, ctx.edition.colour_space, width, height, focus, profile, overlay,
                              ctx.cache_dir)
    except ValueError as exc:
        raise ContentError([problem_at_path(ctx, where, str(exc))]) from None


def _first_time(content, message: str) -> bool:
    """Whether `message` has not been said yet for this content object (held weakly: a content
    object that is gone, such as the one before a `watch` rebuild, takes its memory with it)."""
    import weakref

    ref, said = _WARNED.get(id(content), (None, None))
    if ref is None or ref() is not content:
        for key in [k for k, (r, _) in _WARNED.items() if r() is None]:
            del _WARNED[key]
        ref, said = weakref.ref(content), set()
        _WARNED[id(content)] = (ref, said)
    if message in said:
        return False
    said.add(message)
    return True


def _output_profile(theme) -> bytes:
    """The output-intent profile's bytes, found as the PDF/X output intent finds it."""
    from ..brand import OUTPUT_PROFILE

    return (theme.output_profile or theme.path.parent / OUTPUT_PROFILE).read_bytes()


def draw_jpeg(canvas, placed, x: float, y: float, width: float, height: float) -> None:
    """The JPEG as it is (DCTDecode only: the layout turns reportlab's ASCII85 wrapping off while it
    draws, layout._binary_streams)."""
    from reportlab.lib.utils import ImageReader

    canvas.drawImage(ImageReader(io.BytesIO(placed.jpeg)), x, y, width, height)


class _marked:
    """`with _marked(canvas, ctx, element)`: what is drawn inside is the element's marked content."""

    def __init__(self, canvas, ctx, element: Element):
        self.canvas, self.ctx, self.element = canvas, ctx, element

    def __enter__(self):
        page = self.canvas.getPageNumber() - 1
        n = self.ctx.recorder.mcid(page)
        self.canvas._code.append(f"/{self.element.role} <</MCID {n}>> BDC")
        self.element.children.append(("mcid", page, n))

    def __exit__(self, *exc):
        self.canvas._code.append(END)
        return False
