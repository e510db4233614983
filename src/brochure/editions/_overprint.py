"""Black that overprints, set while the print edition is drawn: every fill or stroke in 100 % K (text,
rules, marks of black) overprints (ExtGState op/OP true, OPM 1), so a slight misregistration leaves
no white halo around black type and rules on coloured panels; every other colour knocks out as usual
(white type on a panel keeps knocking out). reportlab keeps the overprint state with the rest of the
graphics state, so a saved and restored state restores it too. The preflight checks the result."""

from __future__ import annotations

from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import PDFTextObject


def solid_black(colour: object) -> bool:
    """Whether `colour` is 100 % K and nothing else (registration and spot colours are not)."""
    if getattr(colour, "spotName", None):
        return False
    c, m, y, k = (getattr(colour, name, None) for name in ("cyan", "magenta", "yellow", "black"))
    if c is None or m is None or y is None or k is None:
        return False
    return bool(max(c, m, y) <= 0.001 and k >= 0.995)


TYPE_CHECKING = False
if TYPE_CHECKING:
    class _ColourState:
        """What reportlab's canvas and text object provide (the library has no type information)."""

        def setFillColor(self, aColor: object, alpha: float | None = None) -> None: ...
        def setStrokeColor(self, aColor: object, alpha: float | None = None) -> None: ...
        def setFillColorCMYK(self, c: float, m: float, y: float, k: float, alpha: float | None = None) -> None: ...
        def setStrokeColorCMYK(self, c: float, m: float, y: float, k: float, alpha: float | None = None) -> None: ...
        def setOverprintMask(self, mask: bool) -> None: ...
        def setFillOverprint(self, overprint: bool) -> None: ...
        def setStrokeOverprint(self, overprint: bool) -> None: ...
else:
    _ColourState = object


class _Overprinting(_ColourState):
    """Colour setters that also set whether the painting that follows overprints (mixed into
    reportlab's canvas and text object, which provide the setters called here)."""

    def _overprint(self, fill: bool | None = None, stroke: bool | None = None) -> None:
        if fill or stroke:
            self.setOverprintMask(True)
        if fill is not None:
            self.setFillOverprint(fill)
        if stroke is not None:
            self.setStrokeOverprint(stroke)

    def setFillColor(self, aColor: object, alpha: float | None = None) -> None:
        super().setFillColor(aColor, alpha)
        self._overprint(fill=solid_black(aColor))

    def setStrokeColor(self, aColor: object, alpha: float | None = None) -> None:
        super().setStrokeColor(aColor, alpha)
        self._overprint(stroke=solid_black(aColor))

    def setFillColorCMYK(self, c: float, m: float, y: float, k: float, alpha: float | None = None) -> None:
        super().setFillColorCMYK(c, m, y, k, alpha)
        self._overprint(fill=max(c, m, y) <= 0.001 and k >= 0.995)

    def setStrokeColorCMYK(self, c: float, m: float, y: float, k: float, alpha: float | None = None) -> None:
        super().setStrokeColorCMYK(c, m, y, k, alpha)
        self._overprint(stroke=max(c, m, y) <= 0.001 and k >= 0.995)


class OverprintText(_Overprinting, PDFTextObject):
    pass


class OverprintCanvas(_Overprinting, Canvas):
    """The print edition's canvas (see the module docstring)."""

    def beginText(self, x: float = 0, y: float = 0, direction: str | None = None) -> OverprintText:
        return OverprintText(self, x, y, direction=direction)
