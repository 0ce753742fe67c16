"""The tag scheme (docs/maintainers.md): a release tag is ``v`` + ``course.__version__``.

CI runs this on every push; on a tag (``GITHUB_REF_TYPE=tag``, or a ``v*`` tag on the
checked-out commit) the tag must name the version the package says it is, so that
``pip install "pm-course @ git+...@vX.Y.Z"`` installs X.Y.Z.
"""

import os
import re
import subprocess
from pathlib import Path

from course.core.version import __version__

REPO = Path(__file__).resolve().parents[1]
SCHEME = re.compile(r"^v(\d+)\.(\d+)\.(\d+)$")


def tags_here() -> list[str]:
    if os.environ.get("GITHUB_REF_TYPE") == "tag":
        return [os.environ["GITHUB_REF_NAME"]]
    done = subprocess.run(
        ["git", "-C", str(REPO), "tag", "--points-at", "HEAD"], capture_output=True, text=True
    )
    return [t for t in done.stdout.split() if t.startswith("v")]


def test_the_version_fits_the_tag_scheme():
    assert SCHEME.match(f"v{__version__}"), f"{__version__!r} is not MAJOR.MINOR.PATCH"


def test_a_release_tag_on_this_commit_names_this_version():
    wrong = [tag for tag in tags_here() if tag != f"v{__version__}"]
    assert wrong == [], (
        f"tags {wrong} are on a commit whose course.__version__ is {__version__}: set "
        f"course/core/version.py to the tag's version (and pyproject) or move the tag"
    )
