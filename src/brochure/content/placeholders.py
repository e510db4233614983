"""Placeholders that must never reach a reader: starter values, example people, dummy numbers,
addresses at example and test domains.

`new-mission` writes the starter values below; the rest are the stand-ins people type while a fact
is not known yet. `find` lists each with its file and line; a build refuses them unless `--draft`.
"""

from __future__ import annotations

import re

from ..errors import Problem
from .yamlfile import locate, user_path

# What the `new-mission` starter file says until someone fills it in (missions_starter.py writes these).
STARTER_VALUES = {
    "event.name": "Name of the event or mission",
    "event.city": "City of the event",
    "event.dates": "Month and year",
    "event.audience": "Who you will meet there",
    "local.organisation": "Flanders Investment & Trade, office name",
    "local.person": "Name of the local contact",
    "local.role": "Role of the local contact",
    "local.phone": "+32 ...",
    "local.address": "City",
}

# Names that stand for "some person" in documentation and forms, in the languages the brochure speaks.
EXAMPLE_PEOPLE = re.compile(
    r"\b(Jane|John|Max|Erika|Mary|Joe) (Example|Doe|Bloggs|Mustermann|Musterfrau|Public)\b"
    r"|\b(Jan Janssens|Jean Dupont|Jan Jansen|Pietje Puk)\b"
    r"|山田\s*(花子|太郎)|(Lorem ipsum|dolor sit amet)|\(example\)|\bTODO\b|\bTBD\b|\bXXX+\b",
    re.IGNORECASE)


# Addresses no reader can reach: the domains reserved for documentation and tests (RFC 2606, RFC 6761),
# the ones people type while the real address is not known yet ("name@example.com", "www.example.org").
RESERVED_ADDRESS = re.compile(
    r"(?:@|\b(?:https?://|(?=www\.)))(?P<domain>(?:[a-z0-9-]+\.)*"
    r"(?:example\.(?:com|net|org)|[a-z0-9-]+\.(?:example|test|invalid|localhost)|example|test|invalid|localhost))"
    r"(?![a-z0-9.-]*[a-z0-9-])", re.IGNORECASE)


def _dummy_number(text: str) -> bool:
    """A telephone number made of zeros: a written group of four or more zeros ("0000"), or
    all-zero groups adding up to six zeros ("000 00 00")."""
    if not re.fullmatch(r"\+?[0-9 ()./-]{6,25}", text.strip()):
        return False
    groups = [g for g in re.split(r"[ ()./-]+", text.strip().lstrip("+")) if g]
    zeros = [g for g in groups if set(g) == {"0"}]
    return any(len(g) >= 4 for g in zeros) or sum(len(g) for g in zeros) >= 6


def _why(text: str) -> str | None:
    if text.strip() in STARTER_VALUES.values():
        return "is the starter file's placeholder"
    found = EXAMPLE_PEOPLE.search(text)
    if found:
        return f'contains the placeholder "{found.group(0)}"'
    if _dummy_number(text):
        return "is a dummy number"
    found = RESERVED_ADDRESS.search(text)
    if found:
        return (f'has an address in {found.group("domain")}, a domain reserved for examples and tests that no '
                "one can reach")
    return None


def find(data: object, draft: bool = False) -> list[Problem]:
    """Every placeholder in the merged content (base, translation, mission), where it was written."""
    hint = "" if draft else " (build with --draft to print a marked draft meanwhile)"
    problems: list[Problem] = []
    stack: list[tuple[object, tuple[object, ...]]] = [(data, ())]
    while stack:
        node, path = stack.pop()
        if isinstance(node, dict):
            stack.extend((value, path + (key,)) for key, value in reversed(list(node.items())))
        elif isinstance(node, list):
            stack.extend((value, path + (i,)) for i, value in reversed(list(enumerate(node))))
        elif isinstance(node, str) and (why := _why(node)):
            source, line, col = locate(data, path)
            problems.append(Problem(source, line, col, user_path(data, path),
                                    f"{node!r} {why}; write the real value, or leave the field out{hint}"))
    return problems
