"""Marked content for the structure tree: every flowable is wrapped, page furniture is an Artifact.

Layout code wraps what it produces in `Tag` (a structure element: H1, P, Figure, TD ...). While the
page is drawn, the wrapper brackets the child's drawing with `/Role <</MCID n>> BDC ... EMC` and logs
(page, mcid) against the element. `pdf/tags.py` turns that log into the StructTreeRoot afterwards.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from reportlab.platypus import Flowable

ARTIFACT_BEGIN = "/Artifact BMC"
END = "EMC"


@dataclass
class Element:
    """A node of the logical structure (role, attributes, children); content parts are MCIDs."""

    role: str
    parent: "Element | None" = None
    alt: str | None = None
    attrs: dict = field(default_factory=dict)
    lang: str | None = None
    children: list = field(default_factory=list)      # Element or ("mcid", page, n) or ("link", page, n)
    annots: list = field(default_factory=list)        # (page, first, end): link annotations drawn with it
    id: int = field(default_factory=itertools.count().__next__)

    def add(self, role: str, **kwargs) -> "Element":
        child = Element(role, self, **kwargs)
        self.children.append(child)
        return child

    def first_drawn(self) -> tuple[int, int] | None:
        """(page, MCID) of the first content drawn for this element or inside it; None if nothing was.
        MCIDs count up per page as content is drawn, so this orders elements as the pages show them."""
        keys = [(c[1], c[2]) if isinstance(c, tuple) else c.first_drawn() for c in self.children]
        keys = [k for k in keys if k is not None]
        return min(keys) if keys else None

    def in_reading_order(self) -> list:
        """The children in the order the reader meets them on the page: the order they were drawn in.
        Layout code creates elements when it builds flowables, which need not be the order they sit
        in on the page (the cells of a grid row built right to left, say); the frames and tables
        that place them draw them in reading order. Children never drawn keep their place at the end."""
        keyed = [((c[1], c[2]) if isinstance(c, tuple) else c.first_drawn(), i, c) for i, c in enumerate(self.children)]
        return [c for _, _, c in sorted(keyed, key=lambda t: (t[0] is None, t[0] or (0, 0), t[1]))]


class Recorder:
    """Per-document log of marked content: MCIDs per page, in drawing order."""

    def __init__(self) -> None:
        self.root = Element("Document")
        self.next_mcid: dict[int, int] = {}

    def mcid(self, page: int) -> int:
        n = self.next_mcid.get(page, 0)
        self.next_mcid[page] = n + 1
        return n


def _page(canvas) -> int:
    return canvas.getPageNumber() - 1


def begin_artifact(canvas) -> None:
    canvas._code.append(ARTIFACT_BEGIN)


def end_marked(canvas) -> None:
    canvas._code.append(END)


class Tag(Flowable):
    """Wraps a flowable as (part of) a structure element."""

    def __init__(self, element: Element, child: Flowable, recorder: Recorder):
        super().__init__()
        self.element, self.child, self.recorder = element, child, recorder
        # Keep-with-next and friends belong to the wrapped flowable.
        for attr in ("keepWithNext", "_keepWithNext"):
            if hasattr(child, attr):
                setattr(self, attr, getattr(child, attr))

    def __getattr__(self, name):
        # Flowable attributes platypus reads (spaceBefore, hAlign ...) come from the child.
        if name in ("child", "element", "recorder"):
            raise AttributeError(name)
        return getattr(self.child, name)

    def wrap(self, aw, ah):
        self.width, self.height = self.child.wrap(aw, ah)
        return self.width, self.height

    def getSpaceBefore(self):
        return self.child.getSpaceBefore()

    def getSpaceAfter(self):
        return self.child.getSpaceAfter()

    def split(self, aw, ah):
        return [Tag(self.element, part, self.recorder) for part in self.child.split(aw, ah)]

    def drawOn(self, canvas, x, y, _sW=0):
        page = _page(canvas)
        n = self.recorder.mcid(page)
        canvas._code.append(f"/{self.element.role} <</MCID {n}>> BDC")
        self.element.children.append(("mcid", page, n))
        # The page's annotations made while this is drawn (its links) are its own, and no other's.
        annots = canvas._annotationrefs
        first = len(annots)
        self.child.drawOn(canvas, x, y, _sW)
        if len(annots) > first:
            self.element.annots.append((page, first, len(annots)))
        canvas._code.append(END)


class Artifact(Flowable):
    """Wraps a purely decorative flowable (rules, shapes) so readers skip it."""

    def __init__(self, child: Flowable):
        super().__init__()
        self.child = child

    def wrap(self, aw, ah):
        self.width, self.height = self.child.wrap(aw, ah)
        return self.width, self.height

    def split(self, aw, ah):
        return [Artifact(part) for part in self.child.split(aw, ah)]

    def drawOn(self, canvas, x, y, _sW=0):
        begin_artifact(canvas)
        self.child.drawOn(canvas, x, y, _sW)
        end_marked(canvas)
