"""Languages are data: a language is supported when its files exist in the content folder.

English is the base (content/brochure.yaml, content/locales/en.yaml); another language needs
content/locales/<lang>.yaml (the words the layout adds) and content/translations/<lang>.yaml (the
content's texts), which `new-language` writes. Tags are normalised (`EN` -> `en`, `en_us` -> `en-US`)
and must name a language Babel knows, so numbers and dates can be formatted for it.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, TypeGuard

if TYPE_CHECKING:
    from babel import Locale

# A language tag as a text mapping's key or a file name: language, optional script, optional region.
TAG = re.compile(r"^[A-Za-z]{2,3}([-_][A-Za-z]{4})?([-_]([A-Za-z]{2}|[0-9]{3}))?$")


def normalise(value: object) -> str:
    """The tag in its usual spelling, or ValueError saying what is wrong and what is meant."""
    text = str(value).strip()
    parts = re.split(r"[-_]", text)
    if any(p.lower() == "x" for p in parts[1:]):
        raise ValueError(f"{text!r} has a private-use part (x-...); write a language and an optional region, "
                         "e.g. en or en-US")
    if not TAG.match(text):
        raise ValueError(f"{text!r} is not a language tag; write a language code and an optional region, "
                         "e.g. en, en-US, fr, pt-BR")
    out = [parts[0].lower()]
    for part in parts[1:]:
        out.append(part.title() if len(part) == 4 else part.upper())
    tag = "-".join(out)
    from ..numbers import direction

    written = direction(tag, lambda: _direction(tag))
    if written == "unknown":
        raise ValueError(f"{text!r} is not a language known to the number and date formats (Babel); "
                         "write a language code such as en, nl, fr, de, ja, it")
    if written == "rtl":
        raise ValueError(f"{text!r} is written right to left, which the layout does not support yet")
    return tag


def _direction(tag: str) -> str:
    """"unknown" for a language Babel does not know, else "rtl" or "ltr" by its script."""
    locale = _babel(tag)
    if locale is None:
        return "unknown"
    return "rtl" if _script(locale) in RIGHT_TO_LEFT else "ltr"


# The Unicode scripts written right to left. A language's script is the one its tag names, else the one
# Babel's likely subtags give it (ar -> Arab): read from Babel's global data, with no locale's own data
# loaded (that costs milliseconds per language, and every language in the content is normalised).
RIGHT_TO_LEFT = frozenset({"Adlm", "Arab", "Hebr", "Mand", "Mend", "Nkoo", "Rohg", "Samr", "Syrc", "Thaa", "Yezi"})


def _script(locale: Locale) -> str:
    if locale.script:
        return str(locale.script)
    from babel.core import get_global

    likely = get_global("likely_subtags")
    full = likely.get(str(locale)) or likely.get(locale.language) or ""
    parts = str(full).split("_")
    return parts[1] if len(parts) > 1 and len(parts[1]) == 4 else ""


@lru_cache(maxsize=64)
def _babel(tag: str) -> Locale | None:
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(tag, sep="-")
    except (UnknownLocaleError, ValueError):
        return None


def primary(tag: str) -> str:
    return tag.split("-")[0]


def available(root: Path) -> list[str]:
    """The languages whose files exist: English and every content/locales/<lang>.yaml."""
    found = {"en"}
    for path in (Path(root) / "locales").glob("*.yaml"):
        try:
            found.add(normalise(path.stem))
        except ValueError:
            continue
    return sorted(found, key=lambda t: (t != "en", t))


def missing_files(root: Path, tag: str) -> list[Path]:
    """The files a language still needs before a brochure can be built in it."""
    lang = primary(tag)
    if lang == "en":
        return []
    return [p for p in (Path(root) / "locales" / f"{lang}.yaml", Path(root) / "translations" / f"{lang}.yaml")
            if not p.is_file()]


def is_text(value: object) -> TypeGuard[dict[str, str]]:
    """A translatable text after validation: {language tag: text, ...}."""
    return isinstance(value, dict) and bool(value) and all(
        isinstance(k, str) and TAG.match(k) and isinstance(v, str) for k, v in value.items())
