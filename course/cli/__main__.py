"""``python -m course.cli``: the ``pm-course`` command (as ``python -m course``)."""

import sys

from course.cli import main

sys.exit(main())
