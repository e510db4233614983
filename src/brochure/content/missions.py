"""Mission overlays: tailor the base brochure for one trip or event without touching it.

Merge rules (documented in README, tested in tests/test_missions.py):
- mappings merge key by key, recursively; a scalar or list in the mission replaces the base value;
- `null` removes a key, so the model's default applies again;
- a list can instead be edited with `{remove: [names], append: [items], update: {name: {changes}}}`
  (items matched by `name`, or by value for plain lists);
- `sections:` in a mission is the list of section ids to print, in order;
- `overrides: {section-id: {...}}` merges into that section.
"""

from __future__ import annotations

import re
from pathlib import Path

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
    if not path.is_file():
        raise ContentError([Problem(str(path), None, None, "", f'no mission "{name}"{did_you_mean(name, known)}; '
                                    f"known missions: {', '.join(known) or 'none'}")])
    overlay = load_yaml(path, root.parent)
    if not isinstance(overlay, dict):
        raise ContentError([Problem(getattr(overlay, "source", str(path)), *getattr(overlay, "start", (1, 1)), "",
                                    f"a mission file is a mapping of {', '.join(MISSION_KEYS)}; "
                                    f"found {_kind(overlay)}")])
    return overlay


def _kind(value) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    return f"the value {str(value)[:40]!r}" if isinstance(value, str) else f"the value {value!r}"


def apply_mission(base: LDict, overlay: LDict) -> LDict:
    """Merge a mission overlay (`overlay`: its strings marked with the mission's language) into base."""
    problems: list[Problem] = []

    def fail(node, loc, message, dotted):
        source, line, col = locate(node, loc)
        problems.append(Problem(source, line, col, dotted, message))

    if not isinstance(base, dict):
        return base         # the base file's own shape is reported by validation
    for key in overlay:
        if key not in MISSION_KEYS:
            fail(overlay, (key,), f'unknown key "{key}"{did_you_mean(key, MISSION_KEYS)}; '
                                  f"expected one of: {', '.join(MISSION_KEYS)}", str(key))
    merged = LDict(base)
    merged.source, merged.where, merged.start = base.source, dict(base.where), base.start
    for key in ("meta", "event", "partners", "sources"):
        if key in overlay:
            if overlay[key] is None:
                merged.pop(key, None)
            else:
                merged[key] = merge(base.get(key), overlay[key], key, fail)
            merged.where[key] = overlay.where[key]

    base_sections = base.get("sections")
    if not isinstance(base_sections, list):
        base_sections = LList()
    sections = {s.get("id"): s for s in base_sections if isinstance(s, dict) and isinstance(s.get("id"), str)}
    overrides = overlay.get("overrides")
    if overrides is not None and not isinstance(overrides, dict):
        fail(overlay, ("overrides",), f"expected a mapping of section id to changes, found {_kind(overrides)}",
             "overrides")
    elif overrides:
        for sid in overrides:
            if sid not in sections:
                fail(overrides, (sid,), f'unknown section "{sid}"{did_you_mean(sid, sections)}; '
                                        f"sections are: {', '.join(sections)}", f"overrides.{sid}")
            elif not isinstance(overrides[sid], dict):
                fail(overrides, (sid,), f"expected a mapping of the section's fields to change, "
                                        f"found {_kind(overrides[sid])}", f"overrides.{sid}")
            else:
                sections[sid] = merge(sections[sid], overrides[sid], f"overrides.{sid}", fail)
    order = overlay.get("sections")
    if "sections" in overlay and not isinstance(order, list):
        fail(overlay, ("sections",), f"expected the list of section ids to print, e.g. [cover, contact]; "
                                     f"found {_kind(order)}", "sections")
    elif order is not None:
        chosen = LList()
        chosen.source, chosen.start, chosen.where = overlay.source, overlay.where["sections"][:2], {}
        for i, sid in enumerate(order):
            if not isinstance(sid, str) or sid not in sections:
                fail(order, (i,), f'unknown section "{sid}"{did_you_mean(sid, sections)}; '
                                  f"sections are: {', '.join(sections)}", f"sections[{i}]")
                continue
            chosen.where[len(chosen)] = order.where[i]
            chosen.append(sections[sid])
        merged["sections"] = chosen
    elif "sections" in base:
        kept = LList(sections.get(s.get("id"), s) if isinstance(s, dict) else s for s in base_sections)
        kept.source = getattr(base_sections, "source", base.source)
        kept.start = getattr(base_sections, "start", base.start)
        kept.where = getattr(base_sections, "where", {})
        merged["sections"] = kept
    if problems:
        raise ContentError(problems)
    return merged


def merge(base, over, dotted: str, fail):
    """Overlay `over` onto `base` following the rules in the module docstring."""
    if isinstance(over, dict) and set(over) and set(over) <= LIST_EDIT_KEYS and isinstance(base, list):
        return _edit_list(base, over, dotted, fail)
    if isinstance(over, dict) and isinstance(base, dict):
        out = LDict(base)
        out.source, out.start = base.source if hasattr(base, "source") else over.source, getattr(base, "start", over.start)
        out.where = dict(getattr(base, "where", {}))
        for key, value in over.items():
            if value is None:
                out.pop(key, None)
            else:
                out[key] = merge(base.get(key), value, f"{dotted}.{key}", fail)
            # a removed key keeps the mission's position, so "required field is missing" points there
            out.where[key] = over.where[key]
        return out
    return over


def _key(item):
    return item.get("name") if isinstance(item, dict) else item


def _edit_list(base: list, edit: dict, dotted: str, fail):
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
    for name in updates:
        if name not in names:
            fail(updates, (name,), f'cannot update "{name}": not in the list{did_you_mean(name, names)}',
                 f"{dotted}.update.{name}")
    keep = [(i, item) for i, item in enumerate(base) if _key(item) not in removals]
    out[:] = [merge(item, updates[_key(item)], f"{dotted}.update.{_key(item)}", fail)
              if _key(item) in updates and isinstance(updates[_key(item)], dict) else item for _, item in keep]
    out.where = {n: out_where for n, (i, _) in enumerate(keep) if (out_where := getattr(base, "where", {}).get(i))}
    appended = edit.get("append") or []
    for j, item in enumerate(appended):
        out.where[len(out)] = getattr(appended, "where", {}).get(j, (None, None, edit.source))
        out.append(item)
    return out
