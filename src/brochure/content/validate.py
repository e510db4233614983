"""Turn loaded YAML into typed models, reporting every problem with file, line and field path."""

from __future__ import annotations

import types
import typing

from pydantic import BaseModel, ValidationError

from ..errors import ContentError, Problem, did_you_mean
from .yamlfile import locate, user_path


def _unwrap(annotation):
    """Strip Annotated/Optional layers down to the interesting type."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(args) == 1:
                annotation = args[0]
            else:
                return annotation
        else:
            return annotation


def _tagged_member(union, key):
    """The member of a discriminated union whose `kind` literal is `key`, if any."""
    if not isinstance(key, str):
        return None
    for arg in typing.get_args(union):
        arg = _unwrap(arg)
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            kind = arg.model_fields.get("kind")
            if kind is not None and key in typing.get_args(_unwrap(kind.annotation)):
                return arg
    return None


def _follow(model, loc: tuple):
    """Walk a pydantic error location through the type annotations.

    Returns (the type at the end or None when the walk got lost, the indexes in `loc` that are
    discriminator tags pydantic inserted: "sections.3.directory.entries" has no key "directory")."""
    current = model
    tags = set()
    for index, key in enumerate(loc):
        current = _unwrap(current)
        origin = typing.get_origin(current)
        if origin in (typing.Union, types.UnionType):
            member = _tagged_member(current, key)
            if member is None:
                return None, tags
            tags.add(index)
            current = member
        elif isinstance(current, type) and issubclass(current, BaseModel):
            field = current.model_fields.get(key) if isinstance(key, str) else None
            if field is None:
                return None, tags
            current = field.annotation
        elif origin in (list, tuple, set, frozenset):
            current = typing.get_args(current)[0] if typing.get_args(current) else None
        elif origin is dict:
            current = typing.get_args(current)[1]
        else:
            return None, tags
    return _unwrap(current), tags


def _model_at(model: type[BaseModel], loc: tuple):
    """The model class found at a pydantic error location, if we can tell."""
    current, _ = _follow(model, loc)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _field_at(model: type[BaseModel], loc: tuple):
    """The pydantic FieldInfo of the last element of `loc` (or of the list holding it)."""
    for end in range(len(loc), 0, -1):
        key = loc[end - 1]
        if isinstance(key, str):
            owner = _model_at(model, loc[: end - 1])
            if owner is not None:
                return owner.model_fields.get(key)
            return None
    return None


def _bounds(field) -> tuple:
    low = high = None
    for item in getattr(field, "metadata", []) if field else []:
        low = getattr(item, "ge", None) if getattr(item, "ge", None) is not None else low
        high = getattr(item, "le", None) if getattr(item, "le", None) is not None else high
    return low, high


def _num(value) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def _shown(value) -> str:
    if isinstance(value, dict):
        return "a mapping (key: value lines)"
    if isinstance(value, (list, tuple)):
        return "a list"
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, str) and len(value) > 60:
        return repr(value[:57] + "...")
    return repr(value)


_TYPE_NAMES = {
    "string_type": "text", "int_type": "a whole number", "int_parsing": "a whole number",
    "int_from_float": "a whole number", "float_type": "a number", "float_parsing": "a number",
    "bool_type": "true or false", "bool_parsing": "true or false", "list_type": "a list",
    "dict_type": "a mapping (key: value lines)", "model_type": "a mapping (key: value lines)",
    "model_attributes_type": "a mapping (key: value lines)", "date_type": "a date (YYYY-MM-DD)",
    "date_parsing": "a date (YYYY-MM-DD)", "date_from_datetime_parsing": "a date (YYYY-MM-DD)",
    "date_from_datetime_inexact": "a date (YYYY-MM-DD)", "tuple_type": "a list",
}


def _friendly(error: dict, model: type[BaseModel]) -> tuple[tuple, str]:
    loc = tuple(error["loc"])
    kind = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    if isinstance(value, dict) and getattr(value, "translated_from", None) and kind != "value_error":
        # a translation file gave wording for a field that is not text (a name, a code, a number)
        return loc, (f"is the same in every language and cannot be translated; remove it from "
                     f"{value.translated_from}")
    if isinstance(value, bool) and kind in ("int_type", "float_type", "int_parsing", "float_parsing"):
        return loc, (f"expected {_TYPE_NAMES[kind]}, got {str(value).lower()} (YAML reads yes, no, on, off, true and "
                     "false as a yes/no value); write the number")
    if kind == "bool_type":
        return loc, f"expected true or false, got {_shown(value)}"
    if kind == "extra_forbidden":
        owner = _model_at(model, loc[:-1])
        allowed = sorted(owner.model_fields) if owner else []
        hint = did_you_mean(loc[-1], allowed)
        expected = f"; expected one of: {', '.join(allowed)}" if allowed and not hint else ""
        return loc, f'unknown key "{loc[-1]}"{hint}{expected}'
    if kind == "missing":
        name = loc[-1] if loc and isinstance(loc[-1], str) else "this field"
        return loc, f'required field "{name}" is missing; add it'
    if kind == "union_tag_invalid":
        tags = [t.strip().strip("'") for t in str(ctx.get("expected_tags", "")).split(",")]
        return loc, (f'unknown section kind "{ctx.get("tag")}"{did_you_mean(ctx.get("tag"), tags)}; '
                     f'expected one of: {", ".join(tags)}')
    if kind == "union_tag_not_found":
        return loc, 'missing "kind" (the section type, e.g. kind: directory)'
    if kind == "too_short" and isinstance(value, (list, dict)):
        need = ctx.get("min_length", 1)
        return loc, f"is empty; at least {need} item{'s' if need != 1 else ''} needed" if not value else \
            f"has {len(value)} item(s); at least {need} needed"
    if kind == "too_long" and isinstance(value, (list, dict)):
        return loc, f"has {len(value)} items; at most {ctx['max_length']} allowed"
    if kind == "string_too_short":
        return loc, "is empty; write some text"
    if kind == "string_too_long":
        return loc, f"is {len(str(value))} characters long; at most {ctx['max_length']} allowed"
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        low, high = _bounds(_field_at(model, loc))
        if low is not None and high is not None:
            expected = f"a number from {_num(low)} to {_num(high)}"
        elif kind in ("greater_than_equal", "greater_than"):
            expected = f"{'at least' if kind.endswith('equal') else 'more than'} {_num(ctx.get('ge', ctx.get('gt')))}"
        else:
            expected = f"{'at most' if kind.endswith('equal') else 'less than'} {_num(ctx.get('le', ctx.get('lt')))}"
        return loc, f"{_num(value)} is out of range; expected {expected}"
    if kind == "finite_number":
        return loc, f"expected an ordinary number, got {_shown(value)}"
    if kind == "literal_error":
        return loc, f"{_shown(value)} is not allowed; expected {ctx['expected']}" + (
            did_you_mean(value, [e.strip().strip("'") for e in str(ctx["expected"]).replace(" or ", ",").split(",")])
            if isinstance(value, str) else "")
    if kind == "value_error":
        return loc, str(ctx.get("error", error["msg"]))
    if kind == "string_pattern_mismatch":
        return loc, f"{_shown(value)} has the wrong form (expected pattern {ctx['pattern']})"
    if kind == "dict_type" and isinstance(value, str):
        return loc, f"{_shown(value)} is text; expected a mapping (key: value lines, indented below)"
    if kind in _TYPE_NAMES:
        return loc, f"expected {_TYPE_NAMES[kind]}, got {_shown(value)}"
    return loc, f"{error['msg'][0].lower()}{error['msg'][1:]} (got {_shown(value)})"


def _dotted(loc: tuple) -> str:
    out = ""
    for key in loc:
        out += f"[{key}]" if isinstance(key, int) else (f".{key}" if out else str(key))
    return out


def validate(model: type[BaseModel], data, *, drop_tags: bool = True) -> BaseModel:
    """Validate `data` (as loaded by yamlfile) into `model`; raise ContentError listing every problem."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = []
        seen = set()
        for error in exc.errors(include_url=False):
            loc, message = _friendly(error, model)
            # The discriminator tag pydantic puts in the path ("sections.3.directory.x") is not a key.
            tags = _follow(model, loc)[1] if drop_tags else set()
            data_loc = tuple(k for i, k in enumerate(loc) if i not in tags)
            source, line, col = locate(data, data_loc)
            path = user_path(data, data_loc)
            key = (source, line, path, message)
            if key not in seen:
                seen.add(key)
                problems.append(Problem(source, line, col, path, message))
        raise ContentError(problems) from None
