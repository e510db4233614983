"""The content-stream pass: graphics state, colour, ink, lines, images, fonts (pikepdf)."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field

import pikepdf

from .common import _box, _get, _matmul, _matrix, _mm, _name, _num, _short

_MAX_DEPTH = 24  # nesting limit for Form XObjects / patterns / glyph procedures

_PAINT_FILL = {"f", "F", "f*", "B", "B*", "b", "b*"}
_PAINT_STROKE = {"S", "s", "B", "B*", "b", "b*"}
_SHOW_TEXT = {"Tj", "TJ", "'", '"'}
# The operators the checks look at: graphics state, colour, painting, text shown, fonts, XObjects and
# inline images. The others (positions, path construction, marked content, spacing) are left out by
# the parser itself, so the walk never sees them.
_WATCHED_BASE = " ".join(["q Q cm w gs g G rg RG k K cs CS sc scn SC SCN sh Tf Tr Do BI ID EI",
                          *sorted(_PAINT_FILL | _PAINT_STROKE | _SHOW_TEXT)])
# The print rules for text colour also need where text sits, and the rectangles painted under it.
_WATCHED = _WATCHED_BASE + " BT Tm Td TD T* TL re n"
_FILL_TEXT_MODES = {0, 2, 4, 6}
_STROKE_TEXT_MODES = {1, 2, 5, 6}


# --------------------------------------------------------------------------- colour spaces


@dataclass(frozen=True)
class _CS:
    family: str  # gray | rgb | cmyk | lab | sep | devn | pattern | indexed | other
    n: int
    label: str
    base: _CS | None = None  # Indexed base / Pattern underlying space

    @property
    def is_rgb(self) -> bool:
        if self.family == "rgb":
            return True
        return self.family in ("indexed", "pattern") and self.base is not None and self.base.is_rgb

    @property
    def is_cmyk(self) -> bool:
        return self.family == "cmyk"


_GRAY = _CS("gray", 1, "DeviceGray")
_RGB = _CS("rgb", 3, "DeviceRGB")
_CMYK = _CS("cmyk", 4, "DeviceCMYK")
_DEVICE = {
    "/DeviceGray": _GRAY,
    "/G": _GRAY,
    "/DeviceRGB": _RGB,
    "/RGB": _RGB,
    "/DeviceCMYK": _CMYK,
    "/CMYK": _CMYK,
}


def _resolve_cs(obj, resources, depth: int = 0) -> _CS:
    if obj is None or depth > 8:
        return _CS("other", 1, "unknown")
    name = _name(obj)
    if name is not None:
        return _resolve_named_cs(name, resources, depth)
    if isinstance(obj, pikepdf.Array) and len(obj) > 0:
        return _resolve_array_cs(obj, resources, depth)
    return _CS("other", 1, "unknown")


def _resolve_named_cs(name: str, resources, depth: int) -> _CS:
    """A colour space given by name: a device space, Pattern, or one of the resources' /ColorSpace."""
    if name in _DEVICE:
        return _DEVICE[name]
    if name == "/Pattern":
        return _CS("pattern", 0, "Pattern")
    if name in ("/I", "/Indexed"):
        return _CS("other", 1, name[1:])
    named = _get(_get(resources, "/ColorSpace", {}) if resources is not None else {}, name)
    if named is None:
        return _CS("other", 1, f"{name} (undefined)")
    return _resolve_cs(named, resources, depth + 1)


# Colour space families given as an array whose first element alone says what they are.
_CIE_SPACES = {
    "/CalRGB": _CS("rgb", 3, "CalRGB"),
    "/CalGray": _CS("gray", 1, "CalGray"),
    "/Lab": _CS("lab", 3, "Lab"),
}


def _resolve_array_cs(obj, resources, depth: int) -> _CS:
    """A colour space given as an array: [/ICCBased stream], [/Indexed base ...], [/Separation name ...]..."""
    kind = _name(obj[0]) or ""
    if kind in _DEVICE:
        return _DEVICE[kind]
    if kind in _CIE_SPACES:
        return _CIE_SPACES[kind]
    if kind == "/ICCBased" and len(obj) > 1:
        n = int(_num(_get(obj[1], "/N"), 0))
        fam = {1: "gray", 3: "rgb", 4: "cmyk"}.get(n, "other")
        return _CS(fam, n, f"ICCBased (N={n})")
    if kind in ("/Indexed", "/I") and len(obj) > 1:
        base = _resolve_cs(obj[1], resources, depth + 1)
        return _CS("indexed", 1, f"Indexed {base.label}", base)
    if kind == "/Separation":
        label = _name(obj[1]) if len(obj) > 1 else None
        return _CS("sep", 1, f"Separation {label[1:] if label else ''}".strip())
    if kind == "/DeviceN":
        n = len(obj[1]) if len(obj) > 1 else 1
        return _CS("devn", n, "DeviceN")
    if kind == "/Pattern":
        base = _resolve_cs(obj[1], resources, depth + 1) if len(obj) > 1 else None
        return _CS("pattern", 0, "Pattern", base)
    return _CS("other", 1, kind[1:] or "unknown")


def _initial_colour(cs: _CS) -> tuple[float, ...]:
    if cs.family == "cmyk":
        return (0.0, 0.0, 0.0, 1.0)
    if cs.family in ("rgb", "lab"):
        return (0.0,) * 3
    if cs.family in ("sep", "devn"):
        return (1.0,) * max(cs.n, 1)
    return (0.0,) * max(cs.n, 1)


# --------------------------------------------------------------------------- content interpretation


class _GState:
    __slots__ = ("ctm", "fill_cs", "fill", "stroke_cs", "stroke", "lw", "font", "font_name", "tr",
                 "font_size", "leading", "op", "OP", "opm")

    def __init__(self, ctm):
        self.ctm = ctm
        self.fill_cs = _GRAY
        self.fill: tuple[float, ...] = (0.0,)
        self.stroke_cs = _GRAY
        self.stroke: tuple[float, ...] = (0.0,)
        self.lw = 1.0
        self.font = None
        self.font_name = ""
        self.tr = 0
        self.font_size = 0.0
        self.leading = 0.0
        self.op = False    # overprint of fills (ExtGState /op), of strokes (/OP), and its mode (/OPM)
        self.OP = False
        self.opm = 0

    def copy(self) -> _GState:
        g = _GState.__new__(_GState)
        (g.ctm, g.fill_cs, g.fill, g.stroke_cs, g.stroke, g.lw, g.font, g.font_name, g.tr, g.font_size, g.leading,
         g.op, g.OP, g.opm) = (self.ctm, self.fill_cs, self.fill, self.stroke_cs, self.stroke, self.lw, self.font,
                               self.font_name, self.tr, self.font_size, self.leading, self.op, self.OP, self.opm)
        return g


def _scale(ctm) -> float:
    a, b, c, d = ctm[:4]
    return math.sqrt(abs(a * d - b * c))


@dataclass
class _FontUse:
    name: str
    embedded: bool
    why: str
    pages: set = field(default_factory=set)


@dataclass
class _Scan:
    """Everything the content walk collects, keyed by 1-based page number."""

    fonts: dict = field(default_factory=dict)  # objgen -> _FontUse
    rgb: dict = field(default_factory=dict)  # page -> list[str] (unique, in order)
    rgb_group: dict = field(default_factory=dict)  # page -> str
    rich_black: dict = field(default_factory=dict)  # page -> (c, m, y, k)
    ink_vector: dict = field(default_factory=dict)  # page -> (total %, description)
    ink_image: dict = field(default_factory=dict)  # page -> (total %, image name)
    ppi: dict = field(default_factory=dict)  # (page, image name) -> (ppi, px, py, w_mm, h_mm)
    hairline: dict = field(default_factory=dict)  # page -> (min width, count)
    zero_width: dict = field(default_factory=dict)  # page -> count
    errors: dict = field(default_factory=dict)  # page -> list[str]: parts that could not be read
    small_tint: dict = field(default_factory=dict)  # page -> (size pt, colour, font): small text not solid K
    reversed_small: dict = field(default_factory=dict)  # page -> (size pt, background, font)
    knockout_black: dict = field(default_factory=dict)  # page -> [text shows, strokes] in 100 % K, no overprint


def _label(obj, what: str) -> str:
    """'Form XObject /Fm1 (object 14 0)': what a message calls a part of the file."""
    try:
        if obj is not None and obj.is_indirect:
            return f"{what} (object {obj.objgen[0]} {obj.objgen[1]})"
    except Exception:  # noqa: BLE001
        pass
    return what


class ContentPassTimeout(Exception):
    """The content pass ran past its time limit."""


class ContentPassTooLarge(ContentPassTimeout):
    """The pages draw more than MAX_OPERATIONS operations (Form XObjects counted each time they are
    drawn: a few kilobytes of forms drawing each other ten times over are trillions)."""


# Drawing operations the content pass follows in one file (a brochure of this tool: about 10,000).
MAX_OPERATIONS = 5_000_000


class _Frame:
    """What stays the same while one content stream is interpreted: its resources, the matrix its
    patterns are placed with, how deep it is nested (and in which objects), and whether it draws a glyph."""

    __slots__ = ("resources", "base_ctm", "depth", "stack", "glyph")

    def __init__(self, resources, base_ctm, depth: int, stack: tuple, glyph: bool):
        self.resources = resources
        self.base_ctm = base_ctm
        self.depth = depth
        self.stack = stack
        self.glyph = glyph


class _Walker:
    def __init__(self, pdf: pikepdf.Pdf, scan: _Scan, *, decode_images: bool, deadline: float | None = None,
                 text_colour: bool = True):
        self.pdf = pdf
        self.scan = scan
        self.decode_images = decode_images
        self.text_colour = text_colour  # the print rules for the colour of text (small type, overprint)
        self.watched = _WATCHED if text_colour else _WATCHED_BASE
        self.deadline = deadline  # time.monotonic() past which the walk stops (ContentPassTimeout)
        self._steps = 0
        self._tm = self._tlm = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
        self._path: list = []   # bounding boxes of the rectangles of the current path
        self._fills: list = []  # (box, colour space, values) of the rectangles filled so far on the page
        self._ink_cache: dict = {}
        self._t3_done: set = set()
        self._pattern_done: set = set()
        self.page = 0

    # ---- recording helpers
    def _error(self, where: str, exc: BaseException | str) -> None:
        """A part of the page that could not be read: the checks cannot vouch for it (a FAIL)."""
        detail = exc if isinstance(exc, str) else (" ".join(str(exc).split()) or type(exc).__name__)
        lst = self.scan.errors.setdefault(self.page, [])
        msg = f"{where} could not be read ({detail})"
        if msg not in lst:
            lst.append(msg)

    def _rgb(self, what: str) -> None:
        lst = self.scan.rgb.setdefault(self.page, [])
        if what not in lst:
            lst.append(what)

    def _check_paint(self, cs: _CS, vals, what: str) -> None:
        if cs.is_cmyk and len(vals) == 4:
            total = sum(max(0.0, min(1.0, v)) for v in vals) * 100.0
            best = self.scan.ink_vector.get(self.page)
            if best is None or total > best[0]:
                desc = "C{:.0f} M{:.0f} Y{:.0f} K{:.0f}".format(*(v * 100 for v in vals))
                self.scan.ink_vector[self.page] = (total, f"{what} {desc}")

    def _font_used(self, font) -> None:
        if font is None:
            return
        try:
            key = font.objgen if font.is_indirect else id(font)
        except Exception:  # noqa: BLE001
            key = id(font)
        use = self.scan.fonts.get(key)
        if use is None:
            name, embedded, why = _font_embedding(font)
            use = self.scan.fonts[key] = _FontUse(name, embedded, why)
        use.pages.add(self.page)

    # ---- entry points
    def walk_page(self, pageno: int, page: pikepdf.Page) -> None:
        self.page = pageno
        self._fills = []
        self._path = []
        self._t3_done.clear()
        self._pattern_done.clear()
        resources = _get(page.obj, "/Resources")
        if resources is None:
            try:
                resources = page.resources
            except Exception:  # noqa: BLE001
                resources = pikepdf.Dictionary()
        group = _get(page.obj, "/Group")
        self._check_group(group, resources, "page")
        where = _label(_get(page.obj, "/Contents"), "content stream")
        try:
            instructions = pikepdf.parse_content_stream(page, self.watched)
        except Exception as exc:  # noqa: BLE001
            self._error(where, exc)
            instructions = []
        ident = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
        self._run(instructions, resources, _GState(ident), ident, depth=0, stack=(), where=where)
        self._walk_annotations(page)

    def _walk_annotations(self, page: pikepdf.Page) -> None:
        for annot in _get(page.obj, "/Annots", []) or []:
            where = _label(annot, "annotation")
            try:
                flags = int(_num(_get(annot, "/F"), 0))
                if flags & 2 or not flags & 4:  # hidden or not printed
                    continue
                ap = _get(_get(annot, "/AP"), "/N")
                if isinstance(ap, pikepdf.Dictionary) and not isinstance(ap, pikepdf.Stream):
                    state = _get(annot, "/AS")
                    ap = _get(ap, str(state)) if state is not None else None
                if not isinstance(ap, pikepdf.Stream):
                    continue
                rect = _box(_get(annot, "/Rect"))
                bbox = _box(_get(ap, "/BBox"))
                if rect is None or bbox is None:
                    continue
                m = _matrix(_get(ap, "/Matrix", None) or ())
                xs, ys = [], []
                for x, y in ((bbox[0], bbox[1]), (bbox[2], bbox[1]), (bbox[0], bbox[3]), (bbox[2], bbox[3])):
                    xs.append(m[0] * x + m[2] * y + m[4])
                    ys.append(m[1] * x + m[3] * y + m[5])
                tw, th = max(xs) - min(xs), max(ys) - min(ys)
                if tw <= 0 or th <= 0:
                    continue
                sx, sy = (rect[2] - rect[0]) / tw, (rect[3] - rect[1]) / th
                a = (sx, 0.0, 0.0, sy, rect[0] - min(xs) * sx, rect[1] - min(ys) * sy)
                res = _get(ap, "/Resources") or _get(page.obj, "/Resources") or pikepdf.Dictionary()
                self._run_form(ap, res, _GState(a), depth=1, stack=())
            except ContentPassTimeout:
                raise
            except Exception as exc:  # noqa: BLE001 - reported; the other annotations are still checked
                self._error(where, exc)

    # ---- the interpreter
    def _run(self, instructions, resources, gs: _GState, base_ctm, *, depth: int, stack: tuple, glyph=False,
             where: str = "content stream"):
        saved: list[_GState] = []
        frame = _Frame(resources, base_ctm, depth, stack, glyph)
        for ins in instructions:
            self._steps += 1
            if not self._steps & 1023:
                if self.deadline is not None and time.monotonic() > self.deadline:
                    raise ContentPassTimeout(f"p.{self.page}: {where}")
                if self._steps > MAX_OPERATIONS:
                    raise ContentPassTooLarge(f"p.{self.page}: {where}: the pages draw more than "
                                              f"{MAX_OPERATIONS:,} operations (forms drawn within forms)")
            if isinstance(ins, pikepdf.ContentStreamInlineImage):
                self._inline_image(ins, gs, resources, glyph)
                continue
            op = str(ins.operator)
            if op == "q":
                saved.append(gs.copy())
                continue
            if op == "Q":
                if saved:
                    gs = saved.pop()
                continue
            try:
                self._op(op, ins.operands, gs, frame)
            except ContentPassTimeout:
                raise
            except Exception as exc:  # noqa: BLE001 - reported, and the walk goes on to find the rest
                self._error(where, f"operator {op}: {' '.join(str(exc).split()) or type(exc).__name__}")

    def _op(self, op: str, ops, gs: _GState, frame: _Frame) -> None:
        """Interpret one operator: each has a handler in `_HANDLERS` (the operators without one are
        not watched for anything the checks look at)."""
        handler = _HANDLERS.get(op)
        if handler is not None:
            handler(self, op, ops, gs, frame)

    # ---- graphics state
    def _op_cm(self, op: str, ops, gs: _GState, frame: _Frame) -> None:
        gs.ctm = _matmul(_matrix(ops), gs.ctm)

    def _op_w(self, op: str, ops, gs: _GState, frame: _Frame) -> None:
        gs.lw = _num(ops[0], 1.0)

    def _op_gs(self, op: str, ops, gs: _GState, frame: _Frame) -> None:
        eg = _get(_get(frame.resources, "/ExtGState", {}), str(ops[0]))
        if eg is None:
            return
        if _get(eg, "/OP") is not None:
            gs.OP = gs.op = bool(_get(eg, "/OP"))
        if _get(eg, "/op") is not None:
            gs.op = bool(_get(eg, "/op"))
        if _get(eg, "/OPM") is not None:
            gs.opm = int(_num(_get(eg, "/OPM"), 0))
        if _get(eg, "/LW") is not None:
            gs.lw = _num(_get(eg, "/LW"), gs.lw)
        fnt = _get(eg, "/Font")
        if isinstance(fnt, pikepdf.Array) and len(fnt) == 2:
            gs.font, gs.font_name = fnt[0], "ExtGState font"

    # ---- colour
    def _op_gray(self, op: str, ops, gs: _GState, frame: _Frame) -> None:
        self._set_colour(gs, op == "g", _GRAY, ops)

    def _op_rgb(self, op: str, ops, gs: _GState, frame: _Frame) -> None:
        fill = op == "rg"
        self._rgb(f"{'fill' if fill else 'stroke'} colour set with {op}")
        self._set_colour(gs, fill, _RGB, ops)

    def _op_cmyk(self, op: str, ops, gs: _GState, frame: _Frame) -> None:
        self._set_colour(gs, op == "k", _CMYK, ops)

    def _op_cs(self, op: str, ops, gs: _GState, frame: _Frame) -> None:
        cs = _resolve_cs(ops[0], frame.resources)
        fill = op == "cs"
        if cs.is_rgb:
            label = cs.label if str(ops[0])[1:] == cs.label else f"{ops[0]} ({cs.label})"
            self._rgb(f"{'fill' if fill else 'stroke'} colour space {label}")
        if fill:
            gs.fill_cs, gs.fill = cs, _initial_colour(cs)
        else:
            gs.stroke_cs, gs.stroke = cs, _initial_colour(cs)

    def _op_sc(self, op: str, ops, gs: _GState, frame: _Frame) -> None:
        vals = tuple(_num(v) for v in ops if not isinstance(v, pikepdf.Name))
        if op in ("sc", "scn"):
            gs.fill = vals
        else:
            gs.stroke = vals
        if ops and isinstance(ops[-1], pikepdf.Name):
            self._pattern(str(ops[-1]), frame.resources, gs, frame.base_ctm, frame.depth, frame.stack)

    # ---- painting
    def _op_paint(self, op: str, ops, gs: _GState, frame: _Frame) -> None:
        if op in _PAINT_FILL:
            self._check_paint(gs.fill_cs, gs.fill, "fill")
            if not frame.glyph:
                self._fills += [(box, gs.fill_cs, gs.fill) for box in self._path]
        if op in _PAINT_STROKE:
            self._check_paint(gs.stroke_cs, gs.stroke, "stroke")
            if not frame.glyph:
                self._line(gs)
                if _solid_k(gs.stroke_cs, gs.stroke) and not (gs.OP and gs.opm == 1):
                    self.scan.knockout_black.setdefault(self.page, [0, 0])[1] += 1
        self._path = []

    def _op_re(self, op: str, ops, gs: _GState, frame: _Frame) -> None:
        x, y, w, h = (_num(v) for v in ops[:4])
        pts = [_apply(gs.ctm, px, py) for px, py in ((x, y), (x + w, y), (x, y + h), (x + w, y + h))]
        self._path.append((min(p[0] for p in pts), min(p[1] for p in pts),
                           max(p[0] for p in pts), max(p[1] for p in pts)))

    def _op_n(self, op: str, ops, gs: _GState, frame: _Frame) -> None:
        self._path = []

    def _op_sh(self, op: str, ops, gs: _GState, frame: _Frame) -> None:
        sh = _get(_get(frame.resources, "/Shading", {}), str(ops[0]))
        if sh is not None:
            self._shading(sh, frame.resources, str(ops[0]))

    # ---- text position
    def _op_BT(self, op: str, ops, gs: _GState, frame: _Frame) -> None:
        self._tm = self._tlm = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)

    def _op_Tm(self, op: str, ops, gs: _GState, frame: _Frame) -> None:
        self._tm = self._tlm = _matrix(ops)

    def _op_Td(self, op: str, ops, gs: _GState, frame: _Frame) -> None:
        tx, ty = _num(ops[0]), _num(ops[1])
        if op == "TD":
            gs.leading = -ty
        self._tm = self._tlm = _matmul((1.0, 0.0, 0.0, 1.0, tx, ty), self._tlm)

    def _op_next_line(self, op: str, ops, gs: _GState, frame: _Frame) -> None:
        self._tm = self._tlm = _matmul((1.0, 0.0, 0.0, 1.0, 0.0, -gs.leading), self._tlm)

    def _op_TL(self, op: str, ops, gs: _GState, frame: _Frame) -> None:
        gs.leading = _num(ops[0])

    # ---- text
    def _op_Tf(self, op: str, ops, gs: _GState, frame: _Frame) -> None:
        fonts = _get(frame.resources, "/Font", {})
        gs.font = _get(fonts, str(ops[0]))
        gs.font_name = str(ops[0])
        gs.font_size = _num(ops[1]) if len(ops) > 1 else 0.0

    def _op_Tr(self, op: str, ops, gs: _GState, frame: _Frame) -> None:
        gs.tr = int(_num(ops[0]))

    def _op_show(self, op: str, ops, gs: _GState, frame: _Frame) -> None:
        if op in ("'", '"'):
            self._tm = self._tlm = _matmul((1.0, 0.0, 0.0, 1.0, 0.0, -gs.leading), self._tlm)
        self._show_text(gs, frame.resources, frame.depth, frame.stack)
        if self.text_colour and not frame.glyph:
            self._text_colour(gs)

    # ---- external objects
    def _op_Do(self, op: str, ops, gs: _GState, frame: _Frame) -> None:
        xobj = _get(_get(frame.resources, "/XObject", {}), str(ops[0]))
        if not isinstance(xobj, pikepdf.Stream):
            return
        sub = _name(_get(xobj, "/Subtype"))
        if sub == "/Image":
            self._image(xobj, str(ops[0]), gs, frame.resources, frame.glyph)
        elif sub == "/Form":
            self._run_form(xobj, frame.resources, gs, depth=frame.depth + 1, stack=frame.stack, glyph=frame.glyph)

    def _set_colour(self, gs: _GState, fill: bool, cs: _CS, ops) -> None:
        vals = tuple(_num(v) for v in ops)
        if fill:
            gs.fill_cs, gs.fill = cs, vals
        else:
            gs.stroke_cs, gs.stroke = cs, vals

    def _line(self, gs: _GState) -> None:
        width = gs.lw * _scale(gs.ctm)
        if gs.lw <= 0:
            self.scan.zero_width[self.page] = self.scan.zero_width.get(self.page, 0) + 1
            return
        lo, n = self.scan.hairline.get(self.page, (math.inf, 0))
        self.scan.hairline[self.page] = (min(lo, width), n + 1)

    def _show_text(self, gs: _GState, resources, depth, stack) -> None:
        self._font_used(gs.font)
        if gs.tr in _FILL_TEXT_MODES:
            self._check_paint(gs.fill_cs, gs.fill, "text")
            if gs.fill_cs.is_cmyk and len(gs.fill) == 4:
                c, m, y, k = gs.fill
                if k >= 0.995 and max(c, m, y) > 0.001 and self.page not in self.scan.rich_black:
                    self.scan.rich_black[self.page] = (c, m, y, k)
        if gs.tr in _STROKE_TEXT_MODES:
            self._check_paint(gs.stroke_cs, gs.stroke, "text outline")
        font = gs.font
        if font is not None and _name(_get(font, "/Subtype")) == "/Type3":
            self._type3(font, resources, gs, depth, stack)

    def _text_colour(self, gs: _GState) -> None:
        """Print rules for the colour of text: under SMALL_TEXT_PT it is solid K (a tint is screened
        into dots) or reversed out of at most two inks (or bold); 100 % K text overprints."""
        if gs.tr not in _FILL_TEXT_MODES:
            return
        trm = _matmul(self._tm, gs.ctm)
        size = abs(gs.font_size) * _scale(trm)
        cs, vals = gs.fill_cs, gs.fill
        if _solid_k(cs, vals) and not (gs.op and gs.opm == 1):
            self.scan.knockout_black.setdefault(self.page, [0, 0])[0] += 1
        if size <= 0 or size >= SMALL_TEXT_PT - 0.01:
            return
        tint = None
        if cs.is_cmyk and len(vals) == 4 and max(vals[:3]) <= 0.001 and 0.001 < vals[3] < 0.995:
            tint = f"{vals[3] * 100:.0f} % K"
        elif cs.family == "gray" and len(vals) == 1 and 0.001 < vals[0] < 0.999:
            tint = f"{(1 - vals[0]) * 100:.0f} % grey"
        font = _font_label(gs.font)
        if tint is not None:
            self.scan.small_tint.setdefault(self.page, (size, tint, font))
            return
        white = (cs.is_cmyk and len(vals) == 4 and max(vals) <= 0.001) or \
                (cs.family == "gray" and len(vals) == 1 and vals[0] >= 0.999)
        if not white or _is_bold(gs.font):
            return
        x, y = trm[4] + 0.3 * size, trm[5] + 0.3 * size
        for box, bcs, bvals in reversed(self._fills):
            if box[0] <= x <= box[2] and box[1] <= y <= box[3]:
                inks = [v for v in bvals if v > 0.005] if bcs.is_cmyk and len(bvals) == 4 else []
                if len(inks) > 2:
                    desc = "C{:.0f} M{:.0f} Y{:.0f} K{:.0f}".format(*(v * 100 for v in bvals))
                    self.scan.reversed_small.setdefault(self.page, (size, f"{desc} ({len(inks)} inks)", font))
                break

    def _type3(self, font, resources, gs, depth, stack) -> None:
        key = font.objgen if font.is_indirect else id(font)
        if key in self._t3_done or depth >= _MAX_DEPTH:
            return
        self._t3_done.add(key)
        res = _get(font, "/Resources") or resources
        procs = _get(font, "/CharProcs", {})
        fm = _matrix(_get(font, "/FontMatrix", None) or (), (0.001, 0, 0, 0.001, 0, 0))
        for name in list(procs.keys()):
            proc = procs[name]
            if not isinstance(proc, pikepdf.Stream):
                continue
            where = _label(proc, f"Type 3 glyph {name}")
            try:
                instructions = pikepdf.parse_content_stream(proc, self.watched)
            except Exception as exc:  # noqa: BLE001
                self._error(where, exc)
                continue
            g = gs.copy()
            g.ctm = _matmul(fm, gs.ctm)
            self._run(instructions, res, g, g.ctm, depth=depth + 1, stack=stack, glyph=True, where=where)

    def _run_form(self, xobj, resources, gs, *, depth, stack, glyph=False):
        key = xobj.objgen if xobj.is_indirect else id(xobj)
        if depth >= _MAX_DEPTH or key in stack:
            return
        g = gs.copy()
        g.ctm = _matmul(_matrix(_get(xobj, "/Matrix", None) or ()), gs.ctm)
        res = _get(xobj, "/Resources") or resources
        self._check_group(_get(xobj, "/Group"), res, "Form XObject")
        where = _label(xobj, "Form XObject")
        try:
            instructions = pikepdf.parse_content_stream(xobj, self.watched)
        except Exception as exc:  # noqa: BLE001
            self._error(where, exc)
            return
        self._run(instructions, res, g, g.ctm, depth=depth, stack=stack + (key,), glyph=glyph, where=where)

    def _check_group(self, group, resources, where: str) -> None:
        if group is None or _get(group, "/CS") is None:
            return
        cs = _resolve_cs(_get(group, "/CS"), resources)
        if cs.is_rgb and self.page not in self.scan.rgb_group:
            self.scan.rgb_group[self.page] = f"{where} transparency blending space is {cs.label}"

    def _pattern(self, name: str, resources, gs, base_ctm, depth, stack) -> None:
        pat = _get(_get(resources, "/Pattern", {}), name)
        if pat is None:
            return
        ptype = int(_num(_get(pat, "/PatternType"), 0))
        if ptype == 2:
            sh = _get(pat, "/Shading")
            if sh is not None:
                self._shading(sh, resources, f"pattern {name}")
            return
        if ptype != 1 or not isinstance(pat, pikepdf.Stream):
            return
        key = pat.objgen if pat.is_indirect else id(pat)
        if key in self._pattern_done or key in stack or depth >= _MAX_DEPTH:
            return
        self._pattern_done.add(key)
        m = _matmul(_matrix(_get(pat, "/Matrix", None) or ()), base_ctm)
        g = gs.copy()
        g.ctm = m
        res = _get(pat, "/Resources") or resources
        where = _label(pat, f"pattern {name}")
        try:
            instructions = pikepdf.parse_content_stream(pat, self.watched)
        except Exception as exc:  # noqa: BLE001
            self._error(where, exc)
            return
        self._run(instructions, res, g, m, depth=depth + 1, stack=stack + (key,), where=where)

    def _shading(self, sh, resources, label: str) -> None:
        cs = _resolve_cs(_get(sh, "/ColorSpace"), resources)
        if cs.is_rgb:
            self._rgb(f"shading {label} in {cs.label}")
        if cs.is_cmyk:
            for c0c1 in _function_endpoints(_get(sh, "/Function")):
                if len(c0c1) == 4:
                    self._check_paint(cs, c0c1, f"shading {label}")

    # ---- images
    def _inline_image(self, ins, gs, resources, glyph) -> None:
        try:
            iimage = ins.iimage
            if iimage.image_mask:
                self._check_paint(gs.fill_cs, gs.fill, "stencil mask")
                return
            meta = iimage.obj
            w, h = int(iimage.width), int(iimage.height)
        except Exception:  # noqa: BLE001
            return
        cs_obj = _get(meta, "/ColorSpace") or _get(meta, "/CS")
        cs = _resolve_cs(cs_obj, resources) if cs_obj is not None else None
        if cs is not None and cs.is_rgb:
            self._rgb(f"inline image in {cs.label}")
        if not glyph:
            self._ppi("inline image", w, h, gs.ctm)
        if cs is not None and cs.is_cmyk and self.decode_images:
            try:
                self._image_ink(_image_max_ink(iimage, w, h, meta), "inline image", None if glyph else gs.ctm, cs)
            except Exception as exc:  # noqa: BLE001
                self._error("inline image", exc)

    def _image(self, xobj, name: str, gs, resources, glyph) -> None:
        if bool(_get(xobj, "/ImageMask", False)):
            self._check_paint(gs.fill_cs, gs.fill, "stencil mask")
            return
        cs_obj = _get(xobj, "/ColorSpace")
        cs = _resolve_cs(cs_obj, resources) if cs_obj is not None else None
        if cs is not None and cs.is_rgb:
            self._rgb(f"image {_short(name)} in {cs.label}")
        w, h = int(_num(_get(xobj, "/Width"), 0)), int(_num(_get(xobj, "/Height"), 0))
        if not glyph:
            self._ppi(name, w, h, gs.ctm)
        if cs is not None and cs.is_cmyk and self.decode_images:
            key = xobj.objgen if xobj.is_indirect else id(xobj)
            if key not in self._ink_cache:
                try:
                    self._ink_cache[key] = _image_max_ink(xobj, w, h)
                except Exception as exc:  # noqa: BLE001
                    self._ink_cache[key] = None
                    self._error(_label(xobj, f"image {_short(name)}"), exc)
            self._image_ink(self._ink_cache[key], name, None if glyph else gs.ctm, cs)

    def _image_ink(self, found, name: str, ctm=None, cs=None) -> None:
        """Record an image's highest total ink; placed at `ctm`, the image is also the ground of what
        is drawn over it (small white type reversed out of a four-colour photo must be bold)."""
        if found is None:
            return
        total, inks = found
        best = self.scan.ink_image.get(self.page)
        if best is None or total > best[0]:
            self.scan.ink_image[self.page] = (total, name)
        if ctm is not None:
            corners = [_apply(ctm, x, y) for x, y in ((0, 0), (1, 0), (0, 1), (1, 1))]
            box = (min(c[0] for c in corners), min(c[1] for c in corners),
                   max(c[0] for c in corners), max(c[1] for c in corners))
            self._fills.append((box, cs, inks))

    def _ppi(self, name: str, w: int, h: int, ctm) -> None:
        a, b, c, d = ctm[:4]
        pw, ph = math.hypot(a, b), math.hypot(c, d)  # placed size of the unit square, pt
        if w <= 0 or h <= 0 or pw <= 1e-6 or ph <= 1e-6:
            return
        ppi_x, ppi_y = w * 72.0 / pw, h * 72.0 / ph
        ppi = min(ppi_x, ppi_y)
        key = (self.page, name)
        prev = self.scan.ppi.get(key)
        if prev is None or ppi < prev[0]:
            self.scan.ppi[key] = (ppi, w, h, _mm(pw), _mm(ph))


# The handler of each watched operator (q and Q are the interpreter's own: they save and restore the state).
_HANDLERS = {
    "cm": _Walker._op_cm, "w": _Walker._op_w, "gs": _Walker._op_gs,
    "g": _Walker._op_gray, "G": _Walker._op_gray, "rg": _Walker._op_rgb, "RG": _Walker._op_rgb,
    "k": _Walker._op_cmyk, "K": _Walker._op_cmyk, "cs": _Walker._op_cs, "CS": _Walker._op_cs,
    "sc": _Walker._op_sc, "scn": _Walker._op_sc, "SC": _Walker._op_sc, "SCN": _Walker._op_sc,
    **{op: _Walker._op_paint for op in _PAINT_FILL | _PAINT_STROKE},
    "re": _Walker._op_re, "n": _Walker._op_n, "sh": _Walker._op_sh,
    "BT": _Walker._op_BT, "Tm": _Walker._op_Tm, "Td": _Walker._op_Td, "TD": _Walker._op_Td,
    "T*": _Walker._op_next_line, "TL": _Walker._op_TL,
    "Tf": _Walker._op_Tf, "Tr": _Walker._op_Tr, **{op: _Walker._op_show for op in _SHOW_TEXT},
    "Do": _Walker._op_Do,
}

SMALL_TEXT_PT = 9.0
_BOLD = ("bold", "black", "heavy", "demi", "semibold")


def _apply(m, x: float, y: float) -> tuple[float, float]:
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


def _solid_k(cs: _CS, vals) -> bool:
    """100 % black and no other ink (the colour that overprints)."""
    return cs.is_cmyk and len(vals) == 4 and max(vals[:3]) <= 0.001 and vals[3] >= 0.995


def _font_label(font) -> str:
    name = str(_get(font, "/BaseFont", "") or "") if font is not None else ""
    return name.lstrip("/").split("+")[-1] or "unnamed font"


def _is_bold(font) -> bool:
    """A bold face: by its weight in the font descriptor, its ForceBold flag, or its name."""
    if font is None:
        return False
    desc = _get(font, "/FontDescriptor")
    if desc is None and _name(_get(font, "/Subtype")) == "/Type0":
        fonts = _get(font, "/DescendantFonts")
        desc = _get(fonts[0], "/FontDescriptor") if fonts else None
    if desc is not None:
        if _num(_get(desc, "/FontWeight"), 0) >= 600 or int(_num(_get(desc, "/Flags"), 0)) & (1 << 18):
            return True
    return any(w in _font_label(font).lower().replace("-", "") for w in _BOLD)


def _function_endpoints(fn, depth: int = 0) -> list[tuple[float, ...]]:
    """C0/C1 of exponential functions (also inside stitching functions)."""
    if fn is None or depth > 4:
        return []
    out = []
    if isinstance(fn, pikepdf.Array):
        return []  # one function per component: not worth reconstructing
    ftype = int(_num(_get(fn, "/FunctionType"), -1))
    if ftype == 2:
        for key, dflt in (("/C0", None), ("/C1", None)):
            v = _get(fn, key, dflt)
            if v is not None:
                out.append(tuple(_num(x) for x in v))
    elif ftype == 3:
        for sub in _get(fn, "/Functions", []) or []:
            out.extend(_function_endpoints(sub, depth + 1))
    return out


def _image_max_ink(image, w: int, h: int, meta=None) -> tuple[float, tuple] | None:
    """(highest C+M+Y+K in % of any pixel, highest value 0-1 of each ink) of an 8-bit CMYK image, or
    None for an encoding this check does not read (JPEG 2000, JBIG2, CCITT, other bit depths). Data
    that does not decode raises.

    *image* is an image XObject (stream) or a PdfInlineImage; *meta* its dictionary.
    """
    meta = image if meta is None else meta
    bpc = _get(meta, "/BitsPerComponent")
    if int(_num(bpc if bpc is not None else _get(meta, "/BPC"), 8)) != 8 or w <= 0 or h <= 0:
        return None
    names = _filter_names(meta)
    try:
        arr = _cmyk_pixels(image, names, w, h)
        if arr is None:
            return None
        return _ink_extremes(_undo_decode(arr, meta), w)
    except ValueError:
        raise
    except Exception as exc:  # noqa: BLE001 - a damaged image is a finding, named by the caller
        raise ValueError(" ".join(str(exc).split()) or type(exc).__name__) from None


def _filter_names(meta) -> list[str]:
    """The names of an image's filters, in the order they apply."""
    filters = _get(meta, "/Filter") or _get(meta, "/F")
    if isinstance(filters, pikepdf.Array):
        return [str(f) for f in filters]
    return [str(filters)] if filters is not None else []


def _cmyk_pixels(image, names: list[str], w: int, h: int):
    """The image's samples as an h x w x 4 array of bytes, as the stream holds them, or None for an
    encoding this check does not read (and for a JPEG that is not CMYK)."""
    import numpy as np  # local: only needed for CMYK images

    if any(n in ("/JPXDecode", "/JBIG2Decode", "/CCITTFaxDecode", "/CCF") for n in names):
        return None
    if any(n in ("/DCTDecode", "/DCT") for n in names):
        if names[-1] not in ("/DCTDecode", "/DCT") or not isinstance(image, pikepdf.Stream):
            return None
        return _jpeg_cmyk_pixels(image, names)
    data = image.read_bytes()
    need = w * h * 4
    if len(data) < need:
        raise ValueError(f"{len(data)} bytes of image data for {w}\u00d7{h} CMYK pixels")
    return np.frombuffer(data, dtype=np.uint8, count=need).reshape(h, w, 4)


def _jpeg_cmyk_pixels(image, names: list[str]):
    """The samples of a CMYK JPEG as the stream holds them, or None if the JPEG is not CMYK."""
    import io

    import numpy as np
    from PIL import Image

    with Image.open(io.BytesIO(_jpeg_bytes(image, names))) as im:
        if im.mode != "CMYK":
            return None
        arr = np.asarray(im)
        if "adobe" in im.info:  # PIL inverted Adobe CMYK: undo to get the stream values
            arr = 255 - arr
    return arr


def _undo_decode(arr, meta):
    """The samples with an inverting /Decode array applied (ink values, 255 = full ink)."""
    decode = _get(meta, "/Decode") or _get(meta, "/D")
    if not isinstance(decode, pikepdf.Array) or len(decode) < 8:
        return arr
    flip = [float(decode[2 * i]) > float(decode[2 * i + 1]) for i in range(4)]
    if any(flip):
        arr = arr.copy()
        for i, f in enumerate(flip):
            if f:
                arr[..., i] = 255 - arr[..., i]
    return arr


def _ink_extremes(arr, w: int) -> tuple[float, tuple]:
    """(highest total ink in %, highest value 0-1 of each ink), read in slices of bounded size."""
    import numpy as np

    best = 0
    inks = np.zeros(4, dtype=np.uint8)
    rows = max(1, 4_000_000 // max(w, 1))
    for r0 in range(0, arr.shape[0], rows):
        best = max(best, int(arr[r0 : r0 + rows].astype(np.uint16).sum(axis=-1).max()))
        inks = np.maximum(inks, arr[r0 : r0 + rows].reshape(-1, 4).max(axis=0))
    return best * 100.0 / 255.0, tuple(float(v) / 255.0 for v in inks)


def _jpeg_bytes(image, names: list[str]) -> bytes:
    """The JPEG data of a DCT image, with the general filters in front of it (ASCII85, Flate, as
    reportlab writes by default) undone by qpdf on a scratch copy of the stream."""
    raw = image.read_raw_bytes()
    if len(names) == 1:
        return raw
    scratch = pikepdf.new()             # the stream's owner must outlive the read below
    front = pikepdf.Stream(scratch, b"")
    parms = _get(image, "/DecodeParms")
    front.write(raw, filter=pikepdf.Array([pikepdf.Name(n) for n in names[:-1]]),
                decode_parms=pikepdf.Array(list(parms)[:-1]) if isinstance(parms, pikepdf.Array) else None)
    return front.read_bytes()


def _font_embedding(font) -> tuple[str, bool, str]:
    """(BaseFont name, embedded?, reason) for a font dictionary."""
    name = str(_get(font, "/BaseFont", "") or _get(font, "/Name", "") or "unnamed")
    name = name.lstrip("/")
    subtype = _name(_get(font, "/Subtype")) or ""
    if subtype == "/Type3":
        return name or "Type3", True, "Type 3 glyph procedures"
    desc_font = font
    if subtype == "/Type0":
        desc = _get(font, "/DescendantFonts")
        if not desc or len(desc) == 0:
            return name, False, "Type0 font without a descendant font"
        desc_font = desc[0]
    fd = _get(desc_font, "/FontDescriptor")
    if fd is None:
        return name, False, "standard font without FontDescriptor"
    for key in ("/FontFile", "/FontFile2", "/FontFile3"):
        if isinstance(_get(fd, key), pikepdf.Stream):
            return name, True, key[1:]
    return name, False, "no FontFile/FontFile2/FontFile3"
