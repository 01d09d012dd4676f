"""Which tests cost the CPU: a pytest plugin for `make test-cpu` (issue 8's "a test loop in minutes").

On this two-core machine the full suite's wall time is its CPU divided by two, and
most of that CPU is spent outside pytest's process: in Chromium's renderer and
GPU processes, in the Web Worker that boots Pyodide, in Node running Pyodide, in
the server's job processes. A test's own duration says how long it waited, not
what it cost the machine. So each test is charged with the machine's busy CPU
time (every process, from /proc/stat) between the start of its setup and the
end of its teardown. That is only the test's own cost when nothing else runs:
`make test-cpu` runs the tests in ONE pytest process on an otherwise idle machine.
The first test to use a session fixture also carries that fixture's set-up (the
server, Chromium, the book rendered), as it does in a real run.

    -p tests.cpu_report --cpu-report=FILE   writes {node id: [CPU s, wall s]} to FILE (JSON)
                                            and prints the costliest tests and files

Linux only (/proc/stat); elsewhere the option is refused with a message.
"""

from __future__ import annotations

import json
import os
import time
from collections import defaultdict
from pathlib import Path

import pytest

STAT = Path("/proc/stat")
SHOWN = 25  # rows of each table printed at the end of the run
# /proc/stat's first line: cpu user nice system idle iowait irq softirq steal ...; busy = user, nice, system,
# irq and softirq (idle and iowait are not work; steal is another guest's, on a virtual machine).
BUSY_FIELDS = (1, 2, 3, 6, 7)


def machine_busy_seconds() -> float:
    """CPU seconds every processor of the machine has spent busy since boot."""
    fields = STAT.read_text().split("\n", 1)[0].split()
    return sum(int(fields[i]) for i in BUSY_FIELDS) / os.sysconf("SC_CLK_TCK")


def pytest_addoption(parser):
    parser.addoption("--cpu-report", metavar="FILE", default=None,
                     help="write each test's machine CPU and wall seconds to FILE (JSON) and print the costliest "
                          "(tests/cpu_report.py; run with one pytest process)")


def pytest_configure(config):
    path = config.getoption("cpu_report")
    if not path:
        return
    if not STAT.exists():
        raise pytest.UsageError("--cpu-report reads the machine's CPU time from /proc/stat, which this system lacks")
    if os.environ.get("PYTEST_XDIST_WORKER") or getattr(config.option, "numprocesses", None):
        # Two workers would each be charged with the other's CPU: the numbers would mean nothing.
        raise pytest.UsageError("--cpu-report charges each test with the whole machine's CPU: run it without -n")
    config.pluginmanager.register(CpuReport(Path(path)), "cpu-report")


class CpuReport:
    def __init__(self, path: Path):
        self.path = path
        self.costs: dict[str, tuple[float, float]] = {}

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_protocol(self, item, nextitem):
        cpu, wall = machine_busy_seconds(), time.perf_counter()
        try:
            return (yield)
        finally:
            self.costs[item.nodeid] = (round(machine_busy_seconds() - cpu, 2), round(time.perf_counter() - wall, 3))

    def pytest_terminal_summary(self, terminalreporter):
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(json.dumps(self.costs, indent=1), encoding="utf-8")
        write = terminalreporter.write_line
        total = sum(cpu for cpu, _ in self.costs.values())
        terminalreporter.section("machine CPU per test (tests/cpu_report.py)")
        write(f"{len(self.costs)} tests, {total:.1f} CPU-s in all; each test's figures in {self.path}")
        write("(the first test to use a session fixture carries its set-up: the server, Chromium, the book)")
        write("costliest tests:   CPU s   wall s")
        for node, (cpu, wall) in sorted(self.costs.items(), key=lambda kv: -kv[1][0])[:SHOWN]:
            write(f"  {cpu:8.2f} {wall:8.2f}  {node}")
        by_file: dict[str, list[float]] = defaultdict(lambda: [0.0, 0])
        for node, (cpu, _) in self.costs.items():
            totals = by_file[node.split("::", 1)[0]]
            totals[0] += cpu
            totals[1] += 1
        write("costliest files:   CPU s   tests")
        for file, (cpu, count) in sorted(by_file.items(), key=lambda kv: -kv[1][0])[:SHOWN]:
            write(f"  {cpu:8.2f} {count:7d}  {file}")
