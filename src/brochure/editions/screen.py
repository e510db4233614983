"""Screen edition: RGB, trim size, no marks; tagged PDF/UA-1 with links and bookmarks."""

from __future__ import annotations

from . import Edition, register


def draw_marks(canvas, geometry) -> None:
    """The screen edition has nothing outside the trim."""


def finish(path, content, theme, geometry, rendered, issued, cache_dir=None) -> None:
    from ..pdf import fonts, metadata, tags

    with metadata.open_pdf(path) as pdf:
        fonts.clean_tounicode(pdf)
        tags.add_structure(pdf, content, rendered)
        metadata.write(pdf, content, issued, conformance=("pdfua",), rendition=rendered.pdf,
                       rendition_class="screen")
        metadata.save(pdf, path, version="1.7")     # PDF/UA-1 is based on PDF 1.7 (ISO 32000-1)


EDITION = register(Edition("screen", "rgb", 0, 0, draw_marks, finish, preflight="screen"))
