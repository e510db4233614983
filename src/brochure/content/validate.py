"""Turn loaded YAML into typed models, reporting every problem with file, line and field path."""

from __future__ import annotations

import types
import typing

from pydantic import BaseModel, ValidationError

from ..errors import ContentError, Problem, did_you_mean
from .yamlfile import locate


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


def _model_at(model: type[BaseModel], loc: tuple):
    """The model class that owns the last element of a pydantic error location, if we can tell."""
    current = model
    for key in loc:
        current = _unwrap(current)
        origin = typing.get_origin(current)
        if isinstance(current, type) and issubclass(current, BaseModel):
            field = current.model_fields.get(key) if isinstance(key, str) else None
            if field is None:
                return current
            current = field.annotation
        elif origin in (list, tuple):
            current = typing.get_args(current)[0]
        elif origin is dict:
            current = typing.get_args(current)[1]
        elif origin in (typing.Union, types.UnionType):
            for arg in typing.get_args(current):
                arg = _unwrap(arg)
                if isinstance(arg, type) and issubclass(arg, BaseModel):
                    kind = arg.model_fields.get("kind")
                    if kind is not None and key in typing.get_args(kind.annotation):
                        current = arg
                        break
            else:
                return None
        else:
            return None
    current = _unwrap(current)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _friendly(error: dict, model: type[BaseModel]) -> tuple[tuple, str]:
    loc = tuple(error["loc"])
    kind = error["type"]
    value = error.get("input")
    if kind == "extra_forbidden":
        owner = _model_at(model, loc[:-1])
        allowed = sorted(owner.model_fields) if owner else []
        hint = did_you_mean(loc[-1], allowed)
        expected = f"; expected one of: {', '.join(allowed)}" if allowed and not hint else ""
        return loc, f'unknown key "{loc[-1]}"{hint}{expected}'
    if kind == "missing":
        return loc, "required field is missing"
    if kind == "union_tag_invalid":
        ctx = error.get("ctx", {})
        tags = [t.strip().strip("'") for t in str(ctx.get("expected_tags", "")).split(",")]
        return loc, f'unknown section kind "{ctx.get("tag")}"{did_you_mean(ctx.get("tag"), tags)}; expected one of: {", ".join(tags)}'
    if kind == "union_tag_not_found":
        return loc, 'missing "kind" (the section type, e.g. kind: directory)'
    if kind in ("too_short",) and isinstance(value, (list, dict)):
        return loc, f"needs at least {error['ctx']['min_length']} item(s), got {len(value)}"
    if kind in ("too_long",) and isinstance(value, (list, dict)):
        return loc, f"has {len(value)} items; at most {error['ctx']['max_length']} allowed"
    if kind == "literal_error":
        return loc, f"{value!r} is not allowed; expected {error['ctx']['expected']}"
    if kind == "value_error":
        return loc, str(error["ctx"]["error"])
    if kind == "string_pattern_mismatch":
        return loc, f"{value!r} has the wrong form (expected pattern {error['ctx']['pattern']})"
    shown = value if not isinstance(value, (dict, list)) else type(value).__name__
    return loc, f"{error['msg'][0].lower()}{error['msg'][1:]} (got {shown!r})"


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
            data_loc = tuple(k for k in loc if not (drop_tags and _is_tag(model, loc, k)))
            source, line, col = locate(data, data_loc)
            key = (source, line, _dotted(data_loc), message)
            if key not in seen:
                seen.add(key)
                problems.append(Problem(source, line, col, _dotted(data_loc), message))
        raise ContentError(problems) from None


def _is_tag(model, loc, key) -> bool:
    index = loc.index(key)
    if index == 0 or not isinstance(key, str):
        return False
    owner = _model_at(model, loc[:index])
    return owner is None and _model_at(model, loc[: index + 1]) is not None
