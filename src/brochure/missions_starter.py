"""`new-mission`: a commented starter file for a trade mission, ready to fill in."""

from __future__ import annotations

from pathlib import Path

from .errors import ContentError, Problem

STARTER = """\
# yaml-language-server: $schema=../../schemas/mission.schema.json
# Mission "{name}": overlays content/brochure.yaml for one trip or event.
# Check it:  make check MISSION={name}     (lists every value below still to fill in, with its line)
# Build it:  make brochure MISSION={name}  (a marked draft meanwhile: make brochure MISSION={name} ARGS=--draft)
# Every key is optional; delete what you do not need. Strings here are in the mission's language.

meta:
  language: en          # a language set up in content/locales/: {languages} (en-US for US English)
  paper: A4             # A4 or Letter (laid out for the paper, not scaled)
  editions: [print, screen]

event:                  # printed on the cover; replace every value (or delete the line)
  name: {event_name}
  city: {event_city}
  dates: {event_dates}
  audience: {event_audience}

# Which sections to print, in this order (ids from content/brochure.yaml). The cover comes first
# and the contact section last; leave out any others.
sections: [{sections}]

overrides:
  cover:
    kicker: Meet us at the event
  # The back cover names the head office's Welcome Team. To add a local office as well, remove the
  # # in front of these lines and write the office's real details (a placeholder fails the build):
  # contact:
  #   local_title: Your contact for this mission
  #   local:
  #     organisation: {local_organisation}
  #     person: {local_person}
  #     role: {local_role}
  #     email: office@example.org
  #     phone: "{local_phone}"
  #     address: [{local_address}]
  # Shorten a list:  cros: {{entries: {{remove: [KasaConsult]}}}}
  # Make an entry stand out:  science-parks: {{entries: {{update: {{Tech Lane Ghent: {{highlight: true}}}}}}}}
"""


def write_starter(content: Path, name: str) -> Path:
    """Write content/missions/<name>.yaml, a new file inside the project (never through a link)."""
    import os

    from .content import mission_name_problem
    from .content.yamlfile import display_path, load_yaml

    content = Path(content)
    wrong = mission_name_problem(name)
    if wrong:
        raise ContentError([Problem(display_path(content / "missions"), None, None, "name", wrong)])
    folder = content / "missions"
    path = folder / f"{name}.yaml"
    shown = display_path(path)
    if os.path.lexists(path):
        what = "is a symbolic link" if path.is_symlink() else "exists already"
        raise ContentError([Problem(shown, None, None, "", f"{what}; choose another name or edit it")])
    base = load_yaml(content / "brochure.yaml", content.parent)
    ids = ", ".join(s.get("id", "?") for s in base.get("sections", []) if isinstance(s, dict))
    from .content.languages import available
    from .content.placeholders import STARTER_VALUES

    values = {key.replace(".", "_"): value for key, value in STARTER_VALUES.items()}
    text = STARTER.format(name=name, sections=ids, languages=", ".join(available(Path(content))), **values)
    from .files import create_new

    create_new(path, text, content.resolve().parent, shown, "choose another name or edit it")
    return path
