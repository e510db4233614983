"""Parsing YAML text into located values (yamlfile.load_yaml reads the file, this parses it).

Its own module so that PyYAML is imported only where a file is read: a build's main process holds
content read and validated in another process (build.load) and never parses YAML itself.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

import yaml

from ..errors import ContentError, Problem
from .yamlfile import MAX_ALIASES, MAX_DEPTH, MAX_VALUES, LDict, LList, dotted, refused_character


_UNORDERED = {
    "tag:yaml.org,2002:set": "!!set is an unordered set, so the order would change from run to run; write a "
                             "list instead: [a, b]",
    "tag:yaml.org,2002:omap": "!!omap is not used in content; write a plain mapping or a list",
    "tag:yaml.org,2002:pairs": "!!pairs is not used in content; write a plain mapping or a list",
    "tag:yaml.org,2002:binary": "!!binary data is not used in content; write text",
}


class _Positions:
    """Construction that records positions and refuses duplicate keys (shared by both parsers)."""

    def _setup(self, source: str) -> None:
        self.source = source
        self.aliases = 0
        self.depth = 0
        self.keys: list[object] = []          # where construction is, for duplicate-key messages
        self.problems: list[Problem] = []


class _Loader(_Positions, yaml.SafeLoader):
    """Pure-Python SafeLoader that also caps aliases and nesting while it composes."""

    def __init__(self, stream: str, source: str) -> None:
        yaml.SafeLoader.__init__(self, stream)
        self._setup(source)

    def compose_node(self, parent: yaml.Node | None, index: object) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            self.aliases += 1
            if self.aliases > MAX_ALIASES:
                mark = self.peek_event().start_mark
                raise _Refused(mark, f"more than {MAX_ALIASES} aliases (*name); refusing a file that "
                                     "expands itself")
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise _Refused(self.peek_event().start_mark,
                           f"nested more than {MAX_DEPTH} levels deep; content is never this deep")
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1

    def _where(self) -> str:
        return dotted(self.keys)

    def _problem(self, node: yaml.Node, message: str) -> None:
        """A problem with the value at `node`, at its line and column, under the path being read."""
        self.problems.append(Problem(self.source, node.start_mark.line + 1, node.start_mark.column + 1,
                                     self._where(), message))

    def construct_mapping(self, node: yaml.Node, deep: bool = False) -> dict[Any, Any]:
        if not isinstance(node, yaml.MappingNode):
            other: dict[Any, Any] = super().construct_mapping(node, deep)     # raises: not a mapping
            return other
        explicit = sum(1 for k, _ in node.value if k.tag != "tag:yaml.org,2002:merge")
        self.flatten_mapping(node)
        merged = len(node.value) - explicit       # `<<: *base` entries come first; explicit keys override them
        from_merge: set[object] = set()
        result = LDict()
        result.source, result.where = self.source, {}
        result.start = (node.start_mark.line + 1, node.start_mark.column + 1)
        for n, (key_node, value_node) in enumerate(node.value):
            key = self.construct_object(key_node, deep=True)
            line, col = key_node.start_mark.line + 1, key_node.start_mark.column + 1
            if not isinstance(key, (str, int, float, bool)) or key is None:
                self.keys.append(str(key) if isinstance(key, (str, int)) else "?")
                self.problems.append(Problem(self.source, line, col, self._where(),
                                             "a key must be plain text (a word before the colon)"))
                self.keys.pop()
                continue
            if key in result and key not in from_merge:
                first = result.where[key]
                self.keys.append(key)
                self.problems.append(Problem(
                    self.source, line, col, self._where(),
                    f'duplicate key "{key}" (first given on line {first[0]}); keep only one'))
                self.keys.pop()
                continue
            from_merge.discard(key)
            if n < merged:
                from_merge.add(key)
            self.keys.append(key)
            try:
                result[key] = self.construct_object(value_node, deep=True)
            finally:
                self.keys.pop()
            result.where[key] = (line, col, self.source)
        return result

    def construct_sequence(self, node: yaml.SequenceNode, deep: bool = False) -> LList:
        result = LList()
        for i, child in enumerate(node.value):
            self.keys.append(i)
            try:
                result.append(self.construct_object(child, deep=True))
            finally:
                self.keys.pop()
        result.source = self.source
        result.start = (node.start_mark.line + 1, node.start_mark.column + 1)
        result.where = {i: (c.start_mark.line + 1, c.start_mark.column + 1, self.source)
                        for i, c in enumerate(node.value)}
        return result

    def flatten_mapping(self, node: yaml.MappingNode) -> None:
        """`<<: *name` merges a mapping (or a list of mappings) into this one; anything else is reported
        at the `<<` that asks for it (the anchor it names may be far away and is not itself wrong)."""
        for key_node, value_node in list(node.value):
            if key_node.tag != "tag:yaml.org,2002:merge":
                continue
            items = value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
            if isinstance(value_node, yaml.MappingNode) or all(isinstance(v, yaml.MappingNode) for v in items):
                continue
            found = "a list" if isinstance(value_node, yaml.SequenceNode) else "a single value"
            line = value_node.start_mark.line + 1
            self.problems.append(Problem(
                self.source, key_node.start_mark.line + 1, key_node.start_mark.column + 1, self._where(),
                f"<< merges a mapping into this one, but what it names (line {line}) is {found}; point it at a "
                "mapping (&name key: value ...) or remove the << line"))
            node.value.remove((key_node, value_node))
        yaml.constructor.SafeConstructor.flatten_mapping(self, node)

    def construct_checked_str(self, node: yaml.ScalarNode) -> str:
        value: str = self.construct_scalar(node)
        # One spelling of every text: "é" typed as one character or as "e" and an accent (as some
        # editors and file systems write it) is the same name in a list, a mission and places.yaml.
        if not unicodedata.is_normalized("NFC", value):
            value = unicodedata.normalize("NFC", value)
        wrong = refused_character(value)
        if wrong:
            self._problem(node, wrong)
        return value

    def construct_checked_number(self, node: yaml.ScalarNode) -> object:
        """An int or float as written in decimal: YAML 1.1 reads 010 as 8 (octal) and 1:20 as 80
        (base 60), which no one writing a figure means; such a number is refused where written."""
        text = str(node.value).replace("_", "")
        if _OTHER_BASE.match(text):
            self._problem(node, f"{node.value}: a leading zero or a colon can make YAML read another number "
                                "than it shows (octal, base 60); write the number without them, or put it in "
                                "quotes if it is text")
            return 0
        try:
            if node.tag.endswith(":float"):
                return self.construct_yaml_float(node)
            return self.construct_yaml_int(node)
        except ValueError:          # !!int abc, !!float 1,5
            self._problem(node, f"{str(node.value)[:40]!r} is not a number")
            return 0

    def construct_refused(self, node: yaml.Node) -> None:
        self._problem(node, _UNORDERED[node.tag])
        return None


# Numbers YAML 1.1 reads in another base: a leading zero (octal, not 0 or 0.5 or 0o17) or a colon.
_OTHER_BASE = re.compile(r"^[-+]?(?:0[0-9]+|[0-9]+(?::[0-5]?[0-9])+)(?:\.[0-9]*)?$")


def _add_constructors(loader: type[yaml.constructor.SafeConstructor]) -> None:
    """The constructors both loaders use: positions kept on mappings and lists, every string checked,
    timestamps left as strings (dates in content are validated by the models, not guessed by YAML),
    unordered types refused."""
    loader.add_constructor("tag:yaml.org,2002:map", lambda ld, node: ld.construct_mapping(node))
    loader.add_constructor("tag:yaml.org,2002:seq", lambda ld, node: ld.construct_sequence(node))
    for tag in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:str"):
        loader.add_constructor(tag, lambda ld, node: ld.construct_checked_str(node))
    for tag in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float"):
        loader.add_constructor(tag, lambda ld, node: ld.construct_checked_number(node))
    for tag in _UNORDERED:
        loader.add_constructor(tag, lambda ld, node: ld.construct_refused(node))


_add_constructors(_Loader)


if getattr(yaml, "__with_libyaml__", False):
    class _FastLoader(yaml.CSafeLoader):
        """libyaml parses and composes (about 15x faster); the graph is then checked as a whole
        (aliases, depth, expanded size) before anything is constructed."""

        def __init__(self, stream: str, source: str) -> None:
            yaml.CSafeLoader.__init__(self, stream)
            _Positions._setup(self, source)

        _where = _Loader._where
        _problem = _Loader._problem
        construct_mapping = _Loader.construct_mapping
        construct_sequence = _Loader.construct_sequence
        flatten_mapping = _Loader.flatten_mapping
        construct_checked_str = _Loader.construct_checked_str
        construct_checked_number = _Loader.construct_checked_number
        construct_refused = _Loader.construct_refused

    _add_constructors(_FastLoader)
    _LOADER: type[_Loader] | type[_FastLoader] = _FastLoader
else:  # pragma: no cover - PyYAML wheels ship libyaml
    _LOADER = _Loader


def _values(root: yaml.Node) -> int:
    """How many values the document holds, checked in one walk of the composed graph: nesting depth
    and alias count (what the pure-Python composer checks on the fly; iteratively, so a deep file
    cannot exhaust the stack). A document with an alias of a mapping or a list is measured as if
    expanded (_expanded_size); an alias of a single value adds one."""
    seen: set[int] = set()
    aliases = count = 0
    nested = False          # whether an alias names a mapping or a list (else each adds one value)
    stack = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise _Refused(node.start_mark, f"nested more than {MAX_DEPTH} levels deep; content is never this deep")
        if id(node) in seen:
            aliases += 1
            nested = nested or not isinstance(node, yaml.ScalarNode)
            if aliases > MAX_ALIASES:
                raise _Refused(node.start_mark, f"more than {MAX_ALIASES} aliases (*name); refusing a file that "
                                                "expands itself")
            continue
        seen.add(id(node))
        count += 1
        if isinstance(node, yaml.MappingNode):
            stack.extend((n, depth + 1) for pair in node.value for n in pair)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((n, depth + 1) for n in node.value)
    return _expanded_size(root) if nested else count + aliases


class _Refused(Exception):
    def __init__(self, mark: yaml.Mark | _Mark, message: str) -> None:
        super().__init__(message)
        self.mark, self.message = mark, message


def _expanded_size(root: yaml.Node) -> int:
    """How many values the document holds once every alias is expanded (shared nodes counted per use).

    Iterative and memoised: a "billion laughs" file is measured in microseconds, never expanded."""
    sizes: dict[int, int] = {}
    visiting: set[int] = set()
    stack = [(root, False)]
    while stack:
        node, done = stack.pop()
        if id(node) in sizes:
            continue
        children = []
        if isinstance(node, yaml.MappingNode):
            children = [n for pair in node.value for n in pair]
        elif isinstance(node, yaml.SequenceNode):
            children = list(node.value)
        if done or not children:
            sizes[id(node)] = min(1 + sum(sizes.get(id(c), 1) for c in children), 1 << 62)
            visiting.discard(id(node))
            continue
        if id(node) in visiting:
            raise _Refused(node.start_mark, "a value contains itself (through an alias *name)")
        visiting.add(id(node))
        stack.append((node, True))
        stack.extend((c, False) for c in children if id(c) not in sizes)
    return sizes[id(root)]




def parse(text: str, name: str) -> object:
    """The YAML document `text` (of the file `name`) as LDict/LList values, None for an empty one;
    ContentError with every problem found."""
    loader = _LOADER(text, name)
    try:
        node = loader.get_single_node()
        if node is not None:
            size = _values(node)
            if size > MAX_VALUES:
                raise _Refused(node.start_mark, f"expands to {size:,} values (through aliases *name); "
                                                f"the limit is {MAX_VALUES:,}")
        data = loader.construct_document(node) if node is not None else None
    except _Refused as exc:
        raise ContentError([Problem(name, exc.mark.line + 1, exc.mark.column + 1, "",
                                    f"YAML refused: {exc.message}")]) from None
    except yaml.MarkedYAMLError as exc:
        if "maximum nesting depth" in str(exc.problem):  # libyaml's own guard, worded like ours
            mark = exc.problem_mark
            raise ContentError([Problem(name, mark.line + 1, mark.column + 1, "", "YAML refused: nested more "
                                        f"than {MAX_DEPTH} levels deep; content is never this deep")]) from None
        raise ContentError([_syntax_problem(name, text, exc)]) from None
    except yaml.reader.ReaderError as exc:
        # a character YAML itself does not accept in a file (a raw control character)
        before = text[:max(exc.position, 0)]
        line, col = before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1
        code = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "\0")
        raise ContentError([Problem(name, line, col, "", f"holds a control character (U+{code:04X}), which a "
                                                         "text file cannot contain; remove it")]) from None
    except yaml.YAMLError as exc:
        raise ContentError([Problem(name, None, None, "", f"YAML: {exc}")]) from None
    finally:
        loader.dispose()
    if loader.problems:
        raise ContentError(loader.problems)
    return data


def _syntax_problem(name: str, text: str, exc: yaml.MarkedYAMLError) -> Problem:
    """A YAML syntax error as one line saying what is wrong and what to do."""
    mark = exc.problem_mark or exc.context_mark
    message = exc.problem or str(exc)
    hint = ""
    context = exc.context or ""
    if "quoted scalar" in context and exc.context_mark is not None and "end of stream" in message:
        # point at the opening quote, not at the end of the file
        mark = exc.context_mark
        message = "this quoted text is never closed"
        hint = "add the closing quote"
        context = ""
    elif context.startswith("while parsing a flow") and exc.context_mark is not None and \
            exc.context_mark.line != (mark.line if mark else -1):
        bracket = "{ ... }" if "mapping" in context else "[ ... ]"
        message = (f"the {bracket} opened here is not closed (line {mark.line + 1} {message.split(', but ')[-1]})"
                   if mark else f"the {bracket} opened here is not closed")
        mark = exc.context_mark
        hint = f"close it with {bracket[-1]} on the same line, or separate items with commas"
        context = ""
    elif mark is not None and (opened := _open_quote_before(text, mark.line, mark.column)) is not None:
        message = (f"the quoted text that starts here runs on to line {mark.line + 1}: its closing quote "
                   "is missing")
        mark = opened
        hint = "add the closing quote, write '' for an apostrophe inside '...' quotes, or leave the quotes off"
        context = ""
    elif "\t" in text and ("tab" in message or "found character" in message):
        hint = "tabs are not allowed for indentation; use spaces"
    elif "mapping values are not allowed" in message:
        hint = ("check the indentation of this line (keys of one mapping start in the same column), "
                'or put text that contains ": " in quotes')
    elif "expected <block end>" in message or "did not find expected key" in message or \
            "expected '-' indicator" in message:
        line = text.splitlines()[mark.line] if mark and mark.line < len(text.splitlines()) else ""
        if "'" in line or '"' in line:
            hint = ("check the quotes on this line: text in quotes must end with the same quote mark; "
                    "write '' for an apostrophe inside '...' quotes, or leave the quotes off")
        else:
            hint = "check the indentation: keys of one mapping start in the same column"
    elif "could not find expected ':'" in message:
        hint = "a key needs a colon and a space after it (key: value)"
    if context:
        message = f"{context}, {message}"
    if hint:
        message += f"; {hint}"
    line = mark.line + 1 if mark else None
    col = mark.column + 1 if mark else None
    path = _path_near(text, mark.line, mark.column) if mark else ""
    return Problem(name, line, col, path, f"YAML syntax: {message}")


_KEY = re.compile(r"""^(- +)*("[^"]*"|'[^']*'|[^\s:#'"\[{][^:#]*?)\s*:(\s|$)""")


class _Mark:
    def __init__(self, line: int, column: int) -> None:
        self.line, self.column = line, column


def _open_quote_before(text: str, line: int, column: int) -> _Mark | None:
    """Where a quoted value that was never closed on its own line starts, if the error is where it ends.

    A quote left open runs on (quoted text may span lines) to the next quote mark further down, and
    the parser complains there; the mistake is on the line where the quote was opened."""
    lines = text.splitlines()
    if line >= len(lines) or line == 0:
        return None
    value = re.compile(r"""^\s*(?:- +)*(?:[^\s:#'"][^:#]*?\s*:\s+|- +)(['"])(.*)$""")
    for start in range(line - 1, max(-1, line - 200), -1):
        found = value.match(lines[start])
        if not found:
            continue
        quote, rest = found.group(1), found.group(2)
        body = rest.replace(quote * 2, "") if quote == "'" else re.sub(r'\\.', "", rest)
        if quote in body:
            return None     # the nearest quoted value above is closed on its own line
        closing = lines[line][:column]
        if quote in (closing.replace(quote * 2, "") if quote == "'" else closing):
            return _Mark(start, found.start(1))
        return None
    return None


def _path_near(text: str, line: int, column: int) -> str:
    """Best guess at the field a broken line belongs to, from the indentation of the lines above it.

    Only a hint for syntax errors (the file could not be parsed); e.g. "sections[2].items"."""
    lines = text.splitlines()
    if line >= len(lines):
        line = len(lines) - 1
    while line >= 0 and not lines[line].strip():
        line -= 1
    if line < 0:
        return ""
    target = len(lines[line]) - len(lines[line].lstrip(" \t"))
    parts: list[str] = []
    own = _KEY.match(lines[line].lstrip(" \t"))
    if own and lines[line].lstrip(" \t").startswith("-"):
        own = None
    if own:
        parts.append("." + own.group(2).strip("'\""))
    i = line - 1
    first = True
    while i >= 0 and target > 0:
        raw = lines[i]
        body = raw.lstrip(" ")
        indent = len(raw) - len(body)
        i -= 1
        if not body or body.startswith("#") or indent >= target or raw.startswith("\t"):
            continue
        if body.startswith("- ") or body == "-":
            dash = indent
            inner = len(body) - len(body[1:].lstrip(" "))    # where the item's own keys start
            key = _KEY.match(body)
            if key and target > indent + inner:
                rest = body[key.end():].strip()
                if first and own and rest and rest[0] not in "#&|>!":
                    parts.pop(0)    # the line above holds a value: the broken line continues it
                parts.append("." + key.group(2).strip("'\""))
            parts.append(f"[{_item_index(lines, i + 1, dash)}]")
            target = indent
            first = False
        else:
            key = _KEY.match(body)
            if key is None:
                continue
            if first and own and body[key.end():].strip() and body[key.end():].strip()[0] not in "#&|>!":
                parts.pop(0)        # the line above holds a value: the broken line continues it
            parts.append("." + key.group(2).strip("'\""))
            target = indent
        first = False
    out = "".join(reversed(parts))
    return out[1:] if out.startswith(".") else out


def _item_index(lines: list[str], at: int, dash: int) -> int:
    """The position of the list item starting on line `at` among its siblings at indentation `dash`."""
    index = 0
    for raw in reversed(lines[:at]):
        body = raw.lstrip(" ")
        indent = len(raw) - len(body)
        if not body or body.startswith("#"):
            continue
        if indent < dash or (indent == dash and not body.startswith("-")):
            break
        if indent == dash:
            index += 1
    return index
