# SPDX-License-Identifier: GPL-3.0-or-later
"""Measuring and reporting helpers for bench_tmx.py.

``run_measured`` runs one contender as a child process and records its wall
time (``time.perf_counter`` around start and reaping) and its own peak RSS
(``ru_maxrss`` from ``os.wait4`` on that child, KiB on Linux).  For a child
that starts helper processes, ``ru_maxrss`` is the largest single process,
not their sum, so the sum of the RSS of the child and all its descendants is
also sampled (psutil, every 0.1 s) as ``tree_rss_mb``.  The child's
stdout and stderr go to files in the work directory, so a chatty child can
never block on a full pipe.  The rest formats the markdown report.
"""

import contextlib
import json
import os
import platform
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

STDERR_LINES = 60
SAMPLE_SECONDS = 0.1


@dataclass
class Result:
    """Outcome of one contender's run."""

    name: str
    units: int
    seconds: float = 0.0
    rss_mb: float = 0.0
    tree_rss_mb: float | None = None  # sampled peak of the summed RSS of the child and its descendants
    exit_code: int = 0
    stdout: str = ""
    stderr: str = ""
    skipped: str = ""
    cpu_seconds: float = 0.0  # user + system of the child and the descendants it waited for

    @property
    def peak_rss_mb(self):
        """The higher of the child's own peak and the sampled process-tree peak."""
        return max(self.rss_mb, self.tree_rss_mb or 0.0)

    @property
    def ok(self):
        return not self.skipped and self.exit_code == 0

    @property
    def rate(self):
        return self.units / self.seconds if self.ok and self.seconds else 0.0

    def json(self):
        """Return the child's stdout parsed as JSON, or None if it is not."""
        try:
            return json.loads(self.stdout)
        except ValueError:
            return None


def run_measured(name, cmd, units, workdir, cwd=None):
    """Run ``cmd`` as a child process and return its Result."""
    slug = name.replace(" ", "_")
    out_path = Path(workdir) / f"{slug}.stdout"
    err_path = Path(workdir) / f"{slug}.stderr"
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        began = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, cwd=cwd)
        sampler = TreeSampler(proc.pid)
        _pid, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - began
        tree_rss_mb = sampler.stop()
    proc.returncode = os.waitstatus_to_exitcode(status)
    return Result(
        name=name,
        units=units,
        seconds=seconds,
        rss_mb=usage.ru_maxrss / 1024,
        tree_rss_mb=tree_rss_mb,
        exit_code=proc.returncode,
        cpu_seconds=usage.ru_utime + usage.ru_stime,
        stdout=out_path.read_text(errors="replace"),
        stderr=err_path.read_text(errors="replace"),
    )


class TreeSampler:
    """Sample the summed RSS of a process and its descendants in a background thread."""

    def __init__(self, pid):
        self.peak = 0
        self.available = True
        try:
            import psutil
        except ImportError:
            self.available = False
            return
        self._psutil = psutil
        self._stop = threading.Event()
        try:
            self._root = psutil.Process(pid)
        except psutil.Error:
            self.available = False
            return
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self):
        psutil = self._psutil
        while not self._stop.is_set():
            try:
                procs = [self._root, *self._root.children(recursive=True)]
            except psutil.Error:
                procs = []
            total = 0
            for proc in procs:
                with contextlib.suppress(psutil.Error):
                    total += proc.memory_info().rss
            self.peak = max(self.peak, total)
            self._stop.wait(SAMPLE_SECONDS)

    def stop(self):
        """Stop sampling; return the peak in MB, or None without psutil."""
        if not self.available:
            return None
        self._stop.set()
        self._thread.join()
        return self.peak / 2**20


def report_failure(result):
    """Print a failed contender's exit code, stdout and the tail of its stderr."""
    print(f"\n== {result.name} failed (exit {result.exit_code}) ==")
    if result.stdout.strip():
        print("-- stdout --\n" + result.stdout.rstrip())
    lines = result.stderr.rstrip().splitlines()
    if len(lines) > STDERR_LINES:
        print(f"-- stderr (last {STDERR_LINES} of {len(lines)} lines) --")
        lines = lines[-STDERR_LINES:]
    else:
        print("-- stderr --")
    print("\n".join(lines) + "\n")


def probe(cmd, cwd=None):
    """Run a short command and return its stripped stdout, or a failure note."""
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, cwd=cwd, timeout=120)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"unavailable ({exc})"
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        return f"unavailable ({last})"
    return done.stdout.strip()


VERSIONS_SNIPPET = """
import json, platform, sqlite3, importlib.metadata as m
def v(name):
    try:
        return m.version(name)
    except m.PackageNotFoundError:
        return "not installed"
print(json.dumps({"python": platform.python_version(),
                  "implementation": platform.python_implementation(),
                  "translate-toolkit": v("translate-toolkit"),
                  "lxml": v("lxml"), "sqlite-utils": v("sqlite-utils"),
                  "sqlite": sqlite3.sqlite_version}))
"""


def cpu_model():
    """Return the CPU model name from /proc/cpuinfo, if available."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def machine_info(python, cwd):
    """Return (label, value) pairs describing the machine and software."""
    raw = probe([python, "-c", VERSIONS_SNIPPET])
    try:
        versions = json.loads(raw)
    except ValueError:
        versions = {"python": raw}
    info = [
        ("CPU", f"{cpu_model()} ({os.cpu_count()} logical CPUs)"),
        ("OS", platform.platform()),
        ("Python", f"{versions.get('python')} {versions.get('implementation', '')} ({python})"),
        ("tmkit", probe([python, "-m", "tmkit", "--version"], cwd=cwd)),
    ]
    for package in ("translate-toolkit", "lxml", "sqlite-utils", "sqlite"):
        info.append((package, versions.get(package, "unknown")))
    return info


def result_row(result):
    """Return the markdown table row of one contender."""
    if result.skipped:
        cells = [f"skipped ({result.skipped})", "—", "—", "—"]
    elif not result.ok:
        cells = [f"failed (exit {result.exit_code})", "—", "—", "—"]
    else:
        tree = "n/a" if result.tree_rss_mb is None else f"{result.tree_rss_mb:.0f}"
        cells = [f"{result.seconds:.2f}", f"{result.rate:,.0f}", f"{result.rss_mb:.0f}", tree]
    return f"| {result.name} | {result.units:,} | " + " | ".join(cells) + " |"


def results_table(results):
    """Return the contender table as a list of markdown lines."""
    lines = [
        "| contender | units | seconds | units/s | peak RSS MB | peak RSS MB, all processes |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    return lines + [result_row(r) for r in results]


def ratio_row(label, value, unit, bar=None, passed=None, missing=""):
    """Return one markdown row of the ratio table.

    ``missing`` explains a None value: "skipped" is neutral, anything else
    means the bar could not be checked and counts as a failure.
    """
    digits = 0 if unit.strip() == "MB" else 2
    shown = "n/a" if value is None else f"{value:.{digits}f}{unit}"
    if value is None and missing == "skipped":
        verdict = "not measured (skipped)"
    elif bar is None:
        verdict = "(info)"
    elif value is None:
        verdict = f"FAIL ({missing or 'not measured'})"
    else:
        verdict = "PASS" if passed else "FAIL"
    return f"| {label} | {shown} | {bar or '—'} | {verdict} |"


def speed_ratio(a, b):
    """Return a.rate / b.rate, or None if either run did not succeed."""
    if a is None or b is None or not (a.ok and b.ok) or not b.rate:
        return None
    return a.rate / b.rate


def why_missing(*results):
    """Explain why a ratio over ``results`` could not be computed."""
    if any(r is None or r.skipped == "--skip-peer" for r in results):
        return "skipped"
    failed = [f"{r.name} {'skipped' if r.skipped else 'failed'}" for r in results if not r.ok]
    return ", ".join(failed)


def ratios_table(by_name, min_speedup, max_rss_mb):
    """Return the ratio/bar table as a list of markdown lines."""
    imp, exp = by_name.get("tmkit import"), by_name.get("tmkit export")
    peer_imp, peer_exp = by_name.get("peer import"), by_name.get("peer export")
    expat = by_name.get("expat ceiling")
    import_speedup = speed_ratio(imp, peer_imp)
    export_speedup = speed_ratio(exp, peer_exp)
    rss = imp.peak_rss_mb if imp is not None and imp.ok else None
    return [
        "| check | value | bar | result |",
        "|---|---:|---|---|",
        ratio_row(
            "tmkit import speed / peer import speed",
            import_speedup,
            "x",
            f">= {min_speedup:g}x",
            import_speedup is not None and import_speedup >= min_speedup,
            why_missing(imp, peer_imp),
        ),
        ratio_row(
            "tmkit import peak RSS (all processes)",
            rss,
            " MB",
            f"< {max_rss_mb:g} MB",
            rss is not None and rss < max_rss_mb,
            why_missing(imp),
        ),
        ratio_row("tmkit import speed / expat ceiling", speed_ratio(imp, expat), "x"),
        ratio_row(
            "tmkit export speed / peer export speed",
            export_speedup,
            "x",
            f">= {min_speedup:g}x",
            export_speedup is not None and export_speedup >= min_speedup,
            why_missing(exp, peer_exp),
        ),
    ]
