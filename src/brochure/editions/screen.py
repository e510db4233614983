"""Screen edition: RGB, trim size, no marks; tagged PDF/UA-1 with links and bookmarks."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from . import register
from ._edition import Edition

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas

    from ..brand import Theme
    from ..content import Content
    from ..geometry import Geometry
    from ..layout import Rendered


def draw_marks(canvas: Canvas, geometry: Geometry) -> None:
    """The screen edition has nothing outside the trim."""


def finish(path: Path, content: Content, theme: Theme, geometry: Geometry, rendered: Rendered, issued: dt.datetime,
           cache_dir: Path | None = None) -> None:
    from ..pdf import fonts, metadata, tags

    with metadata.open_pdf(path) as pdf:
        fonts.clean_tounicode(pdf)
        tags.add_structure(pdf, content, rendered)
        metadata.write(pdf, content, issued, conformance=("pdfua",), rendition=rendered.pdf,
                       rendition_class="screen")
        metadata.save(pdf, path, version="1.7")     # PDF/UA-1 is based on PDF 1.7 (ISO 32000-1)


EDITION = register(Edition("screen", "rgb", 0, 0, draw_marks, finish, preflight="screen"))
