"""`python -m brochure`: the same entry point as the installed `brochure` command."""

from .cli import entry

entry()
