# SPDX-License-Identifier: GPL-3.0-or-later
"""Check that two tmkit checkouts import a TMX file into the same memory, row for row.

Usage:
    python bench/check_same_rows.py FILE.tmx REFERENCE_TREE [NEW_TREE] [--policy keep]

REFERENCE_TREE is a tmkit source tree (for instance `git archive <commit> | tar -x -C DIR`);
NEW_TREE defaults to this checkout. The reference imports through `Memory.open(...)
.import_tmx(...)`, the new tree through `tmkit.tm.tm_import` (what `tmkit tm import` runs, so a
new memory takes the build-aside path), each in its own process. Then every row of units,
variants, import_issues, meta, the batches (all but their two timestamps), the schema and the
journal mode are compared through digests. Exit status 0 when all are the same, else 1.
"""

import argparse
import hashlib
import os
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

QUERIES = {
    "units": "SELECT * FROM units ORDER BY id",
    "variants": "SELECT *, typeof(text), typeof(markup) FROM variants ORDER BY id",
    "import_issues": "SELECT * FROM import_issues ORDER BY id",
    "batches": "SELECT id, origin, path, format, policy, header, created, updated, unchanged, skipped, failed, "
    "tmkit_version FROM batches ORDER BY id",
    "meta": "SELECT * FROM meta ORDER BY key",
    "schema": "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name",
    "pragmas": "SELECT * FROM pragma_journal_mode, pragma_page_size, pragma_encoding",
}
REFERENCE = (
    "import sys\nfrom tmkit.store import Memory\nwith Memory.open(sys.argv[1]) as m:\n"
    "    m.import_tmx([sys.argv[2]], on_duplicate=sys.argv[3]{index})\n"
)
NEW = "import sys\nfrom tmkit.tm import tm_import\ntm_import(sys.argv[1], [sys.argv[2]], on_duplicate=sys.argv[3]{index})\n"


def import_with(tree, code, db, tmx, policy):
    env = dict(os.environ, PYTHONPATH=str(tree))
    subprocess.run([sys.executable, "-c", code, str(db), str(tmx), policy], env=env, cwd=tree, check=True)


def digests(db):
    conn = sqlite3.connect(db)
    try:
        out = {}
        for name, sql in QUERIES.items():
            h = hashlib.sha256()
            n = 0
            for row in conn.execute(sql):
                h.update(repr(row).encode("utf-8", "surrogatepass"))
                n += 1
            out[name] = (n, h.hexdigest()[:16])
        return out
    finally:
        conn.close()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("tmx", type=Path)
    parser.add_argument("reference", type=Path)
    parser.add_argument("new", type=Path, nargs="?", default=Path(__file__).resolve().parent.parent)
    parser.add_argument("--policy", default="keep", choices=["keep", "skip", "update"])
    parser.add_argument(
        "--no-index",
        action="store_true",
        help="import with index=False (tm import --no-index): the search indexes are not compared anyway",
    )
    args = parser.parse_args(argv)
    index = ", index=False" if args.no_index else ""
    with tempfile.TemporaryDirectory(prefix="tmkit-same-rows-") as work:
        ref_db, new_db = Path(work, "reference.db"), Path(work, "new.db")
        import_with(args.reference.resolve(), REFERENCE.format(index=index), ref_db, args.tmx.resolve(), args.policy)
        import_with(args.new.resolve(), NEW.format(index=index), new_db, args.tmx.resolve(), args.policy)
        a, b = digests(ref_db), digests(new_db)
        left = sorted(set(os.listdir(work)) - {"reference.db", "new.db"})
    for name in QUERIES:
        print(
            f"{name:14s} {a[name][0]:>9,} rows  {a[name][1]}  {b[name][1]}  {'same' if a[name] == b[name] else 'DIFFERENT'}"
        )
    if left:
        print("files left beside the memories:", ", ".join(left))
    same = a == b and not left
    print("same memory" if same else "NOT the same memory")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
