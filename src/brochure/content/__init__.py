"""Content stage: read the YAML (base, mission overlay, interface strings), validate, resolve language."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ContentError, Problem, did_you_mean
from .models import LANGUAGES, Brochure
from .validate import validate
from .yamlfile import LDict, load_yaml, locate

BASE_FILE = "brochure.yaml"
PLACES_FILE = "places.yaml"
MAX_MISSION_NAME = 60       # a mission name is a file name and an output folder name


def mission_name_problem(name: str) -> str | None:
    """What is wrong with a mission name given on the command line, or None."""
    import re

    if len(name) > MAX_MISSION_NAME:
        return (f"the mission name is {len(name)} characters long; at most {MAX_MISSION_NAME} are allowed "
                "(it names a file and an output folder)")
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", name):
        return "a mission name uses lower-case letters, digits and hyphens only, e.g. boston-2027"
    return None


@dataclass(frozen=True)
class Content:
    """Everything the later stages need, already checked."""

    brochure: Brochure
    strings: dict[str, str]
    language: str
    mission: str | None
    root: Path
    files: tuple[Path, ...] = field(default=())
    data: object = field(default=None, repr=False, compare=False)   # the merged YAML, for locating errors
    places: dict = field(default_factory=dict, repr=False, compare=False)  # place name -> {lang: name}

    def t(self, text: dict | None) -> str:
        """The text in the brochure's language (or English where fallback is allowed)."""
        if text is None:
            return ""
        return text.get(self.language) or text.get(self.language.split("-")[0]) or text["en"]

    def cited_sources(self) -> list[str]:
        """Every source id a figure in this brochure cites, in order of first use (worked out once)."""
        if "_cited" not in self.__dict__:
            used = []
            for path, value in _walk(self.brochure):
                if path and path[-1] == "source" and isinstance(value, str) and value not in used:
                    used.append(value)
            self.__dict__["_cited"] = tuple(used)     # frozen: kept beside the fields, not among them
        return list(self.__dict__["_cited"])

    def language_of(self, text: str) -> str | None:
        """The language `text` is in when it differs from the brochure's (an English fallback), else None.

        Screen readers switch voice on it: the structure element gets its own /Lang."""
        if self.lang == "en" or not self.brochure.meta.allow_english_fallback:
            return None
        if text in _english_fallbacks(self):
            return "en"
        return None

    def s(self, key: str, **values) -> str:
        """An interface string ("Source", "Contact"...) in the brochure's language."""
        return self.strings[key].format(**values) if values else self.strings[key]

    @property
    def lang(self) -> str:
        return self.language.split("-")[0]


def load(root: Path, mission: str | None = None) -> Content:
    """Load and check the content folder; raise ContentError listing every problem found."""
    from .missions import apply_mission, load_mission
    from .translations import apply_translation, in_language

    root = Path(root)
    base_path = root / BASE_FILE
    if not os.path.lexists(base_path):
        raise ContentError([Problem(str(base_path), None, None, "", "the base content file is missing")])
    problems: list[Problem] = []

    def collect(step, *args):
        try:
            return step(*args)
        except ContentError as exc:
            problems.extend(exc.problems)
            return None

    if mission is not None and len(str(mission)) > MAX_MISSION_NAME:
        raise ContentError([Problem(str(root / "missions"), None, None, "--mission",
                                    mission_name_problem(str(mission)))])
    data = collect(load_yaml, base_path, root.parent)
    files = [base_path]
    overlay = collect(load_mission, root, mission) if mission else None
    if data is None:
        raise ContentError(problems)
    language = _supported(_language_of(overlay) or _language_of(data))
    translated = collect(apply_translation, root, language, data)
    if translated and translated[1]:
        files.append(translated[1])
    if overlay is not None:
        data = collect(apply_mission, data, in_language(overlay, language.split("-")[0])) or data
        files.append(root / "missions" / f"{mission}.yaml")
    brochure = collect(validate, Brochure, data)
    problems += _check_references(data)
    if brochure is not None:
        language = brochure.meta.language
        problems += _check_translations(brochure, data, language)
    loaded = collect(_load_strings, root, language)
    if loaded:
        strings, string_file, string_problems = loaded
        problems += string_problems
    places = collect(load_places, root) or {}
    if problems:
        raise ContentError(sorted(problems, key=_reading_order))
    files.append(string_file)
    if os.path.lexists(root / PLACES_FILE):
        files.append(root / PLACES_FILE)
    return Content(brochure, strings, language, mission, root, tuple(files), data, places)


def load_places(root: Path) -> dict:
    """content/places.yaml: place name -> {language: name in that language}; checked, or ContentError."""
    path = Path(root) / PLACES_FILE
    if not os.path.lexists(path):      # anything else there (a pipe, a link) is read, or refused, as a file
        return {}
    data = load_yaml(path, Path(root).parent)
    if not isinstance(data, dict):
        raise ContentError([Problem(getattr(data, "source", str(path)), 1, 1, "",
                                    "the place-name file is a mapping: Place: {nl: ..., fr: ...}")])
    problems = []

    def bad(node, key, dotted, message):
        source, line, col = locate(node, (key,))
        problems.append(Problem(source, line, col, dotted, message))

    for place, names in data.items():
        if not isinstance(names, dict):
            bad(data, place, str(place), "expected a mapping of language to name, e.g. {nl: Gent, fr: Gand}")
            continue
        for lang, name in names.items():
            if str(lang).split("-")[0] not in LANGUAGES:
                bad(names, lang, f"{place}.{lang}", f"unknown language {lang!r}{did_you_mean(lang, LANGUAGES)}; "
                                                    f"expected one of {', '.join(LANGUAGES)}")
            elif not isinstance(name, str) or not name.strip():
                bad(names, lang, f"{place}.{lang}", "expected the place name as text")
            elif len(name) > 120:
                bad(names, lang, f"{place}.{lang}", f"is {len(name)} characters long; at most 120 allowed")
    if problems:
        raise ContentError(problems)
    return data


def _reading_order(problem: Problem):
    """Problems file by file, top to bottom, as someone fixing them would go."""
    return problem.file, problem.line or 0, problem.column or 0


def _supported(language) -> str:
    """The language asked for if the models accept it (they report it otherwise), else English."""
    from .models import _language

    try:
        return _language(str(language)) if isinstance(language, str) and language else "en"
    except ValueError:
        return "en"


def _english_fallbacks(content: Content) -> frozenset:
    """Every text of the brochure printed in English because its translation is missing."""
    cached = _FALLBACKS.get(id(content))
    if cached is None or cached[0] is not content:
        texts = frozenset(value["en"] for _, value in _walk(content.brochure)
                          if _is_text(value) and content.lang not in value and content.language not in value
                          and "en" in value)
        cached = _FALLBACKS[id(content)] = (content, texts)
    return cached[1]


_FALLBACKS: dict = {}


def _language_of(data) -> str | None:
    meta = data.get("meta") if isinstance(data, dict) else None
    value = meta.get("language") if isinstance(meta, dict) else None
    return str(value) if value else None


def _walk(value, path=()):
    """Yield (path, value) for every value inside a model, depth first, in document order."""
    from pydantic import BaseModel

    yield path, value
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _walk(getattr(value, name), path + (name,))
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            yield from _walk(item, path + (i,))
    elif isinstance(value, dict) and not _is_text(value):
        for key, item in value.items():
            yield from _walk(item, path + (key,))


def _is_text(value) -> bool:
    return isinstance(value, dict) and bool(value) and all(
        isinstance(k, str) and k.split("-")[0] in LANGUAGES and isinstance(v, str) for k, v in value.items())


def problem_at(data, path, message) -> Problem:
    source, line, col = locate(data, path)
    dotted = ""
    for key in path:
        dotted += f"[{key}]" if isinstance(key, int) else (f".{key}" if dotted else str(key))
    return Problem(source, line, col, dotted, message)


def _check_references(data) -> list[Problem]:
    """Section ids unique, every `source:` naming a known source. Works on the loaded YAML, so these
    problems are reported together with the validation problems, not only once those are fixed."""
    problems = []
    sources = data.get("sources") if isinstance(data, dict) else None
    known = [str(k) for k in sources] if isinstance(sources, dict) else []
    sections = data.get("sections") if isinstance(data, dict) else None
    if not isinstance(sections, list):
        return problems
    first: dict[str, int] = {}
    for i, section in enumerate(sections):
        sid = section.get("id") if isinstance(section, dict) else None
        if not isinstance(sid, str):
            continue
        if sid in first:
            line = locate(data, ("sections", first[sid], "id"))[1]
            problems.append(problem_at(data, ("sections", i, "id"),
                                       f'section id "{sid}" is already used by sections[{first[sid]}]'
                                       f"{f' (line {line})' if line else ''}; ids must be unique"))
        else:
            first[sid] = i
    if not isinstance(sources, dict):
        return problems
    for path, value in _walk_data(sections, ("sections",)):
        if path[-1] == "source" and isinstance(value, str) and value not in sources:
            problems.append(problem_at(data, path, f'unknown source "{value}"{did_you_mean(value, known)}; '
                                                   f"add it under sources: or use one of: {', '.join(known)}"))
    return problems


def _walk_data(value, path):
    """(path, value) for every value in loaded YAML, depth first, in document order."""
    yield path, value
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _walk_data(item, path + (key,))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _walk_data(item, path + (i,))


def _check_translations(brochure: Brochure, data, language: str) -> list[Problem]:
    lang = language.split("-")[0]
    if lang == "en" or brochure.meta.allow_english_fallback:
        return []
    missing = [path for path, value in _walk(brochure)
               if _is_text(value) and lang not in value and language not in value]
    return [problem_at(data, path, f'no "{lang}" translation; add it to translations/{lang}.yaml under '
                                   f"{_translation_path(brochure, path)} (or set meta.allow_english_fallback "
                                   "to print English)")
            for path in missing]


def _translation_path(brochure: Brochure, path: tuple) -> str:
    """Where a field sits in a translation file: sections by id, list items by position."""
    if len(path) > 1 and path[0] == "sections" and isinstance(path[1], int):
        path = ("sections", brochure.sections[path[1]].id) + tuple(path[2:])
    out = ""
    for key in path:
        out += f"[{key}]" if isinstance(key, int) else (f".{key}" if out else str(key))
    return out


def _load_strings(root: Path, language: str):
    """Interface strings: content/locales/<lang>.yaml, every key of the English file required."""
    lang = language.split("-")[0]
    en_path = root / "locales" / "en.yaml"
    english = load_yaml(en_path, root.parent)
    if not isinstance(english, dict):
        return {}, en_path, [Problem(getattr(english, "source", str(en_path)), 1, 1, "",
                                     "the interface strings file is a mapping of key: text")]
    path = root / "locales" / f"{lang}.yaml"
    if not os.path.lexists(path):
        return {}, path, [Problem(str(path), None, None, "", f'no interface strings for language "{lang}"')]
    strings = english if lang == "en" else load_yaml(path, root.parent)
    if not isinstance(strings, dict):
        return {}, path, [Problem(getattr(strings, "source", str(path)), 1, 1, "",
                                  "the interface strings file is a mapping of key: text")]
    problems = []
    for key in english:
        if key not in strings:
            problems.append(Problem(strings.source, None, None, str(key), f'missing translation of "{english[key]}"'))
    for key in strings:
        if key not in english:
            problems.append(problem_at(strings, (key,), f"unknown string{did_you_mean(key, english)}"))
        elif not isinstance(strings[key], str):
            problems.append(problem_at(strings, (key,), "must be text"))
        else:
            wanted = _placeholders(english[key]) if isinstance(english[key], str) else set()
            found = _placeholders(strings[key])
            if found is None:
                problems.append(problem_at(strings, (key,), "unbalanced { or }; write {{ and }} for a brace"))
            elif wanted is not None and found != wanted:
                need = ", ".join("{" + n + "}" for n in sorted(wanted)) or "none"
                problems.append(problem_at(strings, (key,), f"placeholders must be the English ones: {need}"))
    return {k: str(v) for k, v in strings.items()}, path, problems


def _placeholders(text: str) -> set[str] | None:
    """The {names} a format string uses, or None when its braces do not parse."""
    import string

    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError:
        return None


__all__ = ["Content", "load", "LDict"]
