"""Editions: what differs between the print and the screen PDF, each in one place.

An edition decides the page size around the trim, the colour space of every brand colour, what is
drawn outside the trim (marks) and how the written file is finished (PDF/X or PDF/UA).

Each edition is one module of this package that builds an `Edition` and calls `register` with it;
the content model, the command line and the build ask this registry for the names, so a new edition
is one new module. Modules whose names start with "_" are helpers, not editions. Edition modules stay
light to import (heavy libraries inside their functions): `--help` lists the names.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass
from typing import Callable

# The edition the content checks and chart specs are measured in: the trim size, no bleed.
MEASURE = "screen"


@dataclass(frozen=True)
class Edition:
    name: str                    # "print", "screen", ...: the name in meta.editions and --edition
    colour_space: str            # "cmyk" | "rgb"
    bleed: float                 # points of background beyond the trim
    slug: float                  # points beyond the bleed for marks
    draw_marks: Callable         # (canvas, geometry) -> None, outside the bleed
    finish: Callable             # (path, content, theme, geometry, rendered, issued, cache_dir): post-processing
    preflight: str | None        # the preflight profile a written PDF must pass, if any
    canvas: Callable | None = None   # the reportlab canvas class to draw with (None: reportlab's own)

    @property
    def offset(self) -> float:
        return self.bleed + self.slug

    def colour(self, swatch):
        from reportlab.lib.colors import CMYKColor, Color

        if self.colour_space == "cmyk":
            c, m, y, k = swatch.cmyk
            return CMYKColor(c, m, y, k)
        r, g, b = swatch.rgb01
        return Color(r, g, b)


_REGISTRY: dict[str, Edition] = {}
_DISCOVERED: list[bool] = []


def register(edition: Edition) -> Edition:
    """Make `edition` available under its name (an edition module calls this when imported)."""
    known = _REGISTRY.get(edition.name)
    if known is not None and known != edition:
        raise ValueError(f"two editions are called {edition.name!r}")
    _REGISTRY[edition.name] = edition
    return edition


def _discover() -> None:
    """Import every edition module of this package once, so each registers itself."""
    if not _DISCOVERED:
        _DISCOVERED.append(True)
        for module in pkgutil.iter_modules(__path__):
            if not module.name.startswith("_"):
                importlib.import_module(f"{__name__}.{module.name}")


def names() -> list[str]:
    """Every registered edition's name, in registration order (the package's modules alphabetically)."""
    _discover()
    return list(_REGISTRY)


def get(name: str) -> Edition:
    _discover()
    try:
        return _REGISTRY[name]
    except KeyError:
        raise ValueError(f"unknown edition {name!r}; known: {', '.join(_REGISTRY)}") from None
