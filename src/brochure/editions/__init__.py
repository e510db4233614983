"""Editions: what differs between the print and the screen PDF, each in one place.

An edition decides the page size around the trim, the colour space of every brand colour, what is
drawn outside the trim (marks) and how the written file is finished (PDF/X or PDF/UA).

Each edition is one module of this package, named after the edition, that builds an `Edition` and
calls `register` with it; the content model, the command line and the build ask this registry, so a
new edition is one new module. Modules whose names start with "_" are helpers, not editions. The
names are read off the module files without importing anything (`--help` lists them and stays
fast); an edition module is imported when its edition is first asked for.
"""

from __future__ import annotations

import importlib
import os

TYPE_CHECKING = False       # typing.TYPE_CHECKING without importing typing (--help stays light)
if TYPE_CHECKING:
    from ._edition import Edition

# The edition the content checks and chart specs are measured in: the trim size, no bleed.
MEASURE = "screen"


def __getattr__(name: str) -> type[Edition]:
    if name == "Edition":           # imported on first use: the dataclass machinery is not light
        from ._edition import Edition

        return Edition
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


_REGISTRY: dict[str, Edition] = {}


def register(edition: Edition) -> Edition:
    """Make `edition` available under its name (an edition module calls this when imported)."""
    known = _REGISTRY.get(edition.name)
    if known is not None and known != edition:
        raise ValueError(f"two editions are called {edition.name!r}")
    _REGISTRY[edition.name] = edition
    return edition


def _modules() -> list[str]:
    """The edition modules of this package, by file name (nothing is imported)."""
    folder = os.path.dirname(__file__)
    return sorted(name[:-3] for name in os.listdir(folder)
                  if name.endswith(".py") and not name.startswith("_") and name[:-3].isidentifier())


def names() -> list[str]:
    """Every edition's name: the package's edition modules alphabetically, then editions registered
    from elsewhere."""
    modules = _modules()
    return modules + [name for name in _REGISTRY if name not in modules]


def get(name: str) -> Edition:
    if name not in _REGISTRY and name in _modules():
        importlib.import_module(f"{__name__}.{name}")
        if name not in _REGISTRY:
            raise ValueError(f"editions/{name}.py registers no edition called {name!r}")
    try:
        return _REGISTRY[name]
    except KeyError:
        raise ValueError(f"unknown edition {name!r}; known: {', '.join(names())}") from None
