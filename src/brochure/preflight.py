"""Preflight checks for finished PDFs (any PDF, not only the ones this package writes).

Two profiles:

``print``
    fonts embedded, TrimBox/BleedBox with the expected bleed, CMYK-only colour
    (no DeviceRGB / RGB ICC), body text in pure K, effective image resolution,
    total ink coverage, minimum type size, hairlines, text inside the safe zone,
    page count for a saddle-stitched booklet and a PDF/X output intent.

``screen``
    fonts embedded, minimum type size, document language, title and tagging.

Content streams are interpreted with :func:`pikepdf.parse_content_stream`
(graphics state, CTM, colour spaces, Form XObjects, tiling patterns, shadings,
Type 3 glyph procedures and printable annotation appearances). Text geometry
(character boxes and effective font sizes) comes from pdfium's text page.

Command line::

    python -m brochure.preflight FILE.pdf [--profile print|screen]

Exit status: 0 = no FAIL, 1 = at least one FAIL, 2 = the file could not be read.
"""

from __future__ import annotations

import argparse
import ctypes
import math
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

__all__ = ["Finding", "Report", "PreflightError", "preflight", "main", "PROFILES"]

PROFILES = ("print", "screen")
PT_PER_MM = 72.0 / 25.4
MAX_LINES = 5  # findings listed per check before "... and N more"
_MAX_DEPTH = 24  # nesting limit for Form XObjects / patterns / glyph procedures
_EPS_PT = 0.01

_PAINT_FILL = {"f", "F", "f*", "B", "B*", "b", "b*"}
_PAINT_STROKE = {"S", "s", "B", "B*", "b", "b*"}
_SHOW_TEXT = {"Tj", "TJ", "'", '"'}
# The operators the checks look at: graphics state, colour, painting, text shown, fonts, XObjects and
# inline images. The others (positions, path construction, marked content, spacing) are left out by
# the parser itself, so the walk never sees them.
_WATCHED = " ".join(["q Q cm w gs g G rg RG k K cs CS sc scn SC SCN sh Tf Tr Do BI ID EI",
                     *sorted(_PAINT_FILL | _PAINT_STROKE | _SHOW_TEXT)])
_FILL_TEXT_MODES = {0, 2, 4, 6}
_STROKE_TEXT_MODES = {1, 2, 5, 6}


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class Finding:
    level: str  # "PASS" | "WARN" | "FAIL"
    check: str  # short check id, e.g. "fonts-embedded"
    message: str  # human sentence, with page numbers where relevant
    page: int | None = None


@dataclass
class Report:
    path: str
    profile: str
    findings: list[Finding]

    @property
    def failed(self) -> bool:
        return any(f.level == "FAIL" for f in self.findings)

    @property
    def warned(self) -> bool:
        return any(f.level == "WARN" for f in self.findings)

    def count(self, level: str) -> int:
        return sum(1 for f in self.findings if f.level == level)

    def by_check(self, check: str) -> list[Finding]:
        return [f for f in self.findings if f.check == check]

    def format(self) -> str:
        width = max((len(f.check) for f in self.findings), default=0)
        lines = [f"{f.level:<4}  {f.check:<{width}}  {f.message}" for f in self.findings]
        lines.append(
            f"preflight: {self.count('PASS')} PASS, {self.count('WARN')} WARN, "
            f"{self.count('FAIL')} FAIL \u2014 {self.path}"
        )
        return "\n".join(lines)


class PreflightError(Exception):
    """The file is not a PDF or cannot be read."""


# --------------------------------------------------------------------------- small helpers


def _mm(pt: float) -> float:
    return pt / PT_PER_MM


def _fmt(x: float, nd: int = 1) -> str:
    """Number without a trailing '.0' noise for integers (5 -> '5', 2.14 -> '2.1')."""
    s = f"{x:.{nd}f}"
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def _short(name: str, limit: int = 24) -> str:
    return name if len(name) <= limit else name[: limit - 1] + "\u2026"


def _num(x, default: float = 0.0) -> float:
    try:
        return float(x)
    except (TypeError, ValueError):
        return default


def _name(x) -> str | None:
    return str(x) if isinstance(x, pikepdf.Name) else None


def _get(d, key: str, default=None):
    try:
        v = d.get(key, default)
    except Exception:  # noqa: BLE001 - broken objects in foreign PDFs
        return default
    return default if v is None else v


def _matmul(m1: tuple, m2: tuple) -> tuple:
    """m1 x m2 for PDF row-vector matrices [a b c d e f]."""
    a1, b1, c1, d1, e1, f1 = m1
    a2, b2, c2, d2, e2, f2 = m2
    return (
        a1 * a2 + b1 * c2,
        a1 * b2 + b1 * d2,
        c1 * a2 + d1 * c2,
        c1 * b2 + d1 * d2,
        e1 * a2 + f1 * c2 + e2,
        e1 * b2 + f1 * d2 + f2,
    )


def _matrix(obj, default=(1.0, 0.0, 0.0, 1.0, 0.0, 0.0)) -> tuple:
    try:
        vals = tuple(float(v) for v in obj)
    except Exception:  # noqa: BLE001
        return default
    return vals if len(vals) == 6 else default


def _box(obj) -> tuple[float, float, float, float] | None:
    """Normalised (x0, y0, x1, y1) or None."""
    if obj is None:
        return None
    try:
        x0, y0, x1, y1 = (float(v) for v in obj)
    except Exception:  # noqa: BLE001
        return None
    return (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))


def _box_mm(b) -> str:
    return "[" + " ".join(f"{_mm(v):.1f}" for v in b) + "] mm"


def _inside(inner, outer, tol: float = _EPS_PT) -> bool:
    return (
        inner[0] >= outer[0] - tol
        and inner[1] >= outer[1] - tol
        and inner[2] <= outer[2] + tol
        and inner[3] <= outer[3] + tol
    )


def _capped(level: str, check: str, items: list[tuple[int | None, str]]) -> list[Finding]:
    out = [Finding(level, check, msg, page) for page, msg in items[:MAX_LINES]]
    if len(items) > MAX_LINES:
        out.append(Finding(level, check, f"... and {len(items) - MAX_LINES} more"))
    return out


def _pages_text(pages) -> str:
    pages = sorted(set(pages))
    if len(pages) > 8:
        return "p." + ", ".join(str(p) for p in pages[:8]) + f" (+{len(pages) - 8} more)"
    return "p." + ", ".join(str(p) for p in pages)


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
        if name in _DEVICE:
            return _DEVICE[name]
        if name == "/Pattern":
            return _CS("pattern", 0, "Pattern")
        if name in ("/I", "/Indexed"):
            return _CS("other", 1, name[1:])
        named = _get(_get(resources, "/ColorSpace", {}) if resources is not None else {}, name)
        if named is None:
            return _CS("other", 1, f"{name} (undefined)")
        cs = _resolve_cs(named, resources, depth + 1)
        return cs
    if isinstance(obj, pikepdf.Array) and len(obj) > 0:
        kind = _name(obj[0]) or ""
        if kind in _DEVICE:
            return _DEVICE[kind]
        if kind == "/ICCBased" and len(obj) > 1:
            n = int(_num(_get(obj[1], "/N"), 0))
            fam = {1: "gray", 3: "rgb", 4: "cmyk"}.get(n, "other")
            return _CS(fam, n, f"ICCBased (N={n})")
        if kind == "/CalRGB":
            return _CS("rgb", 3, "CalRGB")
        if kind == "/CalGray":
            return _CS("gray", 1, "CalGray")
        if kind == "/Lab":
            return _CS("lab", 3, "Lab")
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
    return _CS("other", 1, "unknown")


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
    __slots__ = ("ctm", "fill_cs", "fill", "stroke_cs", "stroke", "lw", "font", "font_name", "tr")

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

    def copy(self) -> _GState:
        g = _GState.__new__(_GState)
        for s in _GState.__slots__:
            setattr(g, s, getattr(self, s))
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
    errors: dict = field(default_factory=dict)  # page -> str


class _Walker:
    def __init__(self, pdf: pikepdf.Pdf, scan: _Scan, *, decode_images: bool):
        self.pdf = pdf
        self.scan = scan
        self.decode_images = decode_images
        self._ink_cache: dict = {}
        self._t3_done: set = set()
        self._pattern_done: set = set()
        self.page = 0

    # ---- recording helpers
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
        try:
            instructions = pikepdf.parse_content_stream(page, _WATCHED)
        except Exception as exc:  # noqa: BLE001
            self.scan.errors[pageno] = f"content stream could not be parsed ({exc})"
            instructions = []
        ident = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
        self._run(instructions, resources, _GState(ident), ident, depth=0, stack=())
        self._walk_annotations(page)

    def _walk_annotations(self, page: pikepdf.Page) -> None:
        for annot in _get(page.obj, "/Annots", []) or []:
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
            except Exception:  # noqa: BLE001 - a broken annotation must not stop the check
                continue

    # ---- the interpreter
    def _run(self, instructions, resources, gs: _GState, base_ctm, *, depth: int, stack: tuple, glyph=False):
        saved: list[_GState] = []
        for ins in instructions:
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
                self._op(op, ins.operands, gs, resources, base_ctm, depth, stack, glyph)
            except Exception:  # noqa: BLE001 - tolerate malformed operands in foreign PDFs
                continue

    def _op(self, op, ops, gs, resources, base_ctm, depth, stack, glyph):
        if op == "cm":
            gs.ctm = _matmul(_matrix(ops), gs.ctm)
        elif op == "w":
            gs.lw = _num(ops[0], 1.0)
        elif op == "gs":
            eg = _get(_get(resources, "/ExtGState", {}), str(ops[0]))
            if eg is not None:
                if _get(eg, "/LW") is not None:
                    gs.lw = _num(_get(eg, "/LW"), gs.lw)
                fnt = _get(eg, "/Font")
                if isinstance(fnt, pikepdf.Array) and len(fnt) == 2:
                    gs.font, gs.font_name = fnt[0], "ExtGState font"
        # colour
        elif op in ("g", "G"):
            self._set_colour(gs, op == "g", _GRAY, ops)
        elif op in ("rg", "RG"):
            fill = op == "rg"
            self._rgb(f"{'fill' if fill else 'stroke'} colour set with {op}")
            self._set_colour(gs, fill, _RGB, ops)
        elif op in ("k", "K"):
            self._set_colour(gs, op == "k", _CMYK, ops)
        elif op in ("cs", "CS"):
            cs = _resolve_cs(ops[0], resources)
            fill = op == "cs"
            if cs.is_rgb:
                label = cs.label if str(ops[0])[1:] == cs.label else f"{ops[0]} ({cs.label})"
                self._rgb(f"{'fill' if fill else 'stroke'} colour space {label}")
            if fill:
                gs.fill_cs, gs.fill = cs, _initial_colour(cs)
            else:
                gs.stroke_cs, gs.stroke = cs, _initial_colour(cs)
        elif op in ("sc", "scn", "SC", "SCN"):
            fill = op in ("sc", "scn")
            vals = tuple(_num(v) for v in ops if not isinstance(v, pikepdf.Name))
            if fill:
                gs.fill = vals
            else:
                gs.stroke = vals
            if ops and isinstance(ops[-1], pikepdf.Name):
                self._pattern(str(ops[-1]), resources, gs, base_ctm, depth, stack)
        # painting
        elif op in _PAINT_FILL or op in _PAINT_STROKE:
            if op in _PAINT_FILL:
                self._check_paint(gs.fill_cs, gs.fill, "fill")
            if op in _PAINT_STROKE:
                self._check_paint(gs.stroke_cs, gs.stroke, "stroke")
                if not glyph:
                    self._line(gs)
        elif op == "sh":
            sh = _get(_get(resources, "/Shading", {}), str(ops[0]))
            if sh is not None:
                self._shading(sh, resources, str(ops[0]))
        # text
        elif op == "Tf":
            fonts = _get(resources, "/Font", {})
            gs.font = _get(fonts, str(ops[0]))
            gs.font_name = str(ops[0])
        elif op == "Tr":
            gs.tr = int(_num(ops[0]))
        elif op in _SHOW_TEXT:
            self._show_text(gs, resources, depth, stack)
        # external objects
        elif op == "Do":
            xobj = _get(_get(resources, "/XObject", {}), str(ops[0]))
            if not isinstance(xobj, pikepdf.Stream):
                return
            sub = _name(_get(xobj, "/Subtype"))
            if sub == "/Image":
                self._image(xobj, str(ops[0]), gs, resources, glyph)
            elif sub == "/Form":
                self._run_form(xobj, resources, gs, depth=depth + 1, stack=stack, glyph=glyph)

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
            try:
                instructions = pikepdf.parse_content_stream(proc, _WATCHED)
            except Exception:  # noqa: BLE001
                continue
            g = gs.copy()
            g.ctm = _matmul(fm, gs.ctm)
            self._run(instructions, res, g, g.ctm, depth=depth + 1, stack=stack, glyph=True)

    def _run_form(self, xobj, resources, gs, *, depth, stack, glyph=False):
        key = xobj.objgen if xobj.is_indirect else id(xobj)
        if depth >= _MAX_DEPTH or key in stack:
            return
        g = gs.copy()
        g.ctm = _matmul(_matrix(_get(xobj, "/Matrix", None) or ()), gs.ctm)
        res = _get(xobj, "/Resources") or resources
        self._check_group(_get(xobj, "/Group"), res, "Form XObject")
        try:
            instructions = pikepdf.parse_content_stream(xobj, _WATCHED)
        except Exception as exc:  # noqa: BLE001
            self.scan.errors.setdefault(self.page, f"Form XObject could not be parsed ({exc})")
            return
        self._run(instructions, res, g, g.ctm, depth=depth, stack=stack + (key,), glyph=glyph)

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
        try:
            instructions = pikepdf.parse_content_stream(pat, _WATCHED)
        except Exception:  # noqa: BLE001
            return
        self._run(instructions, res, g, m, depth=depth + 1, stack=stack + (key,))

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
            self._image_ink(_image_max_ink(iimage, w, h, meta), "inline image")

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
                self._ink_cache[key] = _image_max_ink(xobj, w, h)
            self._image_ink(self._ink_cache[key], name)

    def _image_ink(self, total: float | None, name: str) -> None:
        if total is None:
            return
        best = self.scan.ink_image.get(self.page)
        if best is None or total > best[0]:
            self.scan.ink_image[self.page] = (total, name)

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


def _image_max_ink(image, w: int, h: int, meta=None) -> float | None:
    """Highest C+M+Y+K (in %) of any pixel of an 8-bit CMYK image, or None if not decodable.

    *image* is an image XObject (stream) or a PdfInlineImage; *meta* its dictionary.
    """
    import numpy as np  # local: only needed for CMYK images

    meta = image if meta is None else meta
    bpc = _get(meta, "/BitsPerComponent")
    if int(_num(bpc if bpc is not None else _get(meta, "/BPC"), 8)) != 8 or w <= 0 or h <= 0:
        return None
    filters = _get(meta, "/Filter") or _get(meta, "/F")
    if isinstance(filters, pikepdf.Array):
        names = [str(f) for f in filters]
    else:
        names = [str(filters)] if filters is not None else []
    try:
        if any(n in ("/JPXDecode", "/JBIG2Decode", "/CCITTFaxDecode", "/CCF") for n in names):
            return None
        if any(n in ("/DCTDecode", "/DCT") for n in names):
            if names not in (["/DCTDecode"], ["/DCT"]) or not isinstance(image, pikepdf.Stream):
                return None
            import io

            from PIL import Image

            with Image.open(io.BytesIO(image.read_raw_bytes())) as im:
                if im.mode != "CMYK":
                    return None
                arr = np.asarray(im)
                if "adobe" in im.info:  # PIL inverted Adobe CMYK: undo to get the stream values
                    arr = 255 - arr
        else:
            data = image.read_bytes()
            need = w * h * 4
            if len(data) < need:
                return None
            arr = np.frombuffer(data, dtype=np.uint8, count=need).reshape(h, w, 4)
        decode = _get(meta, "/Decode") or _get(meta, "/D")
        if isinstance(decode, pikepdf.Array) and len(decode) >= 8:
            flip = [float(decode[2 * i]) > float(decode[2 * i + 1]) for i in range(4)]
            if any(flip):
                arr = arr.copy()
                for i, f in enumerate(flip):
                    if f:
                        arr[..., i] = 255 - arr[..., i]
        best = 0
        rows = max(1, 4_000_000 // max(w, 1))
        for r0 in range(0, arr.shape[0], rows):
            best = max(best, int(arr[r0 : r0 + rows].astype(np.uint16).sum(axis=-1).max()))
        return best * 100.0 / 255.0
    except Exception:  # noqa: BLE001
        return None


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


# --------------------------------------------------------------------------- pdfium text pass


@dataclass
class _TextScan:
    min_size: dict = field(default_factory=dict)  # page -> (size pt, snippet)
    safe: dict = field(default_factory=dict)  # page -> list[(distance pt, edge, snippet)]
    n_chars: int = 0


def _snippet(text: str, limit: int = 30) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def _line_snippet(tp, n: int, start: int, end: int, limit: int = 30) -> str:
    """Text of the line holding chars start..end, cut to *limit* characters around them."""

    def breaks(j: int) -> bool:
        return pdfium_c.FPDFText_GetUnicode(tp, j) in (10, 13)

    lo, hi = start, end
    while lo > 0 and start - lo < 200 and not breaks(lo - 1):
        lo -= 1
    while hi < n - 1 and hi - end < 200 and not breaks(hi + 1):
        hi += 1
    line = tp.get_text_range(lo, hi - lo + 1)
    line = " ".join(line.split())
    if len(line) <= limit:
        return line
    focus = max(0, min(len(line) - limit, start - lo - 5))
    cut = line[focus : focus + limit].strip()
    return ("\u2026" if focus > 0 else "") + cut + ("\u2026" if focus + limit < len(line) else "")


def _text_scan(doc, boxes: list[tuple], safe_pt: float, want_safe: bool) -> _TextScan:
    """boxes[i] = (trim, bleed) in user space for page i.

    Two cheap passes per page instead of one thorough one: font sizes for every character (two
    calls each), then the text's run rectangles against the safe zone. Characters are examined one by
    one only where a run comes near the trim, which on a well-made page is nowhere."""
    out = _TextScan()
    for i in range(len(doc)):
        pageno = i + 1
        page = doc[i]
        tp = page.get_textpage()
        try:
            n = tp.count_chars()
            if i < len(boxes):
                trim, bleed = boxes[i]
            else:  # page trees that pdfium and qpdf repaired differently
                trim = bleed = _box(page.get_mediabox()) or (0.0, 0.0, 0.0, 0.0)
            smallest = _smallest_char(tp, n)
            if smallest is not None:
                size, j = smallest
                out.min_size[pageno] = (size, _line_snippet(tp, n, j, j))
            out.n_chars += n
            if want_safe and _runs_near_trim(tp, n, trim, bleed, safe_pt):
                runs = _unsafe_runs(tp, n, trim, bleed, safe_pt)
                if runs:
                    out.safe[pageno] = [(dist, edge, _line_snippet(tp, n, s, e)) for s, e, dist, edge in runs]
        finally:
            tp.close()
            page.close()
    return out


_INVISIBLE = getattr(pdfium_c, "FPDF_TEXTRENDERMODE_INVISIBLE", 3)


def _visible_char(tp, j: int) -> bool:
    """A character a reader sees: not generated by pdfium, not white space, not invisible text."""
    if pdfium_c.FPDFText_IsGenerated(tp, j) == 1:
        return False
    u = pdfium_c.FPDFText_GetUnicode(tp, j)
    ch = chr(u) if 0 < u < 0x110000 else ""
    if not ch or ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf", "Zs", "Zl", "Zp"):
        return False
    tobj = pdfium_c.FPDFText_GetTextObject(tp, j)
    return not (tobj and pdfium_c.FPDFTextObj_GetTextRenderMode(tobj) == _INVISIBLE)


def _smallest_char(tp, n: int):
    """(effective size, index) of the smallest visible character, or None.

    Two pdfium calls per character on every page: the raw handle and the functions are looked up
    once, not per character."""
    m = pdfium_c.FS_MATRIX()
    raw, font_size, get_matrix, hypot = tp.raw, pdfium_c.FPDFText_GetFontSize, pdfium_c.FPDFText_GetMatrix, math.hypot
    sizes = []
    for j in range(n):
        size = font_size(raw, j)
        if get_matrix(raw, j, m):
            size *= hypot(m.c, m.d)
        sizes.append(size)
    for j in sorted(range(n), key=sizes.__getitem__):
        if sizes[j] > 0 and _visible_char(tp, j):
            return sizes[j], j
    return None


def _runs_near_trim(tp, n: int, trim, bleed, safe_pt: float) -> bool:
    """Whether any text run rectangle reaches into the safe zone (and is not wholly in the slug)."""
    count = pdfium_c.FPDFText_CountRects(tp, 0, n)
    left, top, right, bottom = (ctypes.c_double() for _ in range(4))
    for r in range(count):
        pdfium_c.FPDFText_GetRect(tp, r, left, top, right, bottom)
        x0, x1 = min(left.value, right.value), max(left.value, right.value)
        y0, y1 = min(top.value, bottom.value), max(top.value, bottom.value)
        if x1 - x0 <= 0 and y1 - y0 <= 0:
            continue
        if x1 <= bleed[0] or x0 >= bleed[2] or y1 <= bleed[1] or y0 >= bleed[3]:
            continue
        inner = (trim[0] + safe_pt - _EPS_PT, trim[1] + safe_pt - _EPS_PT,
                 trim[2] - safe_pt + _EPS_PT, trim[3] - safe_pt + _EPS_PT)
        if x0 < inner[0] or y0 < inner[1] or x1 > inner[2] or y1 > inner[3]:
            return True
    return False


def _unsafe_runs(tp, n: int, trim, bleed, safe_pt: float) -> list[list]:
    """[start, end, min distance, edge] for each run of visible characters inside the safe zone."""
    runs: list[list] = []
    current = None
    for j in range(n):
        if not _visible_char(tp, j):
            continue
        left, bottom, right, top = tp.get_charbox(j)
        if right - left <= 0 and top - bottom <= 0:
            continue
        if right <= bleed[0] or left >= bleed[2] or top <= bleed[1] or bottom >= bleed[3]:
            current = None  # slug area: allowed
            continue
        dists = {"left": left - trim[0], "bottom": bottom - trim[1], "right": trim[2] - right, "top": trim[3] - top}
        edge = min(dists, key=dists.get)
        dist = dists[edge]
        if dist < safe_pt - _EPS_PT:
            if current is None:
                current = [j, j, dist, edge]
                runs.append(current)
            else:
                current[1] = j
                if dist < current[2]:
                    current[2], current[3] = dist, edge
        else:
            current = None
    return runs


# --------------------------------------------------------------------------- checks


def _page_boxes(pdf: pikepdf.Pdf):
    """Per page: dict with media, crop, trim, bleed (None when absent)."""
    out = []
    for page in pdf.pages:
        obj = page.obj
        media = _box(page.mediabox) or (0.0, 0.0, 612.0, 792.0)
        crop = _box(_get(obj, "/CropBox")) if "/CropBox" in obj else None
        out.append(
            {
                "media": media,
                "crop": crop,
                "trim": _box(_get(obj, "/TrimBox")) if "/TrimBox" in obj else None,
                "bleed": _box(_get(obj, "/BleedBox")) if "/BleedBox" in obj else None,
            }
        )
    return out


def _check_fonts(scan: _Scan) -> list[Finding]:
    bad = [u for u in scan.fonts.values() if not u.embedded]
    if not bad:
        n = len(scan.fonts)
        if n == 1:
            msg = f"the one font used ('{next(iter(scan.fonts.values())).name}') is embedded"
        else:
            msg = f"all {n} fonts used are embedded" if n else "no text: no fonts used"
        return [Finding("PASS", "fonts-embedded", msg)]
    items = []
    for u in sorted(bad, key=lambda u: (min(u.pages), u.name)):
        items.append((min(u.pages), f"{_pages_text(u.pages)}: font '{u.name}' is not embedded ({u.why})"))
    return _capped("FAIL", "fonts-embedded", items)


def _check_trimbox(boxes, bleed_mm: float) -> list[Finding]:
    items = []
    tol = 0.1 * PT_PER_MM
    for i, b in enumerate(boxes, start=1):
        trim, bleed, media = b["trim"], b["bleed"], b["media"]
        missing = [n for n, v in (("TrimBox", trim), ("BleedBox", bleed)) if v is None]
        if missing:
            items.append((i, f"p.{i}: no {' or '.join(missing)} (print needs trim + {_fmt(bleed_mm)} mm bleed)"))
            continue
        if not _inside(trim, bleed):
            items.append((i, f"p.{i}: TrimBox {_box_mm(trim)} is not inside BleedBox {_box_mm(bleed)}"))
            continue
        if not _inside(bleed, media):
            items.append((i, f"p.{i}: BleedBox {_box_mm(bleed)} extends beyond MediaBox {_box_mm(media)}"))
            continue
        sides = (trim[0] - bleed[0], trim[1] - bleed[1], bleed[2] - trim[2], bleed[3] - trim[3])
        if any(abs(s - bleed_mm * PT_PER_MM) > tol for s in sides):
            got = ", ".join(f"{_mm(s):.1f} mm {n}" for s, n in zip(sides, ("left", "bottom", "right", "top")))
            items.append((i, f"p.{i}: bleed is {got} (need {_fmt(bleed_mm)} mm on every side)"))
    if items:
        return _capped("FAIL", "trimbox", items)
    if not boxes:
        return [Finding("PASS", "trimbox", "no pages")]
    sizes = {(round(_mm(b["trim"][2] - b["trim"][0]), 1), round(_mm(b["trim"][3] - b["trim"][1]), 1)) for b in boxes}
    size = " / ".join(f"{w:g} \u00d7 {h:g} mm" for w, h in sorted(sizes))
    return [Finding("PASS", "trimbox", f"{len(boxes)} pages: trim {size}, {_fmt(bleed_mm)} mm bleed on every side")]


def _check_colour(scan: _Scan) -> list[Finding]:
    out: list[Finding] = []
    items = [(p, f"p.{p}: RGB colour: " + "; ".join(what[:4]) + (" ..." if len(what) > 4 else ""))
             for p, what in sorted(scan.rgb.items())]
    out += _capped("FAIL", "colour-space", items)
    groups = [(p, f"p.{p}: {msg} (set it to DeviceCMYK or remove it)") for p, msg in sorted(scan.rgb_group.items())]
    out += _capped("WARN", "colour-space", groups)
    if not out:
        out.append(Finding("PASS", "colour-space", "no RGB colour (vector, text, images, shadings)"))
    return out


def _check_text_black(scan: _Scan) -> list[Finding]:
    if not scan.rich_black:
        return [Finding("PASS", "text-black", "no text in rich black")]
    items = []
    for p, (c, m, y, k) in sorted(scan.rich_black.items()):
        items.append((p, f"p.{p}: text in rich black C{c * 100:.0f} M{m * 100:.0f} Y{y * 100:.0f} K{k * 100:.0f} "
                         "(body text should be 100 % K only)"))
    return _capped("WARN", "text-black", items)


def _check_ppi(scan: _Scan, min_ppi: float) -> list[Finding]:
    low = [(k, v) for k, v in scan.ppi.items() if v[0] < min_ppi - 0.5]
    if not low:
        if not scan.ppi:
            return [Finding("PASS", "image-ppi", "no images")]
        lowest = min(v[0] for v in scan.ppi.values())
        return [Finding("PASS", "image-ppi", f"{len(scan.ppi)} image placements, lowest {lowest:.0f} ppi "
                                             f"(min {_fmt(min_ppi, 0)})")]
    items = []
    for (p, name), (ppi, w, h, wmm, hmm) in sorted(low, key=lambda kv: (kv[0][0], kv[1][0])):
        items.append((p, f"p.{p}: image {_short(name)} at {ppi:.0f} ppi ({w}\u00d7{h} px placed at "
                         f"{wmm:.1f}\u00d7{hmm:.1f} mm; min {_fmt(min_ppi, 0)} ppi)"))
    return _capped("FAIL", "image-ppi", items)


def _check_ink(scan: _Scan, max_ink: float) -> list[Finding]:
    items = []
    for p in sorted(set(scan.ink_vector) | set(scan.ink_image)):
        vec = scan.ink_vector.get(p)
        if vec is not None and vec[0] > max_ink + 1e-6:
            items.append((p, f"p.{p}: {vec[0]:.0f} % ink in {vec[1]} (max {_fmt(max_ink, 0)} %)"))
        img = scan.ink_image.get(p)
        if img is not None and img[0] > max_ink + 0.5:
            items.append((p, f"p.{p}: image {_short(img[1])} reaches {img[0]:.0f} % ink (max {_fmt(max_ink, 0)} %)"))
    if items:
        return _capped("FAIL", "ink-coverage", items)
    peaks = [v[0] for v in scan.ink_vector.values()] + [v[0] for v in scan.ink_image.values()]
    tail = f", highest {max(peaks):.0f} %" if peaks else ""
    return [Finding("PASS", "ink-coverage", f"CMYK ink within {_fmt(max_ink, 0)} %{tail}")]


def _check_type_size(text: _TextScan, min_pt: float) -> list[Finding]:
    items = []
    for p, (size, snip) in sorted(text.min_size.items()):
        if size < min_pt - 0.005:
            shown = f"{size:.1f}" if round(size, 1) < min_pt else f"{size:.2f}"
            items.append((p, f"p.{p}: {shown} pt text '{snip}' (min {_fmt(min_pt)} pt)"))
    if items:
        return _capped("FAIL", "type-size", items)
    if not text.min_size:
        return [Finding("PASS", "type-size", "no text")]
    smallest = min(v[0] for v in text.min_size.values())
    return [Finding("PASS", "type-size", f"smallest text {smallest:.1f} pt (min {_fmt(min_pt)} pt)")]


def _check_lines(scan: _Scan, min_pt: float) -> list[Finding]:
    out: list[Finding] = []
    zero = [(p, f"p.{p}: {n} stroke{'s' if n != 1 else ''} with line width 0 "
                f"(thinnest line the device can draw; set at least {_fmt(min_pt)} pt)")
            for p, n in sorted(scan.zero_width.items())]
    out += _capped("FAIL", "line-width", zero)
    thin = [(p, f"p.{p}: hairline {w:.2f} pt stroke (min {_fmt(min_pt)} pt)")
            for p, (w, _n) in sorted(scan.hairline.items()) if w < min_pt - 1e-4]
    out += _capped("WARN", "line-width", thin)
    if not out:
        if scan.hairline:
            thinnest = min(w for w, _n in scan.hairline.values())
            msg = f"thinnest stroke {thinnest:.2f} pt (min {_fmt(min_pt)} pt)"
        else:
            msg = "no strokes"
        out.append(Finding("PASS", "line-width", msg))
    return out


def _check_safe_zone(text: _TextScan, safe_mm: float) -> list[Finding]:
    items = []
    for p, runs in sorted(text.safe.items()):
        for dist, edge, snip in runs:
            if dist < 0:
                msg = f"p.{p}: text '{snip}' crosses the {edge} trim edge by {_mm(-dist):.1f} mm (min {_fmt(safe_mm)} mm inside)"
            else:
                msg = f"p.{p}: text '{snip}' {_mm(dist):.1f} mm from {edge} trim (min {_fmt(safe_mm)} mm)"
            items.append((p, msg))
    if items:
        return _capped("FAIL", "safe-zone", items)
    return [Finding("PASS", "safe-zone", f"all text at least {_fmt(safe_mm)} mm inside the trim")]


def _check_page_count(n: int) -> list[Finding]:
    if n == 0 or n % 4:
        return [Finding("FAIL", "page-count", f"{n} page{'s' if n != 1 else ''}: a saddle-stitched booklet needs a multiple of 4")]
    return [Finding("PASS", "page-count", f"{n} pages (multiple of 4)")]


def _xmp_bytes(pdf: pikepdf.Pdf) -> bytes:
    meta = _get(pdf.Root, "/Metadata")
    if isinstance(meta, pikepdf.Stream):
        try:
            return meta.read_bytes()
        except Exception:  # noqa: BLE001
            return b""
    return b""


def _docinfo(pdf: pikepdf.Pdf, key: str) -> str:
    try:
        v = pdf.trailer.get("/Info", {}).get(key)
    except Exception:  # noqa: BLE001
        return ""
    return str(v).strip() if v is not None else ""


def _check_output_intent(pdf: pikepdf.Pdf) -> list[Finding]:
    out: list[Finding] = []
    intents = _get(pdf.Root, "/OutputIntents")
    pdfx = [oi for oi in (intents or []) if _name(_get(oi, "/S")) == "/GTS_PDFX"]
    ident = ""
    if not pdfx:
        out.append(Finding("FAIL", "output-intent", "no PDF/X output intent (/OutputIntents with /S /GTS_PDFX)"))
    else:
        oi = pdfx[0]
        ident = str(_get(oi, "/OutputConditionIdentifier", "") or _get(oi, "/OutputCondition", ""))
        prof = _get(oi, "/DestOutputProfile")
        if not isinstance(prof, pikepdf.Stream):
            out.append(Finding("FAIL", "output-intent", "PDF/X output intent has no embedded DestOutputProfile"))
        else:
            n = int(_num(_get(prof, "/N"), 0))
            if n != 4:
                out.append(Finding("FAIL", "output-intent",
                                   f"DestOutputProfile has N={n}; a CMYK (N=4) printing profile is needed"))
    version = _docinfo(pdf, "/GTS_PDFXVersion")
    if not version and b"GTS_PDFXVersion" not in _xmp_bytes(pdf):
        out.append(Finding("FAIL", "output-intent", "GTS_PDFXVersion missing from document info and XMP"))
    if not out:
        label = f" '{ident}'" if ident else ""
        ver = f", {version}" if version else ""
        out.append(Finding("PASS", "output-intent", f"PDF/X output intent{label} with CMYK profile{ver}"))
    return out


def _check_lang(pdf: pikepdf.Pdf) -> list[Finding]:
    lang = str(_get(pdf.Root, "/Lang", "") or "").strip()
    if not lang:
        return [Finding("WARN", "lang", "no document language (/Lang in the catalog)")]
    return [Finding("PASS", "lang", f"document language {lang}")]


_PLACEHOLDER_TITLES = {"untitled", "untitled document", "document", "title", "(anonymous)", "anonymous"}


def _check_title(pdf: pikepdf.Pdf) -> list[Finding]:
    title = _docinfo(pdf, "/Title")
    if not title:
        xmp = _xmp_bytes(pdf)
        if b"<dc:title" in xmp:
            title = "(XMP dc:title)"
    if not title:
        return [Finding("WARN", "title", "no document title in the metadata")]
    if title.lower() in _PLACEHOLDER_TITLES:
        return [Finding("WARN", "title", f"document title is a placeholder ('{title}')")]
    return [Finding("PASS", "title", f"title '{_snippet(title, 60)}'")]


def _check_tagged(pdf: pikepdf.Pdf) -> list[Finding]:
    marked = _get(_get(pdf.Root, "/MarkInfo", {}), "/Marked", False)
    if not bool(marked):
        return [Finding("WARN", "tagged", "not a tagged PDF (/MarkInfo /Marked true missing)")]
    return [Finding("PASS", "tagged", "tagged PDF (/MarkInfo /Marked true)")]


def _check_errors(scan: _Scan) -> list[Finding]:
    items = [(p, f"p.{p}: {msg}; the checks above may be incomplete") for p, msg in sorted(scan.errors.items())]
    return _capped("WARN", "content", items)


# --------------------------------------------------------------------------- entry points


def _open(path: Path) -> pikepdf.Pdf:
    try:
        with open(path, "rb") as fh:
            head = fh.read(1024)
    except OSError as exc:
        raise PreflightError(f"cannot read {path}: {exc.strerror or exc}") from None
    if b"%PDF-" not in head:
        raise PreflightError(f"{path} is not a PDF file (no %PDF- header)")
    try:
        return pikepdf.open(path)
    except pikepdf.PasswordError:
        raise PreflightError(f"{path} is encrypted and needs a password") from None
    except (pikepdf.PdfError, OSError, ValueError) as exc:
        msg = " ".join(str(exc).split()) or type(exc).__name__
        raise PreflightError(f"cannot read {path}: {msg}") from None


def preflight(
    path,
    profile: str = "print",
    *,
    bleed_mm: float = 3.0,
    safe_mm: float = 5.0,
    min_ppi: float = 300,
    max_ink: float = 300,
    min_type_pt: float = 6.0,
    min_line_pt: float = 0.2,
) -> Report:
    """Check the PDF at *path* against *profile* ("print" or "screen").

    Raises PreflightError when the file is not a readable PDF.
    """
    if profile not in PROFILES:
        raise ValueError(f"unknown profile {profile!r} (expected one of {', '.join(PROFILES)})")
    path = Path(path)
    is_print = profile == "print"
    with _open(path) as pdf:
        scan = _Scan()
        walker = _Walker(pdf, scan, decode_images=is_print)
        for i, page in enumerate(pdf.pages, start=1):
            walker.walk_page(i, page)
        boxes = _page_boxes(pdf)
        text_boxes = []
        for b in boxes:
            trim = b["trim"] or b["media"]
            bleed = b["bleed"] or b["crop"] or b["media"]
            text_boxes.append((trim, bleed))
        try:
            doc = pdfium.PdfDocument(str(path))
        except Exception as exc:  # noqa: BLE001
            raise PreflightError(f"cannot read {path}: {exc}") from None
        try:
            text = _text_scan(doc, text_boxes, safe_mm * PT_PER_MM, want_safe=is_print)
        finally:
            doc.close()

        findings: list[Finding] = []
        findings += _check_fonts(scan)
        if is_print:
            findings += _check_trimbox(boxes, bleed_mm)
            findings += _check_colour(scan)
            findings += _check_text_black(scan)
            findings += _check_ppi(scan, min_ppi)
            findings += _check_ink(scan, max_ink)
        findings += _check_type_size(text, min_type_pt)
        if is_print:
            findings += _check_lines(scan, min_line_pt)
            findings += _check_safe_zone(text, safe_mm)
            findings += _check_page_count(len(pdf.pages))
            findings += _check_output_intent(pdf)
        else:
            findings += _check_lang(pdf)
            findings += _check_title(pdf)
            findings += _check_tagged(pdf)
        findings += _check_errors(scan)
    return Report(str(path), profile, findings)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="preflight",
        description="Preflight a PDF for print (PDF/X-style checks) or screen (accessibility basics).",
    )
    parser.add_argument("file", metavar="FILE.pdf", help="PDF to check")
    parser.add_argument("--profile", choices=PROFILES, default="print", help="check set (default: print)")
    parser.add_argument("--bleed-mm", type=float, default=3.0, help="required bleed per side (default 3)")
    parser.add_argument("--safe-mm", type=float, default=5.0, help="text distance from trim (default 5)")
    parser.add_argument("--min-ppi", type=float, default=300, help="minimum effective image ppi (default 300)")
    parser.add_argument("--max-ink", type=float, default=300, help="maximum total ink in %% (default 300)")
    parser.add_argument("--min-type-pt", type=float, default=6.0, help="minimum type size in pt (default 6)")
    parser.add_argument("--min-line-pt", type=float, default=0.2, help="hairline threshold in pt (default 0.2)")
    args = parser.parse_args(argv)
    try:
        report = preflight(
            args.file,
            args.profile,
            bleed_mm=args.bleed_mm,
            safe_mm=args.safe_mm,
            min_ppi=args.min_ppi,
            max_ink=args.max_ink,
            min_type_pt=args.min_type_pt,
            min_line_pt=args.min_line_pt,
        )
    except PreflightError as exc:
        print(f"preflight: {exc}", file=sys.stderr)
        return 2
    print(report.format())
    return 1 if report.failed else 0


if __name__ == "__main__":
    sys.exit(main())
