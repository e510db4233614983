"""Content text made safe for reportlab's paragraph markup: `R&D`, `a < b`, `<b>` print as typed."""

from __future__ import annotations

_TABLE = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})


def esc(text) -> str:
    """Escape every character reportlab's markup parser would read as markup (quotes too, for
    attribute values such as link targets)."""
    return str(text).translate(_TABLE)
