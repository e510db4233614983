"""Mission overlays: tailor the base brochure for one trip or event without touching it.

Merge rules (documented in README, tested in tests/test_missions.py):
- mappings merge key by key, recursively; a scalar or list in the mission replaces the base value;
- `null` removes a key, so the model's default applies again;
- a list can instead be edited with `{remove: [names], append: [items]}` (items matched by `name`,
  or by value for plain lists);
- `sections:` in a mission is the list of section ids to print, in order;
- `overrides: {section-id: {...}}` merges into that section.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import ContentError, Problem, did_you_mean
from .yamlfile import LDict, LList, load_yaml, locate

MISSION_KEYS = ("meta", "event", "partners", "sources", "sections", "overrides")
LIST_EDIT_KEYS = {"remove", "append"}


def mission_names(root: Path) -> list[str]:
    return sorted(p.stem for p in (root / "missions").glob("*.yaml"))


def load_mission(root: Path, name: str) -> LDict:
    path = root / "missions" / f"{name}.yaml"
    if not path.is_file():
        known = mission_names(root)
        raise ContentError([Problem(str(path), None, None, "", f'no mission "{name}"{did_you_mean(name, known)}; '
                                    f"known missions: {', '.join(known) or 'none'}")])
    return load_yaml(path, root.parent)


def apply_mission(base: LDict, overlay: LDict) -> LDict:
    """Merge a mission overlay (`overlay`: its strings marked with the mission's language) into base."""
    problems: list[Problem] = []

    def fail(node, loc, message, dotted):
        source, line, col = locate(node, loc)
        problems.append(Problem(source, line, col, dotted, message))

    for key in overlay:
        if key not in MISSION_KEYS:
            fail(overlay, (key,), f'unknown key "{key}"{did_you_mean(key, MISSION_KEYS)}; '
                                  f"expected one of: {', '.join(MISSION_KEYS)}", key)
    merged = LDict(base)
    merged.source, merged.where, merged.start = base.source, dict(base.where), base.start
    for key in ("meta", "event", "partners", "sources"):
        if key in overlay:
            merged[key] = merge(base.get(key), overlay[key], key, fail)
            merged.where[key] = overlay.where[key]

    sections = {s.get("id"): s for s in base.get("sections", []) if isinstance(s, dict)}
    overrides = overlay.get("overrides") or LDict()
    if isinstance(overrides, dict):
        for sid in overrides:
            if sid not in sections:
                fail(overrides, (sid,), f'unknown section "{sid}"{did_you_mean(sid, sections)}; '
                                        f"sections are: {', '.join(sections)}", f"overrides.{sid}")
            else:
                sections[sid] = merge(sections[sid], overrides[sid], f"overrides.{sid}", fail)
    order = overlay.get("sections")
    if order is not None:
        chosen = LList()
        chosen.source, chosen.start, chosen.where = overlay.source, overlay.where["sections"][:2], {}
        for i, sid in enumerate(order):
            if sid not in sections:
                fail(order, (i,), f'unknown section "{sid}"{did_you_mean(sid, sections)}; '
                                  f"sections are: {', '.join(sections)}", f"sections[{i}]")
                continue
            chosen.where[len(chosen)] = order.where[i]
            chosen.append(sections[sid])
        merged["sections"] = chosen
    else:
        kept = LList(sections[s.get("id")] if isinstance(s, dict) else s for s in base.get("sections", []))
        kept.source, kept.start, kept.where = base["sections"].source, base["sections"].start, base["sections"].where
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
                continue
            out[key] = merge(base.get(key), value, f"{dotted}.{key}", fail)
            out.where[key] = over.where[key]
        return out
    return over


def _key(item):
    return item.get("name") if isinstance(item, dict) else item


def _edit_list(base: list, edit: dict, dotted: str, fail):
    out = LList(base)
    out.source, out.start = getattr(base, "source", edit.source), getattr(base, "start", edit.start)
    out.where = dict(getattr(base, "where", {}))
    removals = edit.get("remove") or []
    names = [_key(i) for i in base]
    for i, name in enumerate(removals):
        if name not in names:
            fail(removals, (i,), f'cannot remove "{name}": not in the list{did_you_mean(name, names)}',
                 f"{dotted}.remove[{i}]")
    keep = [(i, item) for i, item in enumerate(base) if _key(item) not in removals]
    out[:] = [item for _, item in keep]
    out.where = {n: out_where for n, (i, _) in enumerate(keep) if (out_where := getattr(base, "where", {}).get(i))}
    appended = edit.get("append") or []
    for j, item in enumerate(appended):
        out.where[len(out)] = appended.where[j]
        out.append(item)
    return out
