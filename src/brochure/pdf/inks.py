"""Print colour of text and rules, as prepress expects it: small type in solid black, black overprinting.

Applied to the written print PDF, so it holds for everything on the page alike (paragraphs, charts,
page furniture), whatever colour the layout chose:

- text under SMALL_TEXT_PT set in a tint of black (a grey, K only) prints in 100 % K: a tint is
  screened into dots, which small type does not survive;
- 100 % K fills of text and 100 % K strokes overprint (ExtGState op/OP true, OPM 1), so a slight
  misregistration leaves no white halo around black type and rules on coloured panels. Nothing else
  overprints: white or coloured type keeps knocking out.

The content streams keep every operator they had; only colour and ExtGState operators are added.
"""

from __future__ import annotations

import math

import pikepdf
from pikepdf import Name, Operator

SMALL_TEXT_PT = 9.0
_SHOW = {"Tj", "TJ", "'", '"'}
_FILL = {"f", "F", "f*", "B", "B*", "b", "b*"}
_STROKE = {"S", "s", "B", "B*", "b", "b*"}
_IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
# (fill overprints, stroke overprints) -> name of the ExtGState that sets it
_STATES = {(f, s): Name(f"/BrOP{int(f)}{int(s)}") for f in (False, True) for s in (False, True)}


def apply(pdf: pikepdf.Pdf) -> None:
    """Small black-tint text to solid K, and 100 % K text and rules to overprint, on every page."""
    done: set = set()
    for page in pdf.pages:
        resources = page.obj.get("/Resources")
        if resources is None:
            page.obj.Resources = resources = pikepdf.Dictionary()
        _rewrite(pdf, page, resources, done)


def _rewrite(pdf, owner, resources, done: set) -> None:
    """Rewrite one content stream (a page's, or a Form XObject's) and the forms it draws."""
    _Pass(pdf, resources).run(owner)
    xobjects = resources.get("/XObject", {})
    for key in list(xobjects.keys()):
        xobject = xobjects[key]
        if xobject.get("/Subtype") != Name.Form or xobject.objgen in done:
            continue
        done.add(xobject.objgen)
        # A form without resources of its own uses those of the page that draws it.
        _rewrite(pdf, xobject, xobject.get("/Resources", resources), done)


def _solid_k(cmyk) -> bool:
    return cmyk is not None and max(cmyk[:3]) <= 0.001 and cmyk[3] >= 0.995


def _black_tint(cmyk) -> bool:
    return cmyk is not None and max(cmyk[:3]) <= 0.001 and 0.001 < cmyk[3] < 0.995


def _mul(m1, m2):
    a1, b1, c1, d1, e1, f1 = m1
    a2, b2, c2, d2, e2, f2 = m2
    return (a1 * a2 + b1 * c2, a1 * b2 + b1 * d2, c1 * a2 + d1 * c2, c1 * b2 + d1 * d2,
            e1 * a2 + f1 * c2 + e2, e1 * b2 + f1 * d2 + f2)


class _State:
    """What the rewrite tracks of the graphics state (saved and restored with q/Q)."""

    __slots__ = ("ctm", "fill", "stroke", "font_size", "leading", "op")

    def __init__(self):
        self.ctm = _IDENTITY
        # DeviceCMYK values; None for any other colour space, and at the start, where a form's colour
        # is whatever its caller's was (nothing is recoloured or overprinted on a guess)
        self.fill = None
        self.stroke = None
        self.font_size = 0.0
        self.leading = 0.0
        self.op = (False, False)              # overprint as the content stream last set it

    def copy(self):
        new = _State.__new__(_State)
        for slot in _State.__slots__:
            setattr(new, slot, getattr(self, slot))
        return new


class _Pass:
    def __init__(self, pdf, resources):
        self.pdf, self.resources = pdf, resources
        self.used: set = set()

    def run(self, owner) -> None:
        out = []
        state, saved = _State(), []
        tm = tlm = _IDENTITY
        path = None     # where in `out` the current path began: a gs goes before it, not inside it
        for operands, operator in pikepdf.parse_content_stream(owner):
            op = str(operator)
            if op in ("m", "re") and path is None:
                path = len(out)
            if op == "q":
                saved.append(state.copy())
            elif op == "Q":
                state = saved.pop() if saved else state
            elif op == "cm":
                state.ctm = _mul(tuple(float(v) for v in operands), state.ctm)
            elif op == "k":
                state.fill = tuple(float(v) for v in operands)
            elif op == "K":
                state.stroke = tuple(float(v) for v in operands)
            elif op in ("g", "rg", "cs", "sc", "scn"):
                state.fill = None
            elif op in ("G", "RG", "CS", "SC", "SCN"):
                state.stroke = None
            elif op == "gs":
                self._read_gs(operands[0], state)
            elif op == "Tf":
                state.font_size = float(operands[1])
            elif op == "TL":
                state.leading = float(operands[0])
            elif op == "BT":
                tm = tlm = _IDENTITY
            elif op == "Tm":
                tm = tlm = tuple(float(v) for v in operands)
            elif op in ("Td", "TD"):
                if op == "TD":
                    state.leading = -float(operands[1])
                tm = tlm = _mul((1.0, 0.0, 0.0, 1.0, float(operands[0]), float(operands[1])), tlm)
            elif op in ("T*", "'", '"'):
                tm = tlm = _mul((1.0, 0.0, 0.0, 1.0, 0.0, -state.leading), tlm)

            if op in _SHOW:
                trm = _mul(tm, state.ctm)
                size = abs(state.font_size) * math.sqrt(abs(trm[0] * trm[3] - trm[1] * trm[2]))
                if 0 < size < SMALL_TEXT_PT and _black_tint(state.fill):
                    # Small type in a tint of black prints in solid black, this one show only.
                    self._overprint(out, state, True, state.op[1])
                    out.append(([0, 0, 0, 1], Operator("k")))
                    out.append((operands, operator))
                    out.append(([*state.fill], Operator("k")))
                    continue
                self._overprint(out, state, _solid_k(state.fill), state.op[1])
            elif op in _FILL or op in _STROKE:
                fill = _solid_k(state.fill) if op in _FILL else state.op[0]
                stroke = _solid_k(state.stroke) if op in _STROKE else state.op[1]
                self._overprint(out, state, fill, stroke, at=path)
                path = None
            elif op == "n":
                path = None
            elif op in ("sh", "Do", "BI", "INLINE IMAGE"):
                self._overprint(out, state, False, False)
            out.append((operands, operator))
        if isinstance(owner, pikepdf.Page):
            owner.contents_coalesce()
            owner = owner.obj.Contents
        owner.write(pikepdf.unparse_content_stream(out))
        if self.used:
            states = self.resources.get("/ExtGState")
            if states is None:
                self.resources.ExtGState = states = pikepdf.Dictionary()
            for (fill, stroke), name in _STATES.items():
                if name in self.used and name not in states:
                    states[name] = self.pdf.make_indirect(pikepdf.Dictionary(
                        Type=Name.ExtGState, op=fill, OP=stroke, OPM=1))

    def _overprint(self, out, state: _State, fill: bool, stroke: bool, at: int | None = None) -> None:
        if state.op == (fill, stroke):
            return
        name = _STATES[(fill, stroke)]
        self.used.add(name)
        out.insert(len(out) if at is None else at, ([name], Operator("gs")))
        state.op = (fill, stroke)

    def _read_gs(self, name, state: _State) -> None:
        found = self.resources.get("/ExtGState", {}).get(name)
        if found is None:
            return
        fill, stroke = state.op
        if "/OP" in found:
            fill = stroke = bool(found.OP)
        if "/op" in found:
            fill = bool(found.op)
        state.op = (fill, stroke)
