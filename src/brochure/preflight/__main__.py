"""`python -m brochure.preflight FILE.pdf [--profile print|screen]`"""

import sys

from . import main

sys.exit(main())
