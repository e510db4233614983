"""Small helpers several section layouts share."""

from __future__ import annotations


def chart_colours(ctx) -> dict[str, str]:
    return {role: ctx.hex(role) for role in ("bar", "bar-peer", "text", "rule", "muted")}
