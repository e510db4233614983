"""Turn loaded YAML into typed models, reporting every problem with file, line and field path."""

from __future__ import annotations

import types
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo

from ..errors import ContentError, Problem, did_you_mean
from .yamlfile import locate, user_path


_M = TypeVar("_M", bound=BaseModel)
Loc = tuple[str | int, ...]         # a pydantic error location: field names and list indexes


def _unwrap(annotation: object) -> object:
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


def _tagged_member(union: object, key: object) -> type[BaseModel] | None:
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


def _follow(model: object, loc: Loc) -> tuple[object, set[int]]:
    """Walk a pydantic error location through the type annotations.

    Returns (the type at the end or None when the walk got lost, the indexes in `loc` that are
    discriminator tags pydantic inserted: "sections.3.directory.entries" has no key "directory")."""
    current: object = model
    tags: set[int] = set()
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


def _model_at(model: type[BaseModel], loc: Loc) -> type[BaseModel] | None:
    """The model class found at a pydantic error location, if we can tell."""
    current, _ = _follow(model, loc)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _field_at(model: type[BaseModel], loc: Loc) -> FieldInfo | None:
    """The pydantic FieldInfo of the last element of `loc` (or of the list holding it)."""
    for end in range(len(loc), 0, -1):
        key = loc[end - 1]
        if isinstance(key, str):
            owner = _model_at(model, loc[: end - 1])
            if owner is not None:
                return owner.model_fields.get(key)
            return None
    return None


def _bounds(field: FieldInfo | None) -> tuple[object, object]:
    """The lower and upper bound (ge, le) a field declares, None where it declares none."""
    low = high = None
    for item in getattr(field, "metadata", []) if field else []:
        low = getattr(item, "ge", None) if getattr(item, "ge", None) is not None else low
        high = getattr(item, "le", None) if getattr(item, "le", None) is not None else high
    return low, high


def _num(value: object) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def _shown(value: object) -> str:
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


@dataclass(frozen=True)
class _Error:
    """One pydantic error, with the model it was raised against."""

    loc: Loc
    kind: str
    value: Any
    ctx: dict[str, Any]
    msg: str
    model: type[BaseModel]


def _friendly(error: Mapping[str, Any], model: type[BaseModel]) -> tuple[Loc, str]:
    """The error's location and a message that says what to write instead."""
    loc = tuple(error["loc"])
    err = _Error(loc, error["type"], error.get("input"), error.get("ctx") or {}, error["msg"], model)
    message = _input_message(err)
    if message is None:
        handler = _MESSAGES.get(err.kind)
        message = handler(err) if handler is not None else None
    if message is None and err.kind in _TYPE_NAMES:
        message = f"expected {_TYPE_NAMES[err.kind]}, got {_shown(err.value)}"
    if message is None:
        message = f"{err.msg[0].lower()}{err.msg[1:]} (got {_shown(err.value)})"
    return loc, message


def _input_message(err: _Error) -> str | None:
    """Messages that depend on what was written more than on the kind of error."""
    translated_from = getattr(err.value, "translated_from", None)
    if isinstance(err.value, dict) and translated_from and err.kind != "value_error":
        # a translation file gave wording for a field that is not text (a name, a code, a number)
        return f"is the same in every language and cannot be translated; remove it from {translated_from}"
    if isinstance(err.value, bool) and err.kind in ("int_type", "float_type", "int_parsing", "float_parsing"):
        return (f"expected {_TYPE_NAMES[err.kind]}, got {str(err.value).lower()} (YAML reads yes, no, on, off, true "
                "and false as a yes/no value); write the number")
    return None


def _bool_type(err: _Error) -> str:
    return f"expected true or false, got {_shown(err.value)}"


def _extra_forbidden(err: _Error) -> str:
    owner = _model_at(err.model, err.loc[:-1])
    allowed = sorted(owner.model_fields) if owner else []
    hint = did_you_mean(str(err.loc[-1]), allowed)
    expected = f"; expected one of: {', '.join(allowed)}" if allowed and not hint else ""
    return f'unknown key "{err.loc[-1]}"{hint}{expected}'


def _missing(err: _Error) -> str:
    name = err.loc[-1] if err.loc and isinstance(err.loc[-1], str) else "this field"
    return f'required field "{name}" is missing; add it'


def _union_tag_invalid(err: _Error) -> str:
    tags = [t.strip().strip("'") for t in str(err.ctx.get("expected_tags", "")).split(",")]
    tag = err.ctx.get("tag")
    return f'unknown section kind "{tag}"{did_you_mean(str(tag), tags)}; expected one of: {", ".join(tags)}'


def _union_tag_not_found(err: _Error) -> str:
    return 'missing "kind" (the section type, e.g. kind: directory)'


def _too_short(err: _Error) -> str | None:
    if not isinstance(err.value, (list, dict)):
        return None
    need = err.ctx.get("min_length", 1)
    if not err.value:
        return f"is empty; at least {need} item{'s' if need != 1 else ''} needed"
    return f"has {len(err.value)} item(s); at least {need} needed"


def _too_long(err: _Error) -> str | None:
    if not isinstance(err.value, (list, dict)):
        return None
    return f"has {len(err.value)} items; at most {err.ctx['max_length']} allowed"


def _string_too_short(err: _Error) -> str:
    return "is empty; write some text"


def _string_too_long(err: _Error) -> str:
    return f"is {len(str(err.value))} characters long; at most {err.ctx['max_length']} allowed"


def _out_of_range(err: _Error) -> str:
    low, high = _bounds(_field_at(err.model, err.loc))
    kind, ctx = err.kind, err.ctx
    if low is not None and high is not None:
        expected = f"a number from {_num(low)} to {_num(high)}"
    elif kind in ("greater_than_equal", "greater_than"):
        expected = f"{'at least' if kind.endswith('equal') else 'more than'} {_num(ctx.get('ge', ctx.get('gt')))}"
    else:
        expected = f"{'at most' if kind.endswith('equal') else 'less than'} {_num(ctx.get('le', ctx.get('lt')))}"
    return f"{_num(err.value)} is out of range; expected {expected}"


def _finite_number(err: _Error) -> str:
    return f"expected an ordinary number, got {_shown(err.value)}"


def _literal_error(err: _Error) -> str:
    expected = err.ctx["expected"]
    hint = ""
    if isinstance(err.value, str):
        hint = did_you_mean(err.value, [e.strip().strip("'") for e in str(expected).replace(" or ", ",").split(",")])
    return f"{_shown(err.value)} is not allowed; expected {expected}{hint}"


def _value_error(err: _Error) -> str:
    return str(err.ctx.get("error", err.msg))


def _pattern_mismatch(err: _Error) -> str:
    return f"{_shown(err.value)} has the wrong form (expected pattern {err.ctx['pattern']})"


def _dict_type(err: _Error) -> str | None:
    if not isinstance(err.value, str):
        return None
    return f"{_shown(err.value)} is text; expected a mapping (key: value lines, indented below)"


# The message for each kind of pydantic error (None: the general message for its type, below).
_MESSAGES: dict[str, Callable[[_Error], str | None]] = {
    "bool_type": _bool_type,
    "extra_forbidden": _extra_forbidden,
    "missing": _missing,
    "union_tag_invalid": _union_tag_invalid,
    "union_tag_not_found": _union_tag_not_found,
    "too_short": _too_short,
    "too_long": _too_long,
    "string_too_short": _string_too_short,
    "string_too_long": _string_too_long,
    "greater_than_equal": _out_of_range,
    "less_than_equal": _out_of_range,
    "greater_than": _out_of_range,
    "less_than": _out_of_range,
    "finite_number": _finite_number,
    "literal_error": _literal_error,
    "value_error": _value_error,
    "string_pattern_mismatch": _pattern_mismatch,
    "dict_type": _dict_type,
}


def validate(model: type[_M], data: object, *, drop_tags: bool = True) -> _M:
    """Validate `data` (as loaded by yamlfile) into `model`; raise ContentError listing every problem."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems: list[Problem] = []
        seen: set[tuple[str, int | None, str, str]] = set()
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
