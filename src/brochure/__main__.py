"""`python -m brochure`"""

import gc
import os
import sys

# Start-up (imports, content models, fonts) allocates only what lives until the process ends, so the
# cyclic collector would scan it again and again for nothing: it stays off until build() sets those
# objects aside with gc.freeze() and turns it back on for the layout (cli.main does so for the
# other commands that create garbage; `check` does not).
gc.disable()
# The content models use no pydantic plugins; looking for them scans every installed package.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

from .cli import main  # noqa: E402
from .trace import stage  # noqa: E402

stage("started")
code = main()
# Every command has closed its files by now. Tearing down the interpreter (freeing fonts, content
# models and layout objects one by one) would add a tenth of a second to each run for nothing.
try:
    sys.stdout.flush()
    sys.stderr.flush()
except (OSError, ValueError):  # a closed pipe: nothing left to say
    pass
stage("exit")
os._exit(code)
