"""The export's helper process: `python -m tmkit.store._export_worker`.

Reads a job from stdin (marshal: memory path, filters, first unit id, srclang, language style,
part file), writes those units as a TMX fragment to the part file, and answers on stdout
(marshal): ("ok", (units, variants, illegal_chars, dropped_attrs)) or ("error", text).
"""

import marshal
import signal
import sys
import traceback
from dataclasses import astuple


def main() -> int:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the caller handles Ctrl-C and stops us
    out = sys.stdout.buffer
    try:
        from tmkit.formats.tmx.writer import TmxWriter
        from tmkit.store.memory import Memory

        db, filters, first_id, srclang, lang_style, part = marshal.loads(sys.stdin.buffer.read())
        with (
            Memory.open(db, create=False) as memory,
            TmxWriter(part, srclang=srclang, lang_style=lang_style, fragment=True) as writer,
        ):
            memory.write_units(writer, filters, first_id, None)
        answer = ("ok", astuple(writer.stats))
    except BaseException as e:  # noqa: BLE001 - reported to the caller verbatim
        answer = ("error", f"{e}\n{traceback.format_exc()}")
    out.write(marshal.dumps(answer))
    out.flush()
    return 0 if answer[0] == "ok" else 1


if __name__ == "__main__":
    sys.exit(main())
