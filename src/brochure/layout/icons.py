"""Icons from the brand's icon set on the page: vector, in the edition's colour, decoration only
(an icon repeats what the text next to it says, so readers skip it)."""

from __future__ import annotations

from reportlab.platypus import Flowable

from .tagging import Artifact


def icon_flowable(ctx, name: str, size: float, role: str = "heading"):
    from ..graphics.icons import DEFAULT_STROKE, icon_paths

    return Artifact(_Icon(icon_paths(name, cache_dir=ctx.cache_dir), size, ctx.colour(role), DEFAULT_STROKE))


class _Icon(Flowable):
    """An icon drawn with the canvas's own path operators, as graphics.icons.icon() draws it as a
    Drawing (lines of `stroke` grid units, round caps and joins), without a drawing's renderer: a
    page holds a dozen of them."""

    def __init__(self, shapes: tuple, size: float, colour, stroke: float):
        super().__init__()
        self.shapes, self.size, self.colour, self.stroke = shapes, size, colour, stroke
        self.width = self.height = size
        self.hAlign = "LEFT"

    def wrap(self, aw, ah):
        return self.size, self.size

    def draw(self):
        from ..graphics.icons import GRID

        canvas, k = self.canv, self.size / GRID
        canvas.saveState()
        canvas.transform(k, 0, 0, -k, 0, self.size)        # SVG's y runs down
        canvas.setStrokeColor(self.colour)
        canvas.setLineWidth(self.stroke)
        canvas.setLineCap(1)
        canvas.setLineJoin(1)
        for points, operators in self.shapes:
            path = canvas.beginPath()
            at = 0
            for op in operators:
                if op == 0:
                    path.moveTo(points[at], points[at + 1])
                elif op == 1:
                    path.lineTo(points[at], points[at + 1])
                elif op == 2:
                    path.curveTo(*points[at:at + 6])
                else:
                    path.close()
                at += (2, 2, 6, 0)[op]
            canvas.drawPath(path, stroke=1, fill=0)
        canvas.restoreState()
