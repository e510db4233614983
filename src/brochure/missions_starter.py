"""`new-mission`: a commented starter file for a trade mission, ready to fill in."""

from __future__ import annotations

import re
from pathlib import Path

from .errors import ContentError, Problem

STARTER = """\
# yaml-language-server: $schema=../../schemas/mission.schema.json
# Mission "{name}": overlays content/brochure.yaml for one trip or event.
# Build it with:  make brochure MISSION={name}   (or: python -m brochure build --mission {name})
# Every key is optional; delete what you do not need. Strings here are in the mission's language.

meta:
  language: en          # en, en-US, nl, fr, de or ja (needs content/translations/<lang>.yaml)
  paper: A4             # A4 or Letter (laid out for the paper, not scaled)
  editions: [print, screen]

event:
  name: Name of the event or mission
  city: City
  dates: Month 2027
  audience: Who you will meet there

# Which sections to print, in this order (ids from content/brochure.yaml).
sections: [{sections}]

overrides:
  cover:
    kicker: Meet us at the event
  contact:
    local_title: Your contact for this mission
    local:
      organisation: Flanders Investment & Trade, office name
      person: Name of the local contact
      role: Role of the local contact
      email: invest@fitagency.be
      phone: "+32 2 000 00 00"
      address: [City]
  # Shorten a list:  cros: {{entries: {{remove: [KasaConsult]}}}}
"""


def write_starter(content: Path, name: str) -> Path:
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", name):
        raise ContentError([Problem(name, None, None, "", "a mission name uses lower-case letters, digits and "
                                                          "hyphens only, e.g. boston-2027")])
    path = Path(content) / "missions" / f"{name}.yaml"
    if path.exists():
        raise ContentError([Problem(str(path), None, None, "", "exists already; choose another name or edit it")])
    from .content.yamlfile import load_yaml

    base = load_yaml(Path(content) / "brochure.yaml", Path(content).parent)
    ids = ", ".join(s.get("id", "?") for s in base.get("sections", []) if isinstance(s, dict))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(STARTER.format(name=name, sections=ids), encoding="utf-8")
    return path
