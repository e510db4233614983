"""Content stage: read the YAML (base, mission overlay, interface strings), validate, resolve language."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ContentError, Problem, did_you_mean
from .models import LANGUAGES, Brochure
from .validate import validate
from .yamlfile import LDict, load_yaml, locate

BASE_FILE = "brochure.yaml"


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

    def t(self, text: dict | None) -> str:
        """The text in the brochure's language (or English where fallback is allowed)."""
        if text is None:
            return ""
        return text.get(self.language) or text.get(self.language.split("-")[0]) or text["en"]

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
    if not base_path.is_file():
        raise ContentError([Problem(str(base_path), None, None, "", "the base content file is missing")])
    data = load_yaml(base_path, root.parent)
    files = [base_path]
    overlay = load_mission(root, mission) if mission else None
    language = _language_of(overlay) or _language_of(data) or "en"
    data, translation = apply_translation(root, str(language), data)
    if translation:
        files.append(translation)
    if overlay is not None:
        data = apply_mission(data, in_language(overlay, str(language).split("-")[0]))
        files.append(Path(overlay.source))
    brochure = validate(Brochure, data)
    language = brochure.meta.language
    problems = _check_references(brochure, data) + _check_translations(brochure, data, language)
    strings, string_file, string_problems = _load_strings(root, language)
    problems += string_problems
    if problems:
        raise ContentError(problems)
    files.append(string_file)
    return Content(brochure, strings, language, mission, root, tuple(files), data)


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


def _check_references(brochure: Brochure, data) -> list[Problem]:
    problems = []
    known = list(brochure.sources)
    for path, value in _walk(brochure):
        if path and path[-1] == "source" and isinstance(value, str) and value not in brochure.sources:
            problems.append(problem_at(data, path, f'unknown source "{value}"{did_you_mean(value, known)}; '
                                                 f"add it under sources: or use one of: {', '.join(known)}"))
    return problems


def _check_translations(brochure: Brochure, data, language: str) -> list[Problem]:
    lang = language.split("-")[0]
    if lang == "en" or brochure.meta.allow_english_fallback:
        return []
    missing = [path for path, value in _walk(brochure)
               if _is_text(value) and lang not in value and language not in value]
    return [problem_at(data, path, f'no "{lang}" translation (set meta.allow_english_fallback to print English)')
            for path in missing]


def _load_strings(root: Path, language: str):
    """Interface strings: content/locales/<lang>.yaml, every key of the English file required."""
    lang = language.split("-")[0]
    en_path = root / "locales" / "en.yaml"
    english = load_yaml(en_path, root.parent)
    path = root / "locales" / f"{lang}.yaml"
    if not path.is_file():
        return {}, path, [Problem(str(path), None, None, "", f'no interface strings for language "{lang}"')]
    strings = english if lang == "en" else load_yaml(path, root.parent)
    problems = []
    for key in english:
        if key not in strings:
            problems.append(Problem(strings.source, None, None, key, f'missing translation of "{english[key]}"'))
    for key in strings:
        if key not in english:
            problems.append(problem_at(strings, (key,), f"unknown string{did_you_mean(key, english)}"))
        elif not isinstance(strings[key], str):
            problems.append(problem_at(strings, (key,), "must be text"))
    return {k: str(v) for k, v in strings.items()}, path, problems


__all__ = ["Content", "load", "LDict"]
