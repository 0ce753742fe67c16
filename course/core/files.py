"""Writing a file whole: a new file beside the target, then renamed over it.

Every file pm-course writes for a learner or an instructor goes through
:func:`write_atomic`, so a crash or a kill mid-write leaves the old file or the
new one, never half of one, and a symbolic link planted at the target's name is
replaced, never written through. Files are owner-only unless a mode is given.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomic(path: str | os.PathLike, data: bytes | str, mode: int = 0o600) -> Path:
    """Write ``data`` (text as UTF-8) to ``path``, replacing it whole; returns the path.

    The temporary file is made by :func:`tempfile.mkstemp` in the target's folder
    (a new name, ``O_EXCL``: it cannot be a link someone planted), given ``mode``,
    flushed to disk, then renamed over ``path``: :func:`os.replace` replaces a link
    at ``path`` itself rather than the file it points to.

    >>> import tempfile, os
    >>> folder = tempfile.mkdtemp()
    >>> page = write_atomic(os.path.join(folder, "page.html"), "<p>hi</p>")
    >>> page.read_text(), oct(page.stat().st_mode & 0o777)
    ('<p>hi</p>', '0o600')
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    body = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as file:
            os.fchmod(file.fileno(), mode)
            file.write(body)
            file.flush()
            os.fsync(file.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
