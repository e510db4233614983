"""Content stage: read the YAML (base, mission overlay, interface strings), validate, resolve language."""

from __future__ import annotations

import re

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from ..errors import ContentError, Problem, did_you_mean
from . import languages, placeholders
from .languages import is_text as _is_text
from .models import Brochure, SectionBase
from .places import COORDS, coords_problem
from .validate import validate
from .yamlfile import LDict, display_path, load_yaml, locate, user_path
from .yamlfile import dotted as dotted_path

BASE_FILE = "brochure.yaml"
PLACES_FILE = "places.yaml"
TYPOGRAPHY_FILE = "typography.yaml"
MAX_MISSION_NAME = 60       # a mission name is a file name and an output folder name
_T = TypeVar("_T")


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
    places: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)  # place -> {lang: name, coords}
    # A draft (--draft) prints what a finished brochure may not: its placeholders and missing
    # translations are `notices` (said on stderr; every page is marked DRAFT), texts fall back to English.
    draft: bool = False
    notices: tuple[Problem, ...] = field(default=(), repr=False, compare=False)
    coverage: "Coverage | None" = field(default=None, repr=False, compare=False)
    english_strings: frozenset[str] = field(default=frozenset(), repr=False, compare=False)
    typography: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)  # content/typography.yaml
    # The base content in the brochure's language, when a mission's `sections:` chose some of it.
    base_data: object = field(default=None, repr=False, compare=False)
    string_sources: dict[str, tuple[str, int | None, int | None]] = field(default_factory=dict, repr=False,
                                                                          compare=False)

    def omitted_sections(self) -> list[SectionBase]:
        """The base brochure's sections this edition leaves out, in their order (validated on first
        use; none when the base content itself does not validate)."""
        if "_omitted" not in self.__dict__:
            omitted: tuple[SectionBase, ...] = ()
            if self.base_data is not None:
                try:
                    base = validate(Brochure, self.base_data)
                except ContentError:
                    base = None
                if base is not None:
                    chosen = {s.id for s in self.brochure.sections}
                    omitted = tuple(s for s in base.sections if s.id not in chosen)
            self.__dict__["_omitted"] = omitted     # frozen: kept beside the fields, not among them
        return list(self.__dict__["_omitted"])

    def t(self, text: dict[str, str] | None) -> str:
        """The text in the brochure's language (or English where fallback is allowed)."""
        if text is None:
            return ""
        return text.get(self.language) or text.get(self.language.split("-")[0]) or text["en"]

    def values(self) -> tuple[tuple[tuple[object, ...], object], ...]:
        """(path, value) of every value inside the brochure, depth first in document order (walked
        once: the checks and the layout look through it several times)."""
        walked: tuple[tuple[tuple[object, ...], object], ...] | None = self.__dict__.get("_values")
        if walked is None:
            walked = self.__dict__["_values"] = tuple(_walk(self.brochure))   # frozen: kept beside the fields
        return walked

    def cited_sources(self) -> list[str]:
        """Every source id a figure in this brochure cites, in order of first use (worked out once)."""
        if "_cited" not in self.__dict__:
            used: list[str] = []
            for path, value in self.values():
                if path and path[-1] == "source" and isinstance(value, str) and value not in used:
                    used.append(value)
            self.__dict__["_cited"] = tuple(used)     # frozen: kept beside the fields, not among them
        return list(self.__dict__["_cited"])

    def language_of(self, text: str) -> str | None:
        """The language `text` is in when it differs from the brochure's (an English fallback), else None.

        Screen readers switch voice on it: the structure element gets its own /Lang."""
        if self.lang == "en" or not (self.brochure.meta.allow_english_fallback or self.draft):
            return None
        if text in _english_fallbacks(self) or text in self.english_strings:
            return "en"
        return None

    def s(self, key: str, **values: object) -> str:
        """An interface string ("Source", "Contact"...) in the brochure's language, its placeholders
        filled with `values`."""
        template = self.strings.get(key)
        if template is None:        # interface strings written before this one was needed
            raise ContentError([Problem(str(self.root / "locales" / "en.yaml"), None, None, key,
                                        f'the interface string "{key}" is missing; add {key}: and its text to '
                                        "the English strings and to each language's")])
        return self.fill(key, template, **values)

    def fill(self, key: str, template: str, **values: object) -> str:
        """`template` (the string `key`, as it is or typographically finished) with its placeholders
        filled. A placeholder the tool does not give this string is an error at the string's line."""
        given = STRING_FIELDS.get(key, frozenset())
        if set(values) - given:
            raise RuntimeError(f'interface string "{key}" is given {sorted(values)}: add them to STRING_FIELDS')
        try:
            return template.format(**values)       # {{ and }} print as braces
        except (KeyError, IndexError, ValueError, AttributeError) as exc:
            file, line, column = self.string_sources.get(key, (str(self.root / "locales"), None, None))
            raise ContentError([Problem(file, line, column, key, _placeholder_message(key, exc))]) from None

    @property
    def lang(self) -> str:
        return self.language.split("-")[0]


@dataclass(frozen=True)
class Coverage:
    """How much of the brochure a language's files translate: what `check --mission X` reports."""

    language: str
    translated: int
    total: int
    missing: tuple[Problem, ...]      # Problem per text still in English, in reading order

    def __str__(self) -> str:
        return f"{self.language}: {self.translated} of {self.total} texts translated"


def load(root: Path, mission: str | None = None, draft: bool = False) -> Content:
    """Load and check the content folder; raise ContentError listing every problem found.

    With `draft`, placeholders and missing translations are not errors but `Content.notices`, and
    a missing text prints in English (marked as English in the screen edition)."""
    from .missions import apply_mission, load_mission
    from .translations import apply_translation, in_language

    root = Path(root)
    base_path = root / BASE_FILE
    if not os.path.lexists(base_path):
        raise ContentError([Problem(str(base_path), None, None, "", "the base content file is missing")])
    found = _Found()
    if mission is not None and len(str(mission)) > MAX_MISSION_NAME:
        raise ContentError([Problem(str(root / "missions"), None, None, "--mission",
                                    mission_name_problem(str(mission)) or "")])
    data = found.collect(load_yaml, base_path, root.parent)
    files = [base_path]
    overlay = found.collect(load_mission, root, mission) if mission else None
    if data is None:
        raise ContentError(found.problems)
    language = _supported(_language_of(overlay) or _language_of(data))
    if languages.missing_files(root, language):
        language = "en"         # reported below, at the line that names the language
    before = len(found.problems)
    translated = found.collect(apply_translation, root, language, data)
    translation_broken = len(found.problems) > before     # then "not translated" would only repeat its problems
    if translated and translated[1]:
        files.append(translated[1])
    base_data = data
    if overlay is not None:
        data, mission_problems = apply_mission(data, in_language(overlay, languages.primary(language)))
        found.problems += mission_problems
        files.append(root / "missions" / f"{mission}.yaml")
    chose = isinstance(overlay, dict) and "sections" in overlay
    brochure: Brochure | None = found.collect(validate, Brochure, data)
    found.problems += _check_references(data)
    found.problems += check_structure(data, base_data if chose else None)
    coverage = summary = None
    if brochure is not None:
        language, coverage, summary = _language_coverage(root, brochure, data, draft, translation_broken, found)
    strings, string_file, english_strings, string_sources = _interface_strings(root, language, draft, brochure,
                                                                               found)
    places = found.collect(load_places, root) or {}
    typography = found.collect(load_typography, root) or {}
    for located in (data, places, typography):     # place names and spellings are printed too
        (found.notices if draft else found.problems).extend(placeholders.find(located, draft))
    if found.problems or brochure is None:     # (no brochure without a problem saying why)
        # the translation summary ("it: 12 of 140 texts translated") heads the list it explains
        raise ContentError(([summary] if summary else []) + sorted(found.problems, key=_reading_order))
    files += _other_files(root, string_file)
    return Content(brochure, strings, language, mission, root, tuple(files), data, places, draft,
                   tuple(sorted(found.notices, key=_reading_order)), coverage, english_strings, typography,
                   base_data if chose else None, string_sources)


class _Found:
    """What loading found: problems (errors) and notices (what a draft prints anyway)."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.notices: list[Problem] = []

    def collect(self, step: Callable[..., _T], *args: Any) -> _T | None:
        """The step's result, or None with its problems noted."""
        try:
            return step(*args)
        except ContentError as exc:
            self.problems.extend(exc.problems)
            return None


def _language_coverage(root: Path, brochure: Brochure, data: Any, draft: bool, translation_broken: bool,
                       found: _Found) -> tuple[str, Coverage | None, Problem | None]:
    """(the language the brochure prints in, how much of it is translated, the summary that heads the
    problems when texts are missing and English may not stand in)."""
    language = brochure.meta.language
    missing_files = languages.missing_files(root, language)
    if missing_files:
        found.problems.append(_no_language_files(root, data, language, missing_files))
        return "en", None, None
    coverage = translation_coverage(brochure, data, language)
    summary = None
    if coverage and coverage.missing and not translation_broken:
        if draft or brochure.meta.allow_english_fallback:
            found.notices += coverage.missing
        else:
            summary = _coverage_problem(root, coverage)
            found.problems += list(coverage.missing)
    return language, coverage, summary


def _interface_strings(root: Path, language: str, draft: bool, brochure: Brochure | None, found: _Found
                       ) -> tuple[dict[str, str], Path, frozenset[str], dict[str, tuple[str, int | None, int | None]]]:
    """(the interface strings, their file, those printed in English because they are not translated,
    where each is written)."""
    strings: dict[str, str] = {}
    sources: dict[str, tuple[str, int | None, int | None]] = {}
    string_file = root / "locales" / "en.yaml"
    english_strings: frozenset[str] = frozenset()
    loaded = found.collect(_load_strings, root, language)
    if loaded:
        strings, string_file, string_problems, untranslated, sources, read = loaded
        found.problems += string_problems
        for located in read:
            (found.notices if draft else found.problems).extend(placeholders.find(located, draft))
        if untranslated and (draft or (brochure is not None and brochure.meta.allow_english_fallback)):
            found.notices += untranslated
            english_strings = frozenset(strings[p.path] for p in untranslated)
        else:
            found.problems += untranslated
    return strings, string_file, english_strings, sources


def _other_files(root: Path, string_file: Path) -> list[Path]:
    """The files besides the base, mission and translation files that the content was read from."""
    files = [string_file]
    if os.path.lexists(root / PLACES_FILE):
        files.append(root / PLACES_FILE)
    if (root / TYPOGRAPHY_FILE).is_file():
        files.append(root / TYPOGRAPHY_FILE)
    return files


def _no_language_files(root: Path, data: object, language: str, missing: list[Path]) -> Problem:
    lang = languages.primary(language)
    names = " and ".join(display_path(p, root.parent) for p in missing)
    return problem_at(data, ("meta", "language"),
                      f'language "{language}" is not set up: {names} missing; `make new-language LANG={lang}` '
                      f"writes {'them' if len(missing) > 1 else 'it'} to fill in; languages set up: "
                      f"{', '.join(languages.available(root))}")


def _coverage_problem(root: Path, coverage: Coverage) -> Problem:
    path = display_path(root / "translations" / f"{languages.primary(coverage.language)}.yaml", root.parent)
    return Problem(path, None, None, "", f"{coverage}; the {len(coverage.missing)} missing are listed here. "
                                         "Translate them, or build with --draft to print them in English meanwhile "
                                         "(meta.allow_english_fallback: true prints English for good)")


def load_typography(root: Path) -> dict[str, Any]:
    """content/typography.yaml: terms kept on one line per language, spelling per language tag, words
    hyphenated by hand per language."""
    path = Path(root) / TYPOGRAPHY_FILE
    if not path.is_file():
        return {}
    data = load_yaml(path, Path(root).parent)
    problems: list[Problem] = []

    def bad(node: object, key: object, dotted: str, message: str) -> None:
        source, line, col = locate(node, (key,))
        problems.append(Problem(source, line, col, dotted, message))

    keys = ("keep_together", "spelling", "hyphenation")
    if not isinstance(data, LDict):
        raise ContentError([Problem(data.source, 1, 1, "",
                                    "the typography file is a mapping with keep_together:, spelling: and "
                                    "hyphenation:")])
    for key, value in data.items():
        if key not in keys:
            bad(data, key, str(key), f"unknown key{did_you_mean(str(key), keys)}")
        elif not isinstance(value, dict):
            bad(data, key, str(key), "expected a mapping of language to entries")
        else:
            for lang, entries in value.items():
                dotted = f"{key}.{lang}"
                if key == "keep_together" and not (isinstance(entries, list)
                                                   and all(isinstance(e, str) and e.strip() for e in entries)):
                    bad(value, lang, dotted, "expected a list of terms, e.g. [life sciences]")
                elif key == "spelling" and not (isinstance(entries, dict) and all(
                        isinstance(k, str) and isinstance(v, str) and v.strip() for k, v in entries.items())):
                    bad(value, lang, dotted, "expected a mapping of word: replacement")
                elif key == "hyphenation" and not (isinstance(entries, list) and all(
                        isinstance(e, str) and re.fullmatch(r"[^\W\d_]+(-[^\W\d_]+)*", e) for e in entries)):
                    bad(value, lang, dotted, "expected a list of words with their break points as hyphens, "
                                             "e.g. [Zu-sam-men-ar-beit]")
    if problems:
        raise ContentError(problems)
    return data


def load_places(root: Path) -> dict[str, Any]:
    """content/places.yaml: place name -> {language: name in that language, coords: [lat, lon]}; checked,
    or ContentError. Whether every pinned town has coords is checked where a map is drawn
    (content/places.py), so a brochure without a map does not need them."""
    path = Path(root) / PLACES_FILE
    if not os.path.lexists(path):      # anything else there (a pipe, a link) is read, or refused, as a file
        return {}
    data = load_yaml(path, Path(root).parent)
    if not isinstance(data, LDict):
        raise ContentError([Problem(data.source, 1, 1, "",
                                    "the place-name file is a mapping: Place: {nl: ..., fr: ...}")])
    problems: list[Problem] = []

    def bad(node: object, key: object, dotted: str, message: str) -> None:
        source, line, col = locate(node, (key,))
        problems.append(Problem(source, line, col, dotted, message))

    for place, names in data.items():
        if not isinstance(names, dict):
            bad(data, place, str(place), "expected a mapping of language to name, e.g. {nl: Gent, fr: Gand}")
            continue
        for lang, name in names.items():
            if lang == COORDS:
                problem = coords_problem(name)
                if problem:
                    bad(names, lang, f"{place}.{lang}", problem)
                continue
            try:
                languages.normalise(lang)
            except ValueError as exc:
                bad(names, lang, f"{place}.{lang}", f"unknown language: {exc}; or {COORDS}: [latitude, longitude]")
                continue
            if not isinstance(name, str) or not name.strip():
                bad(names, lang, f"{place}.{lang}", "expected the place name as text")
            elif len(name) > 120:
                bad(names, lang, f"{place}.{lang}", f"is {len(name)} characters long; at most 120 allowed")
    if problems:
        raise ContentError(problems)
    return data


def _reading_order(problem: Problem) -> tuple[str, int, int]:
    """Problems file by file, top to bottom, as someone fixing them would go."""
    return problem.file, problem.line or 0, problem.column or 0


def _supported(language: object) -> str:
    """The language asked for, normalised, if it is a language at all (the models report it otherwise),
    else English."""
    try:
        return languages.normalise(language) if isinstance(language, str) and language else "en"
    except ValueError:
        return "en"


def _english_fallbacks(content: Content) -> frozenset[str]:
    """Every text of the brochure printed in English because its translation is missing."""
    cached = _FALLBACKS.get(id(content))
    if cached is None or cached[0] is not content:
        texts = frozenset(value["en"] for _, value in content.values()
                          if _is_text(value) and content.lang not in value and content.language not in value
                          and "en" in value)
        if len(_FALLBACKS) >= 8:
            _FALLBACKS.clear()      # earlier builds' content (`watch` loads it anew every round)
        cached = _FALLBACKS[id(content)] = (content, texts)
    return cached[1]


_FALLBACKS: dict[int, tuple[Content, frozenset[str]]] = {}   # id(content) -> (content, texts), the content
                                                                # itself kept to check the id


def _language_of(data: object) -> str | None:
    meta = data.get("meta") if isinstance(data, dict) else None
    value = meta.get("language") if isinstance(meta, dict) else None
    return str(value) if value else None


def _walk(value: object, path: tuple[object, ...] = ()) -> Iterator[tuple[tuple[object, ...], object]]:
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


def _listed_twice(data: object) -> list[Problem]:
    """An organisation listed a second time in the same list and town (a copy and paste, or a mission's
    append of a name already there), at the second listing: it printed twice and was counted twice."""
    problems: list[Problem] = []
    sections = data.get("sections") if isinstance(data, dict) else None
    for i, section in enumerate(sections if isinstance(sections, list) else ()):
        entries = section.get("entries") if isinstance(section, dict) else None
        seen: dict[str, int] = {}
        for j, entry in enumerate(entries if isinstance(entries, list) else ()):
            name = entry.get("name") if isinstance(entry, dict) else None
            if not isinstance(name, str):
                continue
            town = entry.get("town")            # one organisation with sites in two towns is listed in each
            key = " ".join(name.split()).casefold() + "|" + (town if isinstance(town, str) else "")
            if key in seen:
                line = locate(data, ("sections", i, "entries", seen[key], "name"))[1]
                problems.append(problem_at(data, ("sections", i, "entries", j, "name"),
                                           f'"{name.strip()}" is already listed'
                                           f"{f' (line {line})' if line else ''}; list it once"))
            else:
                seen[key] = j
    return problems


def problem_at(data: object, path: tuple[object, ...], message: str) -> Problem:
    source, line, col = locate(data, path)
    return Problem(source, line, col, user_path(data, path), message)


def _check_references(data: object) -> list[Problem]:
    """Section ids unique, every `source:` naming a known source, an organisation listed once in its
    list. Works on the loaded YAML, so these problems are reported together with the validation
    problems, not only once those are fixed."""
    problems: list[Problem] = _listed_twice(data)
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


def check_structure(data: object, base: object = None) -> list[Problem]:
    """The rules no content may break: the cover is the first page and the contact section (the back
    cover) the last one; everything else sits between them. `base`: the base content, when a
    mission's `sections:` chose the sections (the fix then names the base's section ids)."""
    sections = data.get("sections") if isinstance(data, dict) else None
    if not isinstance(sections, list) or not sections:
        return []
    kinds = [s.get("kind") if isinstance(s, dict) else None for s in sections]
    ids = [s.get("id") if isinstance(s, dict) else None for s in sections]
    offered = base.get("sections") if isinstance(base, dict) else sections
    offered = offered if isinstance(offered, list) else []
    where = "the mission's sections: [...]" if base is not None else "sections:"
    problems = []
    for rule, kind, index, place in (("the cover is always the first page", "cover", 0, "first"),
                                     ("the contact section is always the back cover", "contact",
                                      len(sections) - 1, "last")):
        if kind not in kinds:
            sid = next((s.get("id") for s in offered if isinstance(s, dict) and s.get("kind") == kind), None)
            what = f'"{sid}"' if isinstance(sid, str) else f"a section with kind: {kind}"
            problems.append(problem_at(data, ("sections",), f"{rule}, and there is no {kind} section; "
                                                            f"add {what} as the {place} of {where}"))
            continue
        for i, k in enumerate(kinds):
            if k == kind and i != index:
                problems.append(problem_at(data, ("sections", i),
                                           f'{rule}: move "{ids[i]}" to the {place} place of {where}'
                                           if kinds.count(kind) == 1 else
                                           f'{rule}, and a brochure has one {kind} section: remove "{ids[i]}"'))
    return problems


def _walk_data(value: object, path: tuple[object, ...]) -> Iterator[tuple[tuple[object, ...], object]]:
    """(path, value) for every value in loaded YAML, depth first, in document order."""
    yield path, value
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _walk_data(item, path + (key,))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _walk_data(item, path + (i,))


def translation_coverage(brochure: Brochure, data: object, language: str) -> Coverage | None:
    """Which texts of the brochure have a version in `language` (None for English, the base)."""
    lang = languages.primary(language)
    if lang == "en":
        return None
    texts = [(path, value) for path, value in _walk(brochure) if _is_text(value)]
    missing = [path for path, value in texts if lang not in value and language not in value]
    return Coverage(language, len(texts) - len(missing), len(texts), tuple(
        _untranslated(data, path, lang, _translation_path(brochure, path)) for path in missing))


def _untranslated(data: object, path: tuple[object, ...], lang: str, where: str) -> Problem:
    """A missing translation, at the empty field of the translation file if it has one (as
    `new-language` writes them), else at the English text."""
    node: Any = data        # loaded data, indexed where it can be
    for key in path[:-1]:
        try:
            node = node[key]
        except (KeyError, IndexError, TypeError):
            node = None
            break
    empty = getattr(node, "empty", None) or {}
    if path[-1] in empty:
        (line, col, source), dotted = empty[path[-1]]
        return Problem(source, line, col, dotted, f'no "{lang}" translation yet (the field is empty)')
    return problem_at(data, path, f'no "{lang}" translation; add it to translations/{lang}.yaml under {where}')


def _translation_path(brochure: Brochure, path: tuple[object, ...]) -> str:
    """Where a field sits in a translation file: sections by id, list items by position."""
    if len(path) > 1 and path[0] == "sections" and isinstance(path[1], int):
        path = ("sections", brochure.sections[path[1]].id) + tuple(path[2:])
    return dotted_path(path)


def _load_strings(root: Path, language: str) -> tuple[dict[str, str], Path, list[Problem], list[Problem],
                                                      dict[str, tuple[str, int | None, int | None]], list[LDict]]:
    """Interface strings: content/locales/<lang>.yaml, every key of the English file required.

    Returns (strings, file, problems, untranslated, where each string is written, the files as read):
    a key left out or left empty is `untranslated` and holds the English text, so a draft can print it."""
    lang = languages.primary(language)
    en_path = root / "locales" / "en.yaml"
    english = load_yaml(en_path, root.parent)
    if not isinstance(english, dict):
        return {}, en_path, [Problem(getattr(english, "source", str(en_path)), 1, 1, "",
                                     "the interface strings file is a mapping of key: text")], [], {}, []
    path = root / "locales" / f"{lang}.yaml"
    if not os.path.lexists(path):
        return {}, path, [Problem(str(path), None, None, "", f'no interface strings for language "{lang}"')], [], {}, []
    strings = english if lang == "en" else load_yaml(path, root.parent)
    if not isinstance(strings, dict):
        return {}, path, [Problem(getattr(strings, "source", str(path)), 1, 1, "",
                                  "the interface strings file is a mapping of key: text")], [], {}, []
    problems, untranslated = [], []
    out: dict[str, str] = {}
    sources: dict[str, tuple[str, int | None, int | None]] = {}
    for key in english:
        if strings.get(key) is None and lang != "en":
            where = problem_at(strings, (key,), "") if key in strings else Problem(strings.source, None, None, "", "")
            untranslated.append(Problem(where.file, where.line, where.column, str(key),
                                        f'no "{lang}" translation of "{english[key]}"'))
            out[str(key)] = str(english[key])
            sources[str(key)] = locate(english, (key,))
    for key in strings:
        if key not in english:
            problems.append(problem_at(strings, (key,), f"unknown string{did_you_mean(key, english)}"))
        elif strings[key] is None and lang != "en":
            continue
        elif not isinstance(strings[key], str):
            problems.append(problem_at(strings, (key,), "must be text"))
        else:
            wanted = _placeholders(english[key]) if isinstance(english[key], str) else set()
            found = _placeholders(strings[key])
            wrong = _placeholder_problem(str(key), strings[key])
            if wrong is not None:
                problems.append(problem_at(strings, (key,), wrong))
            elif wanted is not None and found != wanted:
                need = ", ".join("{" + n + "}" for n in sorted(wanted)) or "none"
                problems.append(problem_at(strings, (key,), f"placeholders must be the English ones: {need}"))
            out[str(key)] = str(strings[key])
            sources[str(key)] = locate(strings, (key,))
    return out, path, problems, untranslated, sources, [english] if strings is english else [english, strings]


# What the tool fills into each interface string that has placeholders: a string may use these and no
# others (Content.fill checks every call against this table, so it cannot fall behind the code).
STRING_FIELDS: dict[str, frozenset[str]] = {k: frozenset(v.split()) for k, v in {
    "source": "sources", "source_many": "sources", "page": "number", "rank_of_eu": "rank_ordinal",
    "chart_alt_bars": "title values source", "chart_alt_ranks": "title values source",
    "map_alt": "subject count towns places", "map_alt_one": "subject count place", "map_credit": "sources",
    "label_value": "label value", "logo_alt": "name", "qr_alt": "target", "meet_us": "event",
    "map_key": "subject", "map_key_page": "title number", "map_key_townless": "names", "map_elsewhere": "number",
    "figures_in_town": "town",
}.items()}


def _placeholders(text: str) -> set[str] | None:
    """The {names} a format string uses, or None when its braces do not parse."""
    import string

    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError:
        return None


def _placeholder_problem(key: str, text: str) -> str | None:
    """What is wrong with the placeholders of interface string `key`, or None. A placeholder is a name
    in braces, {sources}: nothing after the name (a width or a conversion could make the text
    enormous or print Python's own notation), one of the names the tool fills into this string."""
    import string

    try:
        fields = [(name, spec, conversion) for _, name, spec, conversion in string.Formatter().parse(text)
                  if name is not None]
    except ValueError:
        return "unbalanced { or }; write {{ and }} for a brace"
    allowed = STRING_FIELDS.get(key, frozenset())
    for name, spec, conversion in fields:
        if not name.isidentifier():
            return f"{{{name}}} is not a placeholder: placeholders are names in braces, such as {{sources}}"
        if spec or conversion:
            return f"write the placeholder as {{{name}}}, with nothing after its name"
        if name not in allowed:
            need = ", ".join("{" + n + "}" for n in sorted(allowed)) or "none (write {{ and }} for a brace)"
            return f"{{{name}}} is not filled in here; this text's placeholders: {need}"
    return None


def _placeholder_message(key: str, exc: Exception) -> str:
    allowed = ", ".join("{" + n + "}" for n in sorted(STRING_FIELDS.get(key, ()))) or "none"
    return f"the placeholders do not fit this text ({type(exc).__name__}: {exc}); its placeholders: {allowed}"


__all__ = ["Content", "Coverage", "load", "LDict"]
