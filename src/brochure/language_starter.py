"""`new-language`: the two files that set up a language, ready to translate.

content/translations/<lang>.yaml lists every text field of content/brochure.yaml (sections by id,
list items by position) with the English text as a comment above it and the field left empty;
content/locales/<lang>.yaml does the same for the words the layout adds. An empty field is an
untranslated text: `check --mission` counts them, a build lists them (or prints English with --draft).
"""

from __future__ import annotations

import json
import os
import re
import textwrap
from pathlib import Path

from .errors import BrochureError, ContentError, Problem

WIDTH = 100
_PLAIN_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")


def write_language(content: Path, tag: str) -> list[Path]:
    """Write both files for `tag`; refuses a tag that is not a language or whose files exist."""
    from .content import load
    from .content.languages import normalise, primary
    from .content.yamlfile import display_path, load_yaml
    from .files import create_new

    content = Path(content)
    try:
        tag = normalise(tag)
    except ValueError as exc:
        raise ContentError([Problem(str(tag), None, None, "", str(exc))]) from None
    lang = primary(tag)
    if lang == "en":
        raise ContentError([Problem(tag, None, None, "", "English is the base language: its texts are "
                                                         "content/brochure.yaml and content/locales/en.yaml")])
    translation = content / "translations" / f"{lang}.yaml"
    locale = content / "locales" / f"{lang}.yaml"
    hint = "edit it (or delete it to start again)"
    for path in (translation, locale):
        if os.path.lexists(path):
            what = "is a symbolic link" if path.is_symlink() else "exists already"
            raise ContentError([Problem(display_path(path), None, None, "", f"{what}; {hint}")])
    base = load(content)            # the English brochure, checked: its text fields are the ones to translate
    english = load_yaml(content / "locales" / "en.yaml", content.parent)
    translation_text = _translation(base, lang)
    locale_text = _locale(english, lang)
    project = content.resolve().parent
    create_new(translation, translation_text, project, display_path(translation), hint)
    try:
        create_new(locale, locale_text, project, display_path(locale), hint)
    except BrochureError:
        translation.unlink(missing_ok=True)      # both files or neither
        raise
    return [translation, locale]


def _translation(base, lang: str) -> str:
    from .content import _walk
    from .content.languages import is_text

    tree: dict = {}
    brochure = base.brochure
    for path, value in _walk(brochure):
        if not is_text(value) or "en" not in value:
            continue
        if path[0] == "sections":
            path = ("sections", brochure.sections[path[1]].id) + tuple(path[2:])
        node = tree
        for key, following in zip(path, path[1:]):
            node = node.setdefault(key, _List() if isinstance(following, int) else {})
        node[path[-1]] = _Leaf(value["en"])
    lines = [
        "# yaml-language-server: $schema=../../schemas/translation.schema.json",
        f"# {lang}: every text of content/brochure.yaml, sections by id and list items by position.",
        "# Write the translation after each colon (the English is in the comment above it). A field left",
        "# empty is not translated yet: `make check MISSION=...` counts them and a build lists them.",
        "",
    ]
    for key in ("meta", "event", "sources", "sections"):
        if key in tree:
            lines += _emit({key: tree[key]}, 0) + [""]
    return "\n".join(lines).rstrip("\n") + "\n"


def _locale(english, lang: str) -> str:
    lines = [
        "# yaml-language-server: $schema=../../schemas/locale.schema.json",
        f"# {lang}: the words the layout prints around the content. Keep every {{name}} as it is in English.",
        "",
    ]
    for key, value in english.items():
        lines += _comment(str(value), 0) + [f"{_key(key)}:"]
    return "\n".join(lines) + "\n"


class _Leaf(str):
    """An English text: written as a comment, its field left empty."""


class _List(dict):
    """List items by position (only the ones holding text)."""


def _key(key) -> str:
    return str(key) if _PLAIN_KEY.match(str(key)) else json.dumps(str(key), ensure_ascii=False)


def _comment(text: str, indent: int) -> list[str]:
    pad = " " * indent
    body = textwrap.wrap(" ".join(text.split()), WIDTH - indent - 6) or [""]
    return [f"{pad}# en: {body[0]}"] + [f"{pad}#     {line}" for line in body[1:]]


def _emit(node, indent: int) -> list[str]:
    pad = " " * indent
    lines = []
    if isinstance(node, _List):
        for i in range(max(node) + 1 if node else 0):
            child = node.get(i)
            if child is None:
                lines.append(f"{pad}-   # (nothing to translate in this item)")
            elif isinstance(child, _Leaf):
                lines += _comment(child, indent) + [f"{pad}-"]
            else:
                lines.append(f"{pad}-")
                lines += _emit(child, indent + 2)
        return lines
    for key, child in node.items():
        if isinstance(child, _Leaf):
            lines += _comment(child, indent) + [f"{pad}{_key(key)}:"]
        else:
            lines.append(f"{pad}{_key(key)}:")
            lines += _emit(child, indent + 2)
    return lines
