"""JSON Schemas for editors: content, mission, translation, locale, places and brand files (`brochure schema`).

The YAML files name their schema in a first-line comment (`# yaml-language-server: $schema=...`),
so an editor with a YAML language server completes keys and flags mistakes while typing. The
schemas are generated from the pydantic models, so they cannot drift from what `check` accepts;
the mission and translation files get partial models defined here. Output is deterministic
(sorted keys, two-space indent, trailing newline) so a changed schema shows up as a diff.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any, Optional, Union

from pydantic import BaseModel, ConfigDict, Field, RootModel, create_model
from pydantic.json_schema import GenerateJsonSchema
from typing_extensions import TypeAliasType

from .brand import BrandFile
from .content import models
from .content.models import Brochure, Slug

DIALECT = "https://json-schema.org/draft/2020-12/schema"
LANGUAGE_KEY = r"^[A-Za-z]{2,3}([-_][A-Za-z]{4})?([-_]([A-Za-z]{2}|[0-9]{3}))?$"     # any language with files
_WORDS = {"type": "string", "pattern": r"\S"}
TEXT = {
    "title": "Text",
    "description": "Text in English, or a mapping of language code to text, e.g. {en: ..., fr: ...}.",
    "anyOf": [_WORDS, {"type": "object", "additionalProperties": _WORDS, "minProperties": 1,
                       "propertyNames": {"pattern": LANGUAGE_KEY}}],
}


class _Schema(GenerateJsonSchema):
    """Pydantic's generator, plus: a translatable `Text` field takes a string or a {lang: string} map.

    The models turn a plain string into {"en": string} before validating it, which pydantic cannot
    see; without this the schema would only allow the mapping."""

    def function_before_schema(self, schema):
        if schema.get("function", {}).get("function") is models._to_text:
            return dict(TEXT)
        return super().function_before_schema(schema)


# ----- mission files: every key optional, `null` removes a key (see content/missions.py) --------


class _Partial(BaseModel):
    model_config = ConfigDict(extra="forbid")


def _partial(model: type[BaseModel], name: str, doc: str) -> type[BaseModel]:
    """`model` with every field optional (and nullable: null brings the default back)."""
    fields = {}
    for key, info in model.model_fields.items():
        annotation = Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation
        fields[key] = (Optional[annotation], Field(default=None, description=info.description))
    return create_model(name, __base__=_Partial, __doc__=doc, **fields)


MissionMeta = _partial(models.Meta, "MissionMeta", "Meta fields to change for the mission; all optional.")
MissionEvent = _partial(models.Event, "MissionEvent", "The event or trip the mission edition is for.")
MissionSource = _partial(models.Source, "MissionSource", "A new source, or fields of a base source to change.")


class PartnerListEdit(_Partial):
    """Edit the base list instead of replacing it: remove entries by name, append new ones."""

    remove: list[str] = []
    append: list[models.PartnerLogo] = []


class Mission(_Partial):
    """A mission overlay (content/missions/NAME.yaml): tailors content/brochure.yaml for one trip.

    Mappings merge key by key, a list or value replaces the base one, `null` removes a key."""

    meta: Optional[MissionMeta] = None
    event: Optional[MissionEvent] = None
    partners: Optional[Union[list[models.PartnerLogo], PartnerListEdit]] = None
    sources: Optional[dict[Slug, Optional[MissionSource]]] = None
    sections: Optional[list[Slug]] = Field(
        default=None, description="The ids of the sections to print, in this order (default: all).")
    overrides: Optional[dict[Slug, Optional[dict[str, Any]]]] = Field(
        default=None, description="Per section id, the fields to change in that section.")


# ----- translation files: the base file's shape, text only (see content/translations.py) -------

Translated = TypeAliasType(
    "Translated", Union[str, list[Optional["Translated"]], dict[str, Optional["Translated"]]])


class Translation(_Partial):
    """A translation (content/translations/LANG.yaml): the base file's texts in one language.

    Sections are addressed by id and list items by position; leave out what needs no translation."""

    language: Optional[str] = None
    meta: Optional[dict[str, Translated]] = None
    event: Optional[dict[str, Translated]] = None
    sources: Optional[dict[str, dict[str, Translated]]] = None
    sections: Optional[dict[str, dict[str, Translated]]] = None


class Locale(RootModel[dict[Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")], Optional[str]]]):
    """Interface strings (content/locales/LANG.yaml): the words the layout adds, key: text.

    Every key of locales/en.yaml, with the same {placeholders}; an empty value is not translated yet."""


class Places(RootModel[dict[str, dict[Annotated[str, Field(pattern=LANGUAGE_KEY)], str]]]):
    """Place names per language (content/places.yaml): Place: {nl: ..., fr: ...}."""


SCHEMAS: dict[str, type[BaseModel]] = {
    "content.schema.json": Brochure,
    "mission.schema.json": Mission,
    "translation.schema.json": Translation,
    "locale.schema.json": Locale,
    "places.schema.json": Places,
    "brand.schema.json": BrandFile,
}


def schema_for(model: type[BaseModel]) -> dict:
    schema = model.model_json_schema(schema_generator=_Schema, mode="validation")
    schema = _share_text(schema)
    if _uses_text(schema):
        schema.setdefault("$defs", {})["Text"] = TEXT
    return {"$schema": DIALECT, **schema}


def _share_text(node):
    """Replace each inlined Text schema with a reference to one shared definition."""
    if isinstance(node, dict):
        if node.get("title") == "Text" and node.get("anyOf") == TEXT["anyOf"]:
            return {"$ref": "#/$defs/Text"}
        return {key: _share_text(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_share_text(item) for item in node]
    return node


def _uses_text(node) -> bool:
    if isinstance(node, dict):
        return node.get("$ref") == "#/$defs/Text" or any(_uses_text(v) for v in node.values())
    if isinstance(node, list):
        return any(_uses_text(v) for v in node)
    return False


def dumps(schema: dict) -> str:
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def write_schemas(folder: Path) -> list[Path]:
    """Write every schema into `folder`; returns their paths."""
    from .files import output_folder, replace_file

    folder = output_folder(Path(folder))
    written = []
    for name, model in SCHEMAS.items():
        path = folder / name
        text = dumps(schema_for(model))
        if path.is_symlink() or not path.is_file() or path.read_text(encoding="utf-8") != text:
            replace_file(path, text.encode("utf-8"))
        written.append(path)
    return written
