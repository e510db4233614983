"""Building blocks shared by the section layouts: grid rows, cards, lists, tables, charts."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle  # noqa: F401

from .context import Context, Para, esc
from ..typography import spaced
from ..geometry import GUTTER
from .tagging import END, Element, Tag, begin_artifact, end_marked


class _Furniture:
    """Table render callback: backgrounds and rules become Artifacts; cells optionally TH/TD."""

    def __init__(self, ctx: Context, table: Element | None = None):
        self.ctx, self.table = ctx, table
        self.rows: dict[int, Element] = {}
        self.seen_header: set = set()
        self._drawing_rows: set = set()

    def __call__(self, table, event, *args):
        canvas = table.canv
        if event in ("startBG", "startLines"):
            begin_artifact(canvas)
        elif event in ("endBG", "endLines"):
            end_marked(canvas)
        elif event == "startCell" and self.table is not None:
            cell = args[2]
            meta = _cell_meta(cell)
            if meta is None:
                canvas._code.append("/Artifact BMC")
            else:
                row_key, header, scope = meta
                if header and row_key in self.seen_header and row_key not in self._drawing_rows:
                    canvas._code.append("/Artifact BMC")  # header row repeated on a later page
                else:
                    if header:
                        self.seen_header.add(row_key)
                    self._drawing_rows.add(row_key)
                    row = self.rows.get(row_key)
                    if row is None:
                        group = self._group(header)
                        row = self.rows[row_key] = group.add("TR")
                    role = "TH" if header else "TD"
                    attrs = {"Scope": scope} if scope else {}
                    element = row.add(role, attrs=attrs)
                    page = canvas.getPageNumber() - 1
                    n = self.ctx.recorder.mcid(page)
                    element.children.append(("mcid", page, n))
                    canvas._code.append(f"/{role} <</MCID {n}>> BDC")
        elif event == "endCell" and self.table is not None:
            canvas._code.append(END)
        elif event == "startTable":
            self._drawing_rows = set()

    def _group(self, header: bool) -> Element:
        role = "THead" if header else "TBody"
        for child in self.table.children:
            if isinstance(child, Element) and child.role == role:
                return child
        return self.table.add(role)


def _cell_meta(cell):
    first = cell[0] if isinstance(cell, (list, tuple)) and cell else cell
    return getattr(first, "cell_meta", None)


def base_commands(ctx: Context) -> list:
    """Table defaults in brand font and colour (reportlab's own defaults are Helvetica and RGB black)."""
    return [("FONTNAME", (0, 0), (-1, -1), ctx.fonts.regular), ("TEXTCOLOR", (0, 0), (-1, -1), ctx.colour("text"))]


def cell(ctx: Context, text: str, style: str, row_key, header: bool = False, scope: str | None = None,
         markup: bool = False) -> Paragraph:
    p = ctx.paragraph(text if markup else esc(text), style)
    p.cell_meta = (row_key, header, scope)
    return p


def layout_table(ctx: Context, cells: list[tuple[int, list[Flowable]]], style: list | None = None,
                 valign: str = "TOP") -> Table:
    """One row of the 12-column grid: (columns spanned, flowables) per cell, gutters between."""
    geo = ctx.geometry
    widths, row = [], []
    for i, (span, flowables) in enumerate(cells):
        if i:
            widths.append(GUTTER)
            row.append("")
        widths.append(geo.span(span))
        row.append(flowables)
    commands = base_commands(ctx) + [("VALIGN", (0, 0), (-1, -1), valign), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]
    table = Table([row], colWidths=widths, style=TableStyle(commands + (style or [])), hAlign="LEFT",
                  renderCB=_Furniture(ctx))
    return table


def card(ctx: Context, flowables: list[Flowable], width: float, background: str, pad: float = 5 * mm,
         height: float | None = None) -> Table:
    """A coloured panel holding flowables; the panel itself is decoration (Artifact)."""
    table = Table([[flowables]], colWidths=[width], rowHeights=[height] if height else None,
                  style=TableStyle(base_commands(ctx) + [("BACKGROUND", (0, 0), (-1, -1), ctx.colour(background)),
                                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                                    ("LEFTPADDING", (0, 0), (-1, -1), pad), ("RIGHTPADDING", (0, 0), (-1, -1), pad),
                                    ("TOPPADDING", (0, 0), (-1, -1), pad * 0.8),
                                    ("BOTTOMPADDING", (0, 0), (-1, -1), pad)]),
                  hAlign="LEFT", renderCB=_Furniture(ctx))
    return table


def title_block(ctx: Context, section, parent: Element) -> list[Flowable]:
    """The page's one H1 (with the section's icon at the right end of its line) and, when the section
    has one, its introduction in lead type."""
    title = ctx.para(ctx.t(section.title), "h1", parent, "H1")
    photo = getattr(section, "photo", None) if section.kind != "cover" else None
    if getattr(section, "icon", None) and not (photo and photo.place == "beside"):    # the photo takes its place
        title = with_icon(ctx, title, section.icon)
    out = [title]
    if section.intro:
        # An introduction reads on a measure of nine columns (about 75 characters), not the full page;
        # beside a photo, the column is the measure.
        beside = photo and photo.place == "beside"
        out.append(ctx.para(ctx.t(section.intro), "lead" if beside else measured(ctx, "lead"), parent))
    if photo:
        from .photos import BESIDE_COLUMNS, opener_band, opener_beside

        if photo.place == "beside":
            beside_photo = opener_beside(ctx, photo, parent)
            return [layout_table(ctx, [(12 - BESIDE_COLUMNS, out), (BESIDE_COLUMNS, [beside_photo])])]
        return [opener_band(ctx, photo, parent), gap(4)] + out
    return out


def with_icon(ctx: Context, title: Flowable, icon: str, role: str = "heading") -> Flowable:
    """A page title with its icon (in the colour of `role`) at the right end of its line, level with
    the title's first line however many lines the title takes."""
    from .icons import icon_flowable

    mark = icon_flowable(ctx, icon, ICON_SIZE, role)
    mark.hAlign = "RIGHT"
    row = layout_table(ctx, [(11, [title]), (1, [mark])], valign="TOP")
    row.spaceAfter = ctx.styles["h1"].spaceAfter
    return row


def measured(ctx: Context, style: str) -> str:
    """A running-text style set on the reading measure of INTRO_COLUMNS columns (about 75 characters
    a line) instead of the full page width; returns the name of that style."""
    name = f"{style}~measure"
    if name not in ctx.styles:
        from reportlab.lib.styles import ParagraphStyle

        geo = ctx.geometry
        ctx.styles[name] = ParagraphStyle(name, parent=ctx.styles[style],
                                          rightIndent=geo.content_w - geo.span(INTRO_COLUMNS))
        ctx.styles[name].balance = getattr(ctx.styles[style], "balance", False)
    return name


def bullet_list(ctx: Context, items: list[str], parent: Element, style: str = "bullet",
                bullet_colour: str = "heading") -> list[Flowable]:
    """An L > LI > (Lbl, LBody) list: the bullet is the item's label, the text its body."""
    from reportlab.lib.styles import ParagraphStyle

    listing = parent.add("L", attrs={"ListNumbering": "Disc"})
    out = []
    base = ctx.styles[style]
    bulleted = ParagraphStyle(f"{base.name}-bullet", parent=base, leftIndent=10, bulletIndent=0,
                              bulletColor=ctx.colour(bullet_colour), bulletFontName=base.fontName,
                              spaceAfter=max(base.spaceAfter, 2.5))
    for text in items:
        item = listing.add("LI")
        label, body = item.add("Lbl"), item.add("LBody")
        text = spaced(esc(ctx.finish(text)), ctx.typography)
        out.append(Labelled(label, "\u2022", Tag(body, Para(text, bulleted), ctx.recorder), ctx.recorder))
    return out


class Stack(Flowable):
    """Flowables one under the other, drawn as one block (for a band or a diagram that places them)."""

    def __init__(self, flowables):
        super().__init__()
        self.flowables = flowables

    def wrap(self, aw, ah):
        self.width = aw
        self.sizes = [f.wrap(aw, ah)[1] for f in self.flowables]
        self.height = sum(self.sizes)
        return aw, self.height

    def draw(self):
        y = self.height
        for f, h in zip(self.flowables, self.sizes):
            y -= h
            f.drawOn(self.canv, 0, y)


class Labelled(Flowable):
    """A list item's body with its label (a bullet) beside the first line, where reportlab draws a
    paragraph's bullet, each in its own marked content: the label in the Lbl, the text in the LBody."""

    def __init__(self, label: Element, text: str, body: Tag, recorder):
        super().__init__()
        self.label, self.text, self.body, self.recorder = label, text, body, recorder
        for attr in ("keepWithNext", "_keepWithNext"):
            if hasattr(body, attr):
                setattr(self, attr, getattr(body, attr))

    def wrap(self, aw, ah):
        self.width, self.height = self.body.wrap(aw, ah)
        return self.width, self.height

    def getSpaceBefore(self):
        return self.body.getSpaceBefore()

    def getSpaceAfter(self):
        return self.body.getSpaceAfter()

    def split(self, aw, ah):
        parts = self.body.split(aw, ah)
        if not parts:
            return []
        return [Labelled(self.label, self.text, parts[0], self.recorder), *parts[1:]]

    def drawOn(self, canvas, x, y, _sW=0):
        para = self.body.child
        style = para.style
        lines = getattr(para.blPara, "lines", None) or [None]
        ascent = getattr(lines[0], "ascent", None) or getattr(para.blPara, "ascent", None) or style.fontSize
        page = canvas.getPageNumber() - 1
        n = self.recorder.mcid(page)
        self.label.children.append(("mcid", page, n))
        canvas._code.append(f"/Lbl <</MCID {n}>> BDC")
        canvas.saveState()
        canvas.setFont(style.bulletFontName, style.bulletFontSize)
        canvas.setFillColor(style.bulletColor)
        canvas.drawString(x + style.bulletIndent, y + self.height - ascent + getattr(style, "bulletOffsetY", 0),
                          self.text)
        canvas.restoreState()
        canvas._code.append(END)
        self.body.drawOn(canvas, x, y, _sW)


def data_cells(ctx: Context, parent: Element, header: list[str],
               rows: list[list[list[tuple[str, str]]]]) -> tuple[Element, list]:
    """A directory table's structure element and its cells, the header row first. Each cell is a list
    of (markup, style) paragraphs; the caller escapes content text. Made once for a table that is
    set again with airier rows (data_table)."""
    element = parent.add("Table")
    data = [[cell(ctx, h, "cell-head", "head", header=True, scope="Column") for h in header]]
    for r, row in enumerate(rows):
        data.append([[cell(ctx, text, style, r, markup=True) for text, style in parts] for parts in row])
    return element, data


def data_table(ctx: Context, cells: tuple[Element, list], spans: list[int], zebra: bool = True,
               group_starts: set[int] | None = None, highlighted: set[int] | None = None,
               row_pad: float = 0) -> Table:
    """A directory table of data_cells(): header row repeated on every page it continues to, light
    zebra rows, `row_pad` more room above and below the text of every row but the header."""
    element, data = cells
    tagger = _Furniture(ctx, element)
    geo = ctx.geometry
    widths = [geo.span(s) + (GUTTER if i < len(spans) - 1 else 0) for i, s in enumerate(spans)]
    commands = base_commands(ctx) + [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 2 * mm), ("RIGHTPADDING", (0, 0), (-1, -1), GUTTER - 2 * mm),
        ("TOPPADDING", (0, 0), (-1, -1), 1.6 * mm), ("BOTTOMPADDING", (0, 0), (-1, -1), 1.9 * mm),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, ctx.colour("heading")),
        ("LINEBELOW", (0, -1), (-1, -1), 0.5, ctx.colour("rule")),
    ]
    if zebra:
        commands.append(("ROWBACKGROUNDS", (0, 1), (-1, -1), [None, ctx.colour("zebra")]))
    if row_pad:
        commands += [("TOPPADDING", (0, 1), (-1, -1), 1.6 * mm + row_pad),
                     ("BOTTOMPADDING", (0, 1), (-1, -1), 1.9 * mm + row_pad)]
    for row in sorted(highlighted or ()):
        commands.append(("BACKGROUND", (0, row + 1), (-1, row + 1), ctx.colour("highlight")))
    for start in sorted(group_starts or ()):
        if start > 0:
            commands.append(("LINEABOVE", (0, start + 1), (-1, start + 1), 0.5, ctx.colour("rule")))
    return Table(data, colWidths=widths, repeatRows=1, style=TableStyle(commands), hAlign="LEFT",
                 renderCB=tagger)


def chart(ctx: Context, key: str, parent: Element, alt: str) -> list[Flowable]:
    drawing = ctx.charts[key]
    return [ctx.tag(drawing, parent, "Figure", alt=alt)]


def accent_rule(ctx: Context):
    """A short bar in the accent colour that introduces a statement (decoration), square-ended and
    clear of the text below."""
    from reportlab.graphics.shapes import Drawing, Rect

    from ..charts.vector import set_initial_state
    from .tagging import Artifact

    bar = Drawing(12 * mm, 1.4 * mm + 3 * mm)
    bar.add(Rect(0, 3 * mm, 12 * mm, 1.4 * mm, fillColor=ctx.colour("accent"), strokeColor=None))
    set_initial_state(bar, ctx.colour("text"), ctx.fonts.regular)
    bar.hAlign = "LEFT"
    return Artifact(bar)


def rule(ctx: Context, colour: str = "rule"):
    """A hairline across the column (decoration)."""
    from reportlab.platypus.flowables import HRFlowable

    from .tagging import Artifact

    return Artifact(HRFlowable(width="100%", thickness=0.5, color=ctx.colour(colour), spaceBefore=0, spaceAfter=0))


def gap(height_mm: float) -> Spacer:
    return Spacer(1, height_mm * mm)


ICON_SIZE = 10 * mm      # a section's icon beside its title
INTRO_COLUMNS = 9        # the measure of a section's introduction


def intro_gap() -> "Flex":
    """The page's rhythm, in one place: after the title and introduction, before the first block."""
    return Flex(10, 13)


def block_gap() -> "Flex":
    """Between two blocks of one subject."""
    return Flex(6, 10)


def group_gap() -> "Flex":
    """Before a new group or subsection of the page."""
    return Flex(14, 18)


class Flex(Spacer):
    """Planned white space between two blocks: `least` mm, growing to `most` mm when the page has
    room (see Justified)."""

    def __init__(self, least: float, most: float):
        super().__init__(1, least * mm)
        self.least, self.most = least * mm, most * mm

    def grow(self, extra: float) -> None:
        self.height = self.least + extra

    @property
    def room(self) -> float:
        return self.most - self.least


class Growable(Flowable):
    """A block that can take extra height when its page has room (a band, a row of cards, a table
    with airier rows): `build(extra)` makes the block with `extra` points more height, up to `most`."""

    def __init__(self, build, most_mm: float):
        super().__init__()
        self.build, self.room, self.extra = build, most_mm * mm, 0.0
        self.block = build(0.0)

    def grow(self, extra: float) -> None:
        if extra != self.extra:
            self.extra = extra
            self.block = self.build(extra)

    def wrap(self, aw, ah):
        self.width, self.height = self.block.wrap(aw, ah)
        self.hAlign = getattr(self.block, "hAlign", "LEFT")     # placed as its block asks
        return self.width, self.height

    def split(self, aw, ah):
        return self.block.split(aw, ah)

    def getSpaceBefore(self):
        return self.block.getSpaceBefore()

    def getSpaceAfter(self):
        return self.block.getSpaceAfter()

    def drawOn(self, canvas, x, y, _sW=0):
        self.block.drawOn(canvas, x, y, _sW)


def _share_out(amount: float, items: list, shares: dict, room) -> float:
    """Water-filling: every item takes an equal share of `amount`, none more than room(item); returns
    what is left over."""
    open_ = [f for f in items if room(f) - shares[id(f)] > 0.5]
    while amount > 0.5 and open_:
        share = amount / len(open_)
        still = []
        for f in open_:
            take = min(share, room(f) - shares[id(f)])
            shares[id(f)] += take
            amount -= take
            if room(f) - shares[id(f)] > 0.5:
                still.append(f)
        open_ = still
    return amount


class Justified(Flowable):
    """A page's blocks set as one: the spare height goes to the page's visual blocks that can take it
    (a band, a chart, a map: Growable) and to the gaps between blocks within the rhythm's narrow
    range (Flex), so the page ends near its bottom margin without stretching boxes past their
    content or leaving holes. Blocks that do not fit one page flow as usual."""

    def __init__(self, flowables: list[Flowable]):
        super().__init__()
        self.flowables = [f for f in flowables if f is not None]
        self._layout = None

    def _natural(self, aw):
        for f in self.flowables:
            if hasattr(f, "grow"):
                f.grow(0.0)
        self._sizes = [f.wrap(aw, 100_000)[1] for f in self.flowables]
        return [h + f.getSpaceBefore() + f.getSpaceAfter() for f, h in zip(self.flowables, self._sizes)]

    def wrap(self, aw, ah):
        heights = self._natural(aw)
        total = sum(heights)
        self.width = aw
        if total > ah:
            self.height = total
            return aw, total
        slack = ah - total
        growers = [f for f in self.flowables if hasattr(f, "grow") and f.room > 0]
        shares = {id(f): 0.0 for f in growers}
        for f in growers:
            whole = getattr(f, "whole", False)
            if whole:       # shown at one of its sizes (the largest that fits) or not at all: served first
                sizes = (f.room,) if whole is True else whole
                shares[id(f)] = max((size for size in sizes if size <= slack), default=0.0)
                slack -= shares[id(f)]
        _share_out(slack, [f for f in growers if not getattr(f, "whole", False)], shares, lambda f: f.room)
        for f in growers:
            f.grow(shares[id(f)])
        # Only what grew is measured again.
        grown = {id(f) for f in growers if shares[id(f)]}
        self._heights = [f.wrap(aw, 100_000)[1] if id(f) in grown else h
                         for f, h in zip(self.flowables, self._sizes)]
        self.height = ah
        return aw, ah

    def split(self, aw, ah):
        heights = self._natural(aw)
        return [] if sum(heights) <= ah else list(self.flowables)

    def draw(self):
        y = self.height
        for f, h in zip(self.flowables, self._heights):
            y -= f.getSpaceBefore() + h
            f.drawOn(self.canv, _aligned(f, self.width), y)
            y -= f.getSpaceAfter()


def _aligned(flowable, width: float) -> float:
    """x of a flowable narrower than the column, by its hAlign (as a frame places it)."""
    spare = width - getattr(flowable, "width", width)
    align = getattr(flowable, "hAlign", "LEFT")
    return spare / 2 if align in ("CENTER", "CENTRE") else spare if align == "RIGHT" else 0
