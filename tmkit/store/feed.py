"""The reading half of an import: parse a TMX file and prepare its rows, in batches.

`feed(plan, progress)` yields the messages that `Memory.import_tmx` consumes in order:

* `("rows", chunk, done)`: the next units as `(issues, Prepared | None)` pairs (None for a unit
  that failed; issues as `IssueFields` tuples), and the bytes read so far (-1 when unknown).
  When the caller falls behind, the helper process also computes the duplicate key and content
  hash of part of the units: their Prepared then carries them as two more items;
* with the keep policy (`plan.first_id` set), `("flat", units, variants, issues, read, failed,
  done)` instead: the rows ready to insert, numbered from `first_id`, one after the other in two
  flat lists (14 values per unit, the columns of `units`; 9 per variant, those of `variants`),
  the batch's issues, how many units it read and how many failed. Flat lists of strings cost
  far less to send and to receive than tuples of tuples. The duplicate key and content hash
  (the last two values of a unit) are None where the caller must compute them;
* `("end", header, file_issues)` once the file is read.

Large files are read by a helper *process* (`python -m tmkit.store._feed_worker`), so that
parsing and preparing rows (pure Python) runs on one core while the caller hashes and inserts
them on another; the messages travel through a pipe as `marshal` data, one batch at a time, so
memory stays bounded. A background *thread* does not help: both halves need the GIL (see
docs/benchmarks.md). Small files, one-CPU machines, or `TMKIT_IMPORT_WORKER=0` read in the
calling process with the same code; `TMKIT_IMPORT_WORKER=1` always uses the helper. The result
is the same either way. A file that turns out not to be well-formed raises the same
`InputError` (file, line, column) in the caller, which then rolls the import back.
"""

from __future__ import annotations

import marshal
import os
import signal
import struct
import subprocess
import sys
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import astuple, dataclass
from itertools import islice
from typing import Any, BinaryIO

from tmkit.errors import InputError, TmkitError
from tmkit.formats.source import ProgressCallback
from tmkit.formats.tmx.reader import TmxReader
from tmkit.store.codec import dump_notes, dump_props
from tmkit.store.rows import IssueFields, KeyMaker, Prepared, issue_fields, prepared_units

WORKER_MIN_BYTES = 2 << 20  # smaller files are read in the calling process
_HEAD = struct.Struct("<Q")
_WAIT = 0.002  # seconds; a write that waits longer means the caller is behind
_PIPE_BYTES = 1 << 20

Message = tuple[Any, ...]


@dataclass(frozen=True)
class Plan:
    """What the reading side needs to know; plain values so that it crosses a pipe."""

    path: str
    bare_zh: str
    repair_mojibake: bool
    batch: int = 1000  # units per message
    progress: bool = False  # whether to report the bytes read
    first_id: int = 0  # the keep policy: "flat" messages, units numbered from here
    origin: str = ""  # with first_id: the units' origin and batch columns
    batch_id: int = 0

    def as_tuple(self) -> tuple[Any, ...]:
        return astuple(self)


def messages(
    reader: TmxReader, plan: Plan, position: Callable[[], int], share: Callable[[], float] = lambda: 0.0
) -> Iterator[Message]:
    """Read every unit of `reader` and yield the messages described in the module docstring.
    `share()`: the part of each flat batch whose keys are computed here."""
    units = prepared_units(reader)
    if plan.first_id:
        yield from _flat(units, plan, position, share)
    else:
        while True:
            chunk = list(islice(units, plan.batch))
            if not chunk:
                break
            yield ("rows", chunk, position())
    h = reader.header
    header = {
        "version": h.version,
        "attrs": h.attrs,
        "notes": dump_notes(h.notes),
        "props": dump_props(h.props),
        "udes": h.udes,
    }
    yield ("end", header, [issue_fields(i) for i in reader.file_issues])


def _flat(
    units: Iterator[tuple[list[IssueFields], Prepared | None]],
    plan: Plan,
    position: Callable[[], int],
    share: Callable[[], float],
) -> Iterator[Message]:
    keys = KeyMaker()
    uid = plan.first_id
    origin, batch_id = plan.origin, plan.batch_id
    unhashed = (origin, batch_id, None, None)
    while True:
        chunk = list(islice(units, plan.batch))
        if not chunk:
            break
        hashed = int(len(chunk) * share())
        uflat: list[Any] = []
        vflat: list[Any] = []
        issues: list[IssueFields] = []
        failed = 0
        for unit_issues, p in chunk:
            if unit_issues:
                issues += unit_issues
            if p is None:
                failed += 1
                continue
            fields, variants = p
            uflat.append(uid)
            uflat += fields
            if hashed:
                hashed -= 1
                uflat += (origin, batch_id, *keys(fields, variants))
            else:
                uflat += unhashed
            for v in variants:
                vflat.append(uid)
                vflat += v
            uid += 1
        yield ("flat", uflat, vflat, issues, len(chunk), failed, position())


def fill_keys(uflat: list[Any], vflat: list[Any], keys: KeyMaker) -> None:
    """Compute the duplicate keys and content hashes a flat batch lacks (see `messages`)."""
    j = 0
    end = len(vflat)
    for i in range(0, len(uflat), 14):
        if uflat[i + 12] is not None:
            continue
        uid = uflat[i]
        while vflat[j] != uid:
            j += 9
        variants = []
        while j < end and vflat[j] == uid:
            variants.append(vflat[j + 1 : j + 9])
            j += 9
        uflat[i + 12], uflat[i + 13] = keys(uflat[i + 1 : i + 10], variants)


# -- the helper process ----------------------------------------------------------------------------


def feed(plan: Plan, progress: ProgressCallback | None) -> Iterator[Message]:
    """The messages for `plan.path`, read in a helper process when that pays off.

    The file is opened here first, so that a missing, empty or hostile file fails exactly as
    it does without a helper process.
    """
    reader = TmxReader(plan.path, bare_zh=plan.bare_zh, repair_mojibake=plan.repair_mojibake, progress=progress)
    proc = None
    if _want_worker(reader.size):
        reader.close()
        proc = _start_worker(plan)
        if proc is None:  # no interpreter to start: read here after all
            reader = TmxReader(plan.path, bare_zh=plan.bare_zh, repair_mojibake=plan.repair_mojibake, progress=progress)
    if proc is not None:
        with closing(_from_worker(proc, progress, reader.size)) as from_worker:
            try:
                first = next(from_worker)
            except _NotStarted:  # e.g. sys.executable is not a Python: read here after all
                reader = TmxReader(
                    plan.path, bare_zh=plan.bare_zh, repair_mojibake=plan.repair_mojibake, progress=progress
                )
            else:
                yield first
                yield from from_worker
                return
    with reader:
        yield from messages(reader, plan, lambda: -1)


class _NotStarted(Exception):
    """The helper process ended without a word: nothing was read, reading here is safe."""


def worker_setting(name: str) -> bool | None:
    """An environment switch: True for 1/yes/on/true, False for 0/no/off/false, else None."""
    value = os.environ.get(name, "").strip().lower()
    if value in ("0", "no", "off", "false"):
        return False
    if value in ("1", "yes", "on", "true"):
        return True
    return None


def _want_worker(size: int) -> bool:
    setting = worker_setting("TMKIT_IMPORT_WORKER")
    if setting is not None:
        return setting
    return size >= WORKER_MIN_BYTES and (os.cpu_count() or 1) > 1


def start_module(module: str, job: Any) -> subprocess.Popen[bytes] | None:
    """Start `python -m module` with this interpreter and this tmkit, send it `job` (marshal)
    on stdin; its stdout is a pipe. None when no interpreter can be started."""
    if not sys.executable:
        return None
    import tmkit

    # the helper must run this very tmkit, wherever it was imported from
    package_root = os.path.dirname(os.path.dirname(os.path.abspath(tmkit.__file__)))
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, env.get("PYTHONPATH")) if p)
    try:
        proc = subprocess.Popen([sys.executable, "-m", module], stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)
    except OSError:
        return None
    assert proc.stdin is not None
    try:
        proc.stdin.write(marshal.dumps(job))
        proc.stdin.close()
    except OSError:
        pass  # it died at once; reading its output reports that
    return proc


def _start_worker(plan: Plan) -> subprocess.Popen[bytes] | None:
    return start_module("tmkit.store._feed_worker", plan.as_tuple())


def _from_worker(proc: subprocess.Popen[bytes], progress: ProgressCallback | None, size: int) -> Iterator[Message]:
    stream = proc.stdout
    assert stream is not None
    finished = False
    started = False
    try:
        while True:
            msg = _receive(stream)
            if msg is None and not started:
                raise _NotStarted
            started = True
            if msg is None:
                proc.wait()
                raise TmkitError(
                    f"the import's reader process stopped unexpectedly (exit status {proc.returncode})",
                    hint="see the messages above; set TMKIT_IMPORT_WORKER=0 to read in one process",
                )
            kind = msg[0]
            if kind == "error":
                raise _rebuild_error(msg)
            done = msg[2] if kind == "rows" else msg[6] if kind == "flat" else -1
            if progress is not None and done >= 0:
                progress(done, size)
            yield msg
            if kind == "end":
                finished = True
                return
    finally:
        stream.close()
        if not finished and proc.poll() is None:
            proc.kill()
        proc.wait()


def _receive(stream: BinaryIO) -> Message | None:
    head = stream.read(_HEAD.size)
    if len(head) < _HEAD.size:
        return None
    (length,) = _HEAD.unpack(head)
    data = stream.read(length)
    if len(data) < length:
        return None
    msg: Message = marshal.loads(data)
    return msg


def _rebuild_error(msg: Message) -> Exception:
    if msg[1] == "input":
        _kind, _what, message, path, line, column, hint = msg
        return InputError(message, path=path, line=line, column=column, hint=hint)
    return TmkitError(f"the import's reader process failed:\n{msg[2]}")


def _add_keys(chunk: list[Any], keys: KeyMaker, share: float) -> None:
    """Replace the first `share` of the prepared units in `chunk` by (fields, variants, key,
    content hash)."""
    for i in range(int(len(chunk) * share)):
        issues, p = chunk[i]
        if p is not None:
            chunk[i] = (issues, (*p, *keys(*p)))


def _unread_counter(fd: int) -> Callable[[], int]:
    """A function giving the bytes written to the pipe `fd` and not read yet (0 when the system
    cannot tell)."""
    try:
        import array
        import fcntl
        import termios

        count = array.array("i", [0])
        fcntl.ioctl(fd, termios.FIONREAD, count, True)
    except (ImportError, OSError):
        return lambda: 0

    def unread() -> int:
        fcntl.ioctl(fd, termios.FIONREAD, count, True)
        return count[0]

    return unread


def worker_main() -> int:
    """`python -m tmkit.store._feed_worker`: read a job from stdin, write framed messages to stdout."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the caller handles Ctrl-C and stops us
    out = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    try:  # Linux: room for a few batches in the pipe, so that neither side waits on jitter
        import fcntl

        fcntl.fcntl(out.fileno(), getattr(fcntl, "F_SETPIPE_SZ", 1031), _PIPE_BYTES)
    except (ImportError, OSError):
        pass
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # stray prints must not corrupt the stream
    done = [-1]

    def note(n: int, _total: int) -> None:
        done[0] = n

    unread = _unread_counter(out.fileno())

    def send(msg: Message) -> bool:
        """Write one message; return whether the caller is behind: the write waited for it to
        read, or an earlier message is still in the pipe."""
        data = marshal.dumps(msg)
        began = time.perf_counter()
        out.write(_HEAD.pack(len(data)))
        out.write(data)
        out.flush()
        return time.perf_counter() - began > _WAIT or unread() > len(data) + _HEAD.size

    try:
        import gc

        plan = Plan(*marshal.loads(sys.stdin.buffer.read()))
        gc.set_threshold(50_000, 10, 10)
        with TmxReader(
            plan.path,
            bare_zh=plan.bare_zh,
            repair_mojibake=plan.repair_mojibake,
            progress=note if plan.progress else None,
        ) as reader:
            share = [0.0]  # of each batch, the part whose hashes are computed here
            keys = KeyMaker()
            for msg in messages(reader, plan, lambda: done[0], lambda: share[0]):
                if msg[0] == "rows" and share[0]:
                    _add_keys(msg[1], keys, share[0])
                # When the caller is the slower side, take more of the hashing over; when it
                # waits for us, less. The caller hashes whatever arrives without. Same result.
                behind = send(msg)
                share[0] = min(1.0, share[0] + 0.125) if behind else max(0.0, share[0] - 0.125)
    except BrokenPipeError:
        return 1  # the caller went away (an error or Ctrl-C on its side)
    except InputError as e:
        send(("error", "input", e.message, e.path, e.line, e.column, e.hint))
        return 0
    except BaseException:  # noqa: BLE001 - everything else is reported to the caller verbatim
        send(("error", "crash", traceback.format_exc()))
        return 1
    out.close()
    return 0
