# SPDX-License-Identifier: GPL-3.0-or-later
"""Peer import: translate-toolkit TMX parsing plus a sqlite-utils insert.

Usage: python bench/_peer_import.py FILE.tmx DB.sqlite

This is what a user without tmkit would write: load the file with
``translate.storage.tmx.tmxfile``, then insert every unit's tuid, source and
target into a fresh ``units`` table with ``sqlite_utils``' ``insert_all``.
Prints ``{"units": N}`` (rows in the table afterwards) as JSON on stdout.
bench_tmx.py runs it in its own process to time it and read its peak RSS.
"""

import json
import sys

import sqlite_utils
from translate.storage.tmx import tmxfile

BATCH_SIZE = 1000


def unit_rows(store):
    """Yield one row per translation unit of a parsed tmxfile."""
    for unit in store.units:
        yield {"tuid": unit.getid(), "source": unit.source, "target": unit.target}


def main(argv):
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    tmx_path, db_path = argv
    store = tmxfile.parsefile(tmx_path)
    db = sqlite_utils.Database(db_path)
    db["units"].insert_all(unit_rows(store), batch_size=BATCH_SIZE)
    print(json.dumps({"units": db["units"].count}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
