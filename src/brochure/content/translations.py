"""Translations of the base content: content/translations/<lang>.yaml mirrors the base file.

Sections are addressed by id, list items by position, and every string in the translation file
replaces nothing: it is added next to the English text as that language's version of the field.
Strings a mission file sets are taken to be in the mission's language (see `in_language`).
"""

from __future__ import annotations

from pathlib import Path

from ..errors import ContentError, Problem, did_you_mean
from .yamlfile import LDict, LList, load_yaml, locate


class LangStr(str):
    """A string known to be written in `lang` (plain strings in the base file are English)."""

    lang = "en"

    def __new__(cls, value: str, lang: str):
        obj = super().__new__(cls, value)
        obj.lang = lang
        return obj


def in_language(node, lang: str):
    """Mark every plain string of a mission overlay as written in the mission's language."""
    if isinstance(node, LDict):
        out = LDict((k, in_language(v, lang)) for k, v in node.items())
        out.source, out.where, out.start = node.source, node.where, node.start
        return out
    if isinstance(node, LList):
        out = LList(in_language(v, lang) for v in node)
        out.source, out.where, out.start = node.source, node.where, node.start
        return out
    if isinstance(node, str) and not isinstance(node, LangStr):
        return LangStr(node, lang)
    return node


def apply_translation(root: Path, language: str, base: LDict) -> tuple[LDict, Path | None]:
    """Add the translation file's strings to `base` (in place); unknown paths are errors."""
    lang = language.split("-")[0]
    path = root / "translations" / f"{lang}.yaml"
    if lang == "en" or not path.is_file():
        return base, None
    overlay = load_yaml(path, root.parent)
    problems: list[Problem] = []

    def fail(node, key, message, dotted):
        source, line, col = locate(node, (key,))
        problems.append(Problem(source, line, col, dotted, message))

    def walk(tr, bs, dotted):
        if isinstance(tr, dict) and isinstance(bs, dict):
            for key, value in tr.items():
                here = f"{dotted}.{key}" if dotted else str(key)
                if key not in bs:
                    fail(tr, key, f'"{key}" is not in the base content{did_you_mean(key, bs)}', here)
                    continue
                if isinstance(value, str):
                    _set(bs, key, value, lang, tr, fail, here)
                else:
                    walk(value, bs[key], here)
        elif isinstance(tr, dict) and isinstance(bs, list) and dotted == "sections":
            by_id = {s.get("id"): s for s in bs if isinstance(s, dict)}
            for sid, value in tr.items():
                if sid not in by_id:
                    fail(tr, sid, f'no section "{sid}"{did_you_mean(sid, by_id)}', f"sections.{sid}")
                else:
                    walk(value, by_id[sid], f"sections.{sid}")
        elif isinstance(tr, list) and isinstance(bs, list):
            for i, value in enumerate(tr):
                here = f"{dotted}[{i}]"
                if i >= len(bs):
                    fail(tr, i, f"the base list has only {len(bs)} items", here)
                elif isinstance(value, str):
                    _set(bs, i, value, lang, tr, fail, here)
                elif value is not None:
                    walk(value, bs[i], here)
        elif tr is not None:
            source, line, col = getattr(tr, "source", str(path)), *getattr(tr, "start", (None, None))
            problems.append(Problem(source, line, col, dotted, "does not match the shape of the base content"))

    for key in overlay:
        if key == "language":
            continue
        if key not in ("meta", "sources", "sections", "event"):
            fail(overlay, key, f'unknown key "{key}"; expected meta, sources, sections', key)
            continue
        if key not in base:
            continue
        walk(overlay[key], base[key], key)
    if problems:
        raise ContentError(problems)
    return base, path


def _set(container, key, text, lang, tr, fail, dotted):
    current = container[key]
    if isinstance(current, LangStr):
        return  # a mission's own wording wins over the translation of the base text
    if isinstance(current, str):
        merged = LDict({"en": current, lang: text})
    elif isinstance(current, dict) and all(isinstance(v, str) for v in current.values()):
        merged = LDict(current)
        merged[lang] = text
    else:
        fail(tr, key, "this field is not text and cannot be translated", dotted)
        return
    # Problems with the translated text point at the translation file, where it can be fixed.
    line, col, source = tr.where[key]
    merged.source, merged.where, merged.start = source, {}, (line, col)
    container[key] = merged
