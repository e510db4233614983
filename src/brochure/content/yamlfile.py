"""Safe YAML loading that remembers where every value came from (file, line, column).

Plain data only (no object construction), duplicate keys refused, alias expansion bounded so a
"billion laughs" file is rejected at once, and files above a size limit refused before parsing.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from ..errors import ContentError, Problem

MAX_FILE_BYTES = 2_000_000
MAX_ALIASES = 100


class Located:
    """Mixin giving dicts and lists a `where` map: key/index -> (line, column, file), 1-based.

    The file is kept per key because a mission overlay merges values from several files."""

    source: str = ""
    start: tuple[int, int] = (0, 0)
    where: dict


class LDict(dict, Located):
    pass


class LList(list, Located):
    pass


class _Loader(yaml.SafeLoader):
    """SafeLoader that records positions, refuses duplicate keys and caps aliases."""

    def __init__(self, stream, source: str):
        super().__init__(stream)
        self.source = source
        self.aliases = 0
        self.problems: list[Problem] = []

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            self.aliases += 1
            if self.aliases > MAX_ALIASES:
                mark = self.peek_event().start_mark
                raise yaml.YAMLError(
                    f"line {mark.line + 1}: more than {MAX_ALIASES} aliases (*name); "
                    "refusing a file that expands itself"
                )
        return super().compose_node(parent, index)

    def construct_mapping(self, node, deep=False):
        if not isinstance(node, yaml.MappingNode):
            return super().construct_mapping(node, deep)
        self.flatten_mapping(node)
        result = LDict()
        result.source, result.where = self.source, {}
        result.start = (node.start_mark.line + 1, node.start_mark.column + 1)
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, (str, int, float, bool)) or key is None:
                self.problems.append(Problem(self.source, key_node.start_mark.line + 1,
                                             key_node.start_mark.column + 1, "", "a key must be plain text"))
                continue
            if key in result:
                first = result.where[key]
                self.problems.append(Problem(
                    self.source, key_node.start_mark.line + 1, key_node.start_mark.column + 1, str(key),
                    f'duplicate key "{key}" (first given on line {first[0]}); keep one'))
                continue
            result[key] = self.construct_object(value_node, deep=True)
            result.where[key] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1, self.source)
        return result

    def construct_sequence(self, node, deep=False):
        result = LList(self.construct_object(child, deep=True) for child in node.value)
        result.source = self.source
        result.start = (node.start_mark.line + 1, node.start_mark.column + 1)
        result.where = {i: (c.start_mark.line + 1, c.start_mark.column + 1, self.source)
                        for i, c in enumerate(node.value)}
        return result


_Loader.add_constructor("tag:yaml.org,2002:map", lambda loader, node: loader.construct_mapping(node))
_Loader.add_constructor("tag:yaml.org,2002:seq", lambda loader, node: loader.construct_sequence(node))
# Timestamps stay strings: dates in content are validated by the models, not guessed by YAML.
_Loader.add_constructor("tag:yaml.org,2002:timestamp", yaml.SafeLoader.construct_yaml_str)


def display_path(path: Path, root: Path | None = None) -> str:
    try:
        return str(path.resolve().relative_to((root or Path.cwd()).resolve()))
    except ValueError:
        return str(path)


def load_yaml(path: Path, root: Path | None = None):
    """Load one YAML file into LDict/LList values; raise ContentError with every problem found."""
    name = display_path(path, root)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ContentError([Problem(name, None, None, "", f"file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}")])
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ContentError([Problem(name, None, None, "", f"not UTF-8 text ({exc.reason} at byte {exc.start})")]) from None
    except OSError as exc:
        raise ContentError([Problem(name, None, None, "", f"cannot read the file: {exc.strerror}")]) from None
    loader = _Loader(text, name)
    try:
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = exc.problem or str(exc)
        if "\t" in text and ("tab" in message or "found character" in message):
            message += " (tabs are not allowed for indentation; use spaces)"
        if exc.context:
            message = f"{exc.context}, {message}"
        line = mark.line + 1 if mark else None
        col = mark.column + 1 if mark else None
        raise ContentError([Problem(name, line, col, "", f"YAML syntax: {message}")]) from None
    except yaml.YAMLError as exc:
        raise ContentError([Problem(name, None, None, "", f"YAML: {exc}")]) from None
    finally:
        loader.dispose()
    if loader.problems:
        raise ContentError(loader.problems)
    if data is None:
        data = LDict()
        data.source, data.where, data.start = name, {}, (1, 1)
    return data


def locate(data, loc: tuple) -> tuple[str, int | None, int | None]:
    """Walk a pydantic error location through loaded data to the nearest known position."""
    node = data
    source = getattr(data, "source", "")
    line = col = None
    if isinstance(node, Located):
        line, col = node.start
    for key in loc:
        where = getattr(node, "where", None)
        if where is None:
            break
        if key in where:
            line, col, source = where[key]
            try:
                node = node[key]
            except (KeyError, IndexError, TypeError):
                break
            if isinstance(node, Located) and not node.where and node.start[0] is not None:
                # a value built by merging (a translated text): it knows where it was written
                line, col = node.start
                source = node.source or source
        else:
            # a discriminated-union tag or a missing field: stay at the enclosing node
            continue
    return source, line, col
