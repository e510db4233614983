"""Translations of the base content: content/translations/<lang>.yaml mirrors the base file.

Sections are addressed by id, list items by position, and every string in the translation file
replaces nothing: it is added next to the English text as that language's version of the field.
Strings a mission file sets are taken to be in the mission's language (see `in_language`).
"""

from __future__ import annotations

import os
from pathlib import Path
from collections.abc import Callable
from typing import Any, overload

from .languages import is_text
from ..errors import ContentError, Problem, did_you_mean
from .yamlfile import LDict, LList, display_path, load_yaml, locate

TOP_KEYS = ("meta", "event", "sources", "sections")


class LangStr(str):
    """A string known to be written in `lang` (plain strings in the base file are English)."""

    lang = "en"

    def __new__(cls, value: str, lang: str) -> LangStr:
        obj = super().__new__(cls, value)
        obj.lang = lang
        return obj

    def __getnewargs__(self) -> tuple[str, str]:  # type: ignore[override]
        """What pickle passes to __new__ (the text and its language; a plain str passes one argument): a
        build reads its content in another process (build.load)."""
        return str(self), self.lang


@overload
def in_language(node: LDict, lang: str) -> LDict: ...
@overload
def in_language(node: object, lang: str) -> object: ...
def in_language(node: object, lang: str) -> object:
    """Mark every plain string of a mission overlay as written in the mission's language."""
    if isinstance(node, LDict):
        out = LDict((k, in_language(v, lang)) for k, v in node.items())
        out.source, out.where, out.start = node.source, node.where, node.start
        return out
    if isinstance(node, LList):
        items = LList(in_language(v, lang) for v in node)
        items.source, items.where, items.start = node.source, node.where, node.start
        return items
    if isinstance(node, str) and not isinstance(node, LangStr):
        return LangStr(node, lang)
    return node


def apply_translation(root: Path, language: str, base: LDict) -> tuple[LDict, Path | None]:
    """Add the translation file's strings to `base` (in place); unknown paths are errors."""
    lang = language.split("-")[0]
    path = root / "translations" / f"{lang}.yaml"
    if lang == "en" or not os.path.lexists(path):
        return base, None
    overlay = load_yaml(path, root.parent)
    display = display_path(path, root.parent)
    if not isinstance(overlay, LDict):
        line, col = overlay.start
        raise ContentError([Problem(overlay.source, line, col, "",
                                    "a translation file is a mapping of meta, event, sources and sections")])
    translator = _Translator(lang, display)
    for key in overlay:
        if key == "language":
            continue
        if key not in TOP_KEYS:
            translator.fail(overlay, key, f'unknown key "{key}"{did_you_mean(key, TOP_KEYS)}; '
                                          f"expected one of: {', '.join(TOP_KEYS)}", str(key))
            continue
        if not isinstance(base, dict) or key not in base:
            continue
        translator.walk(overlay[key], base[key], key)
    if translator.problems:
        raise ContentError(translator.problems)
    return base, path


class _Translator:
    """Walks a translation file alongside the base content, adding each text as its `lang` version."""

    def __init__(self, lang: str, display: str) -> None:
        self.lang = lang
        self.display = display          # the translation file, as messages name it
        self.problems: list[Problem] = []

    def fail(self, node: object, key: object, message: str, dotted: str) -> None:
        source, line, col = locate(node, (key,))
        self.problems.append(Problem(source, line, col, dotted, message))

    def walk(self, tr: object, bs: object, dotted: str) -> None:
        """The translation `tr` of the base content `bs`, found at `dotted`."""
        if dotted == "sections" and isinstance(bs, LList):
            if isinstance(tr, LDict):
                self._sections(tr, bs)
            else:
                self._shape(tr, dotted, "a mapping of section id to that section's texts")
        elif isinstance(tr, LDict) and isinstance(bs, LDict):
            self._mapping(tr, bs, dotted)
        elif isinstance(tr, LList) and isinstance(bs, LList):
            self._list(tr, bs, dotted)
        elif tr is not None:
            expected = "a mapping" if isinstance(bs, dict) else "a list" if isinstance(bs, list) else "text"
            self._shape(tr, dotted, expected)

    def _sections(self, tr: LDict, bs: LList) -> None:
        """Sections are translated by id."""
        by_id = {s.get("id"): s for s in bs if isinstance(s, dict)}
        for sid, value in tr.items():
            if sid not in by_id:
                self.fail(tr, sid, f'no section "{sid}"{did_you_mean(sid, [k for k in by_id if isinstance(k, str)])}',
                          f"sections.{sid}")
            else:
                self.walk(value, by_id[sid], f"sections.{sid}")

    def _mapping(self, tr: LDict, bs: LDict, dotted: str) -> None:
        for key, value in tr.items():
            here = f"{dotted}.{key}" if dotted else str(key)
            if key not in bs:
                self.fail(tr, key, f'"{key}" is not in the base content{did_you_mean(key, bs)}', here)
                continue
            self._item(tr, bs, key, value, here)

    def _list(self, tr: LList, bs: LList, dotted: str) -> None:
        """List items are translated by position."""
        for i, value in enumerate(tr):
            here = f"{dotted}[{i}]"
            if i >= len(bs):
                self.fail(tr, i, f"the base list has only {len(bs)} items", here)
            else:
                self._item(tr, bs, i, value, here)

    def _item(self, tr: LDict | LList, bs: LDict | LList, key: Any, value: object, here: str) -> None:
        """One entry of a mapping or list: text is added, structure is walked, anything else refused."""
        if isinstance(value, str):
            _set(bs, key, value, self.lang, tr, self.fail, here)
        elif isinstance(value, (dict, list)):
            self.walk(value, bs[key], here)
        elif value is not None:
            self.fail(tr, key, f"expected the translated text, found {value!r}", here)
        elif isinstance(bs, (LDict, LList)):
            # an empty field (as `new-language` writes them): still to translate, and that is where
            if getattr(bs, "empty", None) is None:
                bs.empty = {}
            bs.empty[key] = (tr.where[key], here)

    def _shape(self, tr: object, dotted: str, expected: str) -> None:
        source: str = getattr(tr, "source", self.display)
        line, col = getattr(tr, "start", (None, None))
        self.problems.append(Problem(source, line, col, dotted,
                                     f"does not match the shape of the base content; expected {expected} here"))


def _set(container: LDict | LList, key: Any, text: str, lang: str, tr: LDict | LList,
         fail: Callable[[object, object, str, str], None], dotted: str) -> None:
    """Add `text` as the `lang` version of the base text at container[key] (key: a mapping key or a
    list index)."""
    current = container[key]
    if isinstance(current, LangStr):
        return  # a mission's own wording wins over the translation of the base text
    if key == "kind":       # what a section is, not text: it decides how the rest is read
        fail(tr, key, "a section's kind is not text and cannot be translated; leave it out of the translation",
             dotted)
        return
    if isinstance(current, str):
        merged = LDict({"en": current, lang: text})
    elif is_text(current):
        merged = LDict(current)
        merged[lang] = text
    else:
        fail(tr, key, "this field is not text and cannot be translated", dotted)
        return
    # Problems with the translated text point at the translation file, where it can be fixed.
    line, col, source = tr.where[key]
    merged.source, merged.where, merged.start = source, {}, (line, col)
    merged.translated_from = source     # a field that is not text is then reported there, as such
    container[key] = merged
    if getattr(container, "origin", None) is None:
        container.origin = {}
    container.origin[key] = dotted      # named as the translation file names it
