"""One module per section kind. Each has TEMPLATE (page template), build() and charts().

Adding a kind: add a model in content/models.py and a module here named after the kind.
"""

from __future__ import annotations

import importlib

MODULES = {
    "cover": "cover",
    "rankings": "rankings",
    "track-record": "track_record",
    "talent": "talent",
    "profiles": "profiles",
    "directory": "directory",
    "presence": "presence",
    "incentives": "incentives",
    "contact": "contact",
}


def module_for(kind: str):
    return importlib.import_module(f"{__name__}.{MODULES[kind]}")
