# SPDX-License-Identifier: GPL-3.0-or-later
"""Expat ceiling: the fastest a Python-level TMX reader could possibly go.

Usage: python bench/_expat_ceiling.py FILE.tmx[.gz]

Parses FILE with a bare ``xml.parsers.expat`` parser whose only handler
counts ``tu`` start tags, and prints ``{"units": N}`` as JSON on stdout.
bench_tmx.py runs it in its own process and times it; any real importer has
to do this much work and more, so its speed is an upper bound.
"""

import gzip
import json
import sys
import xml.parsers.expat


def count_units(path):
    """Return the number of <tu> elements in the TMX file at ``path``."""
    count = 0

    def start(name, _attrs):
        nonlocal count
        if name == "tu":
            count += 1

    parser = xml.parsers.expat.ParserCreate()
    parser.StartElementHandler = start
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "rb") as handle:
        parser.ParseFile(handle)
    return count


def main(argv):
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    print(json.dumps({"units": count_units(argv[0])}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
