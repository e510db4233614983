"""Mission overlays: tailor the base brochure for one trip or event without touching it.

Merge rules (documented in README, tested in tests/test_missions.py):
- mappings merge key by key, recursively; a scalar or list in the mission replaces the base value;
- `null` removes a key, so the model's default applies again;
- a list can instead be edited with `{remove: [names], append: [items], update: {name: {changes}}}`
  (items matched by `name`, or by value for plain lists);
- `sections:` in a mission is the list of section ids to print, in order, each once;
- `overrides: {section-id: {...}}` merges into that section (its `id` and `kind` stay the base's).

A mission's mistakes are reported at the mission's line, and every value it sets remembers the path
the mission wrote it under (`overrides.cover.kicker`), so later validation names that path.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from ..errors import ContentError, Problem, did_you_mean
from .yamlfile import LDict, LList, load_yaml, locate

MISSION_KEYS = ("meta", "event", "partners", "sources", "sections", "overrides")
LIST_EDIT_KEYS = {"remove", "append", "update"}
MISSION_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


def mission_names(root: Path) -> list[str]:
    return sorted(p.stem for p in (root / "missions").glob("*.yaml"))


def load_mission(root: Path, name: str) -> LDict:
    known = mission_names(root)
    if not MISSION_NAME.match(str(name)):
        raise ContentError([Problem(str(root / "missions"), None, None, "",
                                    f'"{name}" is not a mission name (lower case letters, digits, hyphens); '
                                    f"known missions: {', '.join(known) or 'none'}")])
    path = root / "missions" / f"{name}.yaml"
    if not os.path.lexists(path):       # anything else there (a folder, a pipe, a link) is refused as it is
        raise ContentError([Problem(str(path), None, None, "", f'no mission "{name}"{did_you_mean(name, known)}; '
                                    f"known missions: {', '.join(known) or 'none'}")])
    overlay = load_yaml(path, root.parent)
    if not isinstance(overlay, LDict):
        line, col = overlay.start
        raise ContentError([Problem(overlay.source, line, col, "",
                                    f"a mission file is a mapping of {', '.join(MISSION_KEYS)}; "
                                    f"found {_kind(overlay)}")])
    return overlay


def _kind(value: object) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    return f"the value {str(value)[:40]!r}" if isinstance(value, str) else f"the value {value!r}"


class _Problems:
    """The mission's problems, each located in the mission file and named by the mission's path."""

    def __init__(self) -> None:
        self.found: list[Problem] = []

    def __call__(self, node: object, loc: tuple[object, ...], message: str, dotted: str) -> None:
        source, line, col = locate(node, loc)
        self.found.append(Problem(source, line, col, dotted, message))


def apply_mission(base: LDict | LList, overlay: LDict) -> tuple[LDict | LList, list[Problem]]:
    """Merge a mission overlay (`overlay`: its strings marked with the mission's language) into base.

    Returns the merged data and the mission's problems: what could not be merged is left out, so
    validation of the rest still runs and every problem is reported in one go."""
    fail = _Problems()
    if not isinstance(base, LDict):
        return base, fail.found     # the base file's own shape is reported by validation
    for key in overlay:
        if key not in MISSION_KEYS:
            fail(overlay, (key,), f'unknown key "{key}"{did_you_mean(key, MISSION_KEYS)}; '
                                  f"expected one of: {', '.join(MISSION_KEYS)}", str(key))
    merged = _merge_top_level(base, overlay, fail)
    base_sections = base.get("sections")
    if not isinstance(base_sections, list):
        base_sections = LList()
    sections = _sections_by_id(base_sections)
    _apply_overrides(overlay, sections, fail)
    order = overlay.get("sections")
    if "sections" in overlay and not isinstance(order, list):
        fail(overlay, ("sections",), f"expected the list of section ids to print, e.g. [cover, contact]; "
                                     f"found {_kind(order)}", "sections")
    elif order is not None:
        merged["sections"] = _chosen_sections(overlay, order, sections, fail)
        merged.where["sections"] = overlay.where["sections"]
    elif "sections" in base:
        merged["sections"] = _kept_sections(base, base_sections, sections)
    return merged, fail.found


def _sections_by_id(base_sections: list[Any]) -> dict[str, Any]:
    """The base's sections by their id (those without one cannot be chosen or overridden)."""
    by_id: dict[str, Any] = {}
    for section in base_sections:
        sid = section.get("id") if isinstance(section, dict) else None
        if isinstance(sid, str):
            by_id[sid] = section
    return by_id


def _merge_top_level(base: LDict, overlay: LDict, fail: _Problems) -> LDict:
    """The base with the mission's meta, event, partners and sources merged in (null removes one)."""
    merged = LDict(base)
    merged.source, merged.where, merged.start = base.source, dict(base.where), base.start
    merged.origin = {}
    for key in ("meta", "event", "partners", "sources"):
        if key in overlay:
            if overlay[key] is None:
                merged.pop(key, None)
            else:
                merged[key] = merge(base.get(key), overlay[key], key, fail)
            merged.where[key] = overlay.where[key]
            merged.origin[key] = key
    return merged


def _apply_overrides(overlay: LDict, sections: dict[str, Any], fail: _Problems) -> None:
    """Merge `overrides: {section-id: {...}}` into the sections (by id, in place)."""
    overrides = overlay.get("overrides")
    if overrides is not None and not isinstance(overrides, dict):
        fail(overlay, ("overrides",), f"expected a mapping of section id to changes, found {_kind(overrides)}",
             "overrides")
        return
    if not overrides:
        return
    for sid in overrides:
        if sid not in sections:
            fail(overrides, (sid,), _unknown_section(sid, sections), f"overrides.{sid}")
        elif not isinstance(overrides[sid], dict):
            fail(overrides, (sid,), f"expected a mapping of the section's fields to change, "
                                    f"found {_kind(overrides[sid])}", f"overrides.{sid}")
        else:
            sections[sid] = _override_section(sections[sid], overrides[sid], f"overrides.{sid}", fail)


def _override_section(section: dict[str, Any], change: LDict, dotted: str, fail: _Problems) -> LDict:
    """One section with a mission's changes merged in; its id and kind stay the base's."""
    for fixed in ("id", "kind"):
        if fixed in change and change[fixed] != section.get(fixed):
            fail(change, (fixed,), f"a mission cannot change a section's {fixed} "
                                   f"(it is {section.get(fixed)!r} in the base content); "
                                   f"remove this line", f"{dotted}.{fixed}")
    return _merge_mappings(section, _without(change, ("id", "kind")), dotted, fail)


def _chosen_sections(overlay: LDict, order: LList, sections: dict[str, Any], fail: _Problems) -> LList:
    """The sections a mission's `sections:` lists, in its order, each once."""
    chosen = LList()
    chosen.source, chosen.start, chosen.where = overlay.source, overlay.where["sections"][:2], {}
    first: dict[str, int] = {}
    for i, sid in enumerate(order):
        if not isinstance(sid, str) or sid not in sections:
            fail(order, (i,), _unknown_section(sid, sections), f"sections[{i}]")
            continue
        if sid in first:
            fail(order, (i,), f'section "{sid}" is already listed as sections[{first[sid]}]; '
                              "a section prints once: remove one of them", f"sections[{i}]")
            continue
        first[sid] = i
        chosen.where[len(chosen)] = order.where[i]
        chosen.append(sections[sid])
    return chosen


def _kept_sections(base: LDict, base_sections: list[Any], sections: dict[str, Any]) -> LList:
    """The base's sections in the base's order, with the mission's overrides applied."""
    kept = LList(sections.get(sid, s) if isinstance(s, dict) and isinstance(sid := s.get("id"), str) else s
                 for s in base_sections)
    kept.source = getattr(base_sections, "source", base.source)
    kept.start = getattr(base_sections, "start", base.start)
    kept.where = getattr(base_sections, "where", {})
    return kept


def _unknown_section(sid: object, sections: dict[str, Any]) -> str:
    """An unknown section id, with the id meant: by spelling, or by kind (`rankings` -> "at-a-glance")."""
    of_kind = [i for i, s in sections.items() if isinstance(s, dict) and s.get("kind") == sid]
    if of_kind:
        hint = (f'; "{sid}" is a section kind, and sections are named by id: the {sid} section is '
                + " or ".join(f'"{i}"' for i in of_kind))
    else:
        hint = did_you_mean(str(sid), sections)
    return f'unknown section "{sid}"{hint}; sections are: {", ".join(sections)}'


def _without(mapping: LDict, keys: tuple[str, ...]) -> LDict:
    out = LDict((k, v) for k, v in mapping.items() if k not in keys)
    out.source, out.start = mapping.source, mapping.start
    out.where = {k: v for k, v in mapping.where.items() if k not in keys}
    return out


def merge(base: object, over: object, dotted: str, fail: _Problems) -> object:
    """Overlay `over` onto `base` following the rules in the module docstring."""
    if isinstance(over, LDict) and set(over) and set(over) <= LIST_EDIT_KEYS and isinstance(base, list):
        return _edit_list(base, over, dotted, fail)
    if isinstance(over, LDict) and isinstance(base, dict):
        return _merge_mappings(base, over, dotted, fail)
    return over


def _merge_mappings(base: dict[Any, Any], over: LDict, dotted: str, fail: _Problems) -> LDict:
    """Two mappings merged key by key; `null` in `over` removes a key."""
    out = LDict(base)
    out.source = getattr(base, "source", over.source)
    out.start = getattr(base, "start", over.start)
    out.where = dict(getattr(base, "where", {}))
    out.origin = dict(getattr(base, "origin", {}))
    empty = getattr(base, "empty", None)
    if empty:
        out.empty = dict(empty)      # fields a translation left empty (see translations.py)
    for key, value in over.items():
        if value is None:
            out.pop(key, None)
        else:
            out[key] = merge(base.get(key), value, f"{dotted}.{key}", fail)
        # a removed key keeps the mission's position, so "required field is missing" points there
        out.where[key] = over.where[key]
        out.origin[key] = f"{dotted}.{key}"
    return out


def _key(item: object) -> object:
    return item.get("name") if isinstance(item, dict) else item


def _edit_list(base: list[Any], edit: LDict, dotted: str, fail: _Problems) -> list[Any]:
    if "update" in edit and edit["update"] is not None and not isinstance(edit["update"], dict):
        fail(edit, ("update",), f"expected a mapping of item name to changes, e.g. update: {{Name: {{...}}}}; "
                                f"found {_kind(edit['update'])}", f"{dotted}.update")
        return base
    for key in ("remove", "append"):
        if key in edit and edit[key] is not None and not isinstance(edit[key], list):
            fail(edit, (key,), f"expected a list, e.g. {key}: [...]; found {_kind(edit[key])}",
                 f"{dotted}.{key}")
            return base
    out = LList(base)
    out.source, out.start = getattr(base, "source", edit.source), getattr(base, "start", edit.start)
    out.where = dict(getattr(base, "where", {}))
    removals = edit.get("remove") or []
    names = [_key(i) for i in base]
    for i, name in enumerate(removals):
        if isinstance(name, (dict, list)):
            fail(removals, (i,), "name the item to remove (its name, as plain text)", f"{dotted}.remove[{i}]")
        elif name not in names:
            fail(removals, (i,), f'cannot remove "{name}": not in the list{did_you_mean(name, names)}',
                 f"{dotted}.remove[{i}]")
    updates = edit.get("update") or {}
    for name, change in updates.items():
        here = f"{dotted}.update.{name}"
        if name not in names:
            fail(updates, (name,), f'cannot update "{name}": not in the list{did_you_mean(name, names)}', here)
        elif name in removals:
            fail(updates, (name,), f'cannot update "{name}": remove: takes it out of the list; '
                                   "keep either the remove or the update", here)
        elif not isinstance(base[names.index(name)], dict):
            fail(updates, (name,), "the items of this list are plain values: remove this one and append the "
                                   "new value instead", here)
        elif not isinstance(change, dict):
            fail(updates, (name,), f"expected a mapping of the fields to change, e.g. {name}: {{highlight: true}}; "
                                   f"found {_kind(change)}", here)
    keep = [(i, item) for i, item in enumerate(base) if _key(item) not in removals]
    out[:] = [merge(item, updates[_key(item)], f"{dotted}.update.{_key(item)}", fail)
              if _key(item) in updates and isinstance(updates[_key(item)], dict) and isinstance(item, dict)
              else item for _, item in keep]
    out.where = {n: out_where for n, (i, _) in enumerate(keep) if (out_where := getattr(base, "where", {}).get(i))}
    out.origin = {n: f"{dotted}.update.{_key(item)}" for n, (_, item) in enumerate(keep)
                  if _key(item) in updates and isinstance(updates[_key(item)], dict)}
    appended = edit.get("append") or []
    present = {_key(item) for _, item in keep if not isinstance(_key(item), (dict, list))}
    for j, item in enumerate(appended):
        name = _key(item)
        if not isinstance(name, (dict, list)) and name is not None and name in present:
            fail(appended, (j,), f'cannot append "{name}": the list has it already; change it with '
                                 f"update: {{{name}: {{...}}}} instead", f"{dotted}.append[{j}]")
            continue
        if not isinstance(name, (dict, list)) and name is not None:
            present.add(name)
        out.where[len(out)] = getattr(appended, "where", {}).get(j, (None, None, edit.source))
        out.origin[len(out)] = f"{dotted}.append[{j}]"
        out.append(item)
    return out
