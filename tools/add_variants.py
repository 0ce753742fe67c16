"""Append the [variants] blocks of a template file (``#@ id`` headers) to exercises/ID.toml.

A block replaces the file's [variants] table if it has one. Used once to write the
bank's templates; kept for authors who keep templates apart while drafting.
"""

import re
import sys
from pathlib import Path

BANK = Path(__file__).resolve().parent.parent / "exercises"

for source in sys.argv[1:]:
    text = Path(source).read_text(encoding="utf-8")
    for block in re.split(r"^#@ ", text, flags=re.M)[1:]:
        name, _, body = block.partition("\n")
        path = BANK / f"{name.strip()}.toml"
        old = path.read_text(encoding="utf-8")
        old = re.split(r"^\[variants[\].]", old, flags=re.M)[0].rstrip("\n")
        path.write_text(old + "\n\n" + body.strip("\n") + "\n", encoding="utf-8")
        print("wrote", path.name)
