"""Track record: home-grown companies, each with who acquired it (or what it is), as cards; how such companies
grow, as numbered steps with icons; a closing statement."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from ..blocks import Stack, accent_rule, group_gap, intro_gap, title_block
from ...geometry import GUTTER

TEMPLATE = "body"


def charts(section, ctx) -> dict:
    return {}


def acquired_by(ctx) -> str:
    """What comes before the acquirer's name: "acquired by " (a full-width colon has its own space)."""
    said = ctx.s("acquired_by")
    return said if said.endswith(("\uff1a", "\u3001")) else said + " "


def _companies(section, ctx, parent) -> list:
    """The companies as cards, two to a row: the name, then who acquired it ("Acquired by Sanofi", the
    card's key fact, on one line under the name) or what it is. Cards are as tall as their text and
    grow only a little when the page has room (an empty tint says nothing)."""
    from reportlab.platypus import Spacer

    from ..blocks_cards import growing_row

    listing = parent.add("L")
    said = acquired_by(ctx)
    cards = []
    for company in section.companies:
        item = listing.add("LI")
        card = [ctx.para(company.name, "numeral", item, "Lbl"), Spacer(1, 2 * mm)]
        body = item.add("LBody")
        fact = said + company.acquirer if company.acquirer else ctx.t(company.note) if company.note else ""
        card.append(ctx.para(fact, "tile", body))
        cards.append((6, card, "panel"))
    rows = [cards[i:i + 2] for i in range(0, len(cards), 2)]
    return [growing_row(ctx, row, 22) for row in rows]


class _Path(Flowable):
    """The steps of a path as a diagram: a circle per step in the brand colour with the step's icon,
    circles joined by an accent line, the step's number and words under each. Circles and line are
    decoration; the words are the tagged list. The circles grow with the room the page has."""

    def __init__(self, ctx, steps: list, labels: list, room_mm: float = 12):
        super().__init__()
        self.ctx, self.steps, self.labels = ctx, steps, labels
        self.base, self.room, self.extra = 16 * mm, room_mm * mm, 0.0

    def grow(self, extra: float) -> None:
        self.extra = extra

    def _texts(self, aw):
        column = aw / len(self.steps)
        return column, [label.wrap(column - GUTTER, 10_000)[1] for label in self.labels]

    def wrap(self, aw, ah):
        column, heights = self._texts(aw)
        self.width, self.height = aw, self.base + self.extra + 3 * mm + max(heights)
        return self.width, self.height

    def draw(self):
        from ..icons import icon_flowable
        from ..tagging import begin_artifact, end_marked

        canvas, ctx = self.canv, self.ctx
        column, heights = self._texts(self.width)
        d = self.base + self.extra
        y = self.height - d / 2
        canvas.saveState()
        begin_artifact(canvas)
        canvas.setStrokeColor(ctx.colour("accent"))
        canvas.setLineWidth(2)
        canvas.line(column / 2, y, self.width - column / 2, y)
        canvas.setFillColor(ctx.colour("cover"))
        for i in range(len(self.steps)):
            canvas.circle(column * i + column / 2, y, d / 2, stroke=0, fill=1)
        end_marked(canvas)
        canvas.restoreState()
        for i, step in enumerate(self.steps):
            if step.icon:
                mark = icon_flowable(ctx, step.icon, d * 0.5, role="cover-text")
                mark.wrap(d, d)
                mark.drawOn(canvas, column * i + column / 2 - d * 0.25, y - d * 0.25)
            label = self.labels[i]
            label.drawOn(canvas, column * i + GUTTER / 2, self.height - d - 3 * mm - heights[i])


def _journey(section, ctx, parent) -> list:
    """How the companies grew, as a numbered path of icons."""
    if not section.journey:
        return []
    out = []
    if section.journey_title:
        out.append(ctx.para(ctx.t(section.journey_title), "h2", parent, "H2"))
    listing = parent.add("L", attrs={"ListNumbering": "Decimal"})
    labels = []
    for n, step in enumerate(section.journey, 1):
        item = listing.add("LI")
        number = ctx.para(str(n), "step-number", item, "Lbl")
        labels.append(Stack([number, ctx.para(ctx.t(step.text), "body-strong-centre", item, "LBody")]))
    out.append(_Path(ctx, section.journey, labels))
    return out


def build(section, ctx, parent) -> list:
    out = title_block(ctx, section, parent) + [intro_gap(), *_companies(section, ctx, parent)]
    if section.note:
        out += [group_gap(), accent_rule(ctx), ctx.para(ctx.t(section.note), "pull-quote", parent)]
    if section.journey:
        out += [group_gap()] + _journey(section, ctx, parent)
    return out
