"""`python -m brochure`: the same entry point as the installed `brochure` command."""

from .cli import entry

if __name__ == "__main__":      # imported (by a tool that inspects the package), it runs nothing
    entry()
