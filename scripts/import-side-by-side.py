#!/usr/bin/env python3
"""Ferry's RVTools import side by side with what people script RVTools
exports with, in one run on one machine.

For 10,000 and 100,000 rows it writes an RVTools `vInfo` workbook, then
times, alternating the commands of each pair so load on the machine falls
on both alike:

- `ferry import rvtools FILE --into NEW.ron`: read the workbook, make the
  plan, save it;
- python-calamine reading the same workbook's sheet into Python values;
- openpyxl (read-only mode) reading it row by row (10,000 rows only: it
  takes minutes at 100,000).

Prints the median wall time of each command (with the spread of the runs),
the ratio of each pair, the median CPU time it took (user and system, all
its threads: what the command costs whatever else the host is doing) and
each command's peak resident memory.

Needs: a release build of ferry (`cargo build --release`), Python 3 with
`pip install python-calamine openpyxl`.

    scripts/import-side-by-side.py [--ferry target/release/ferry] [--runs 5]
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

HEADERS = [
    "VM", "Powerstate", "Template", "SRM Placeholder", "CPUs", "Memory",
    "Provisioned MiB", "In Use MiB", "OS according to the configuration file",
    "OS according to the VMware Tools", "DNS Name", "Primary IP Address",
    "Datacenter", "Cluster", "Host", "VM UUID",
]

OS = "Microsoft Windows Server 2019 (64-bit)"

CALAMINE = """
import sys
from python_calamine import CalamineWorkbook
rows = CalamineWorkbook.from_path(sys.argv[1]).get_sheet_by_name("vInfo").to_python()
assert len(rows) > 1
"""

OPENPYXL = """
import sys
from openpyxl import load_workbook
book = load_workbook(sys.argv[1], read_only=True, data_only=True)
rows = [row for row in book["vInfo"].iter_rows(values_only=True)]
assert len(rows) > 1
"""


def row(r):
    return [
        f"vm-{r:06}", "poweredOn", "False", "False", 2 + r % 6, 8192, 102400,
        51200, OS, OS, f"vm-{r:06}.corp.example",
        f"10.{r // 65536}.{(r // 256) % 256}.{r % 256}", "DC1", f"CL{r % 4}",
        f"esx-{r % 24:02}", f"4211-{r:08x}",
    ]


def write_workbook(path, rows):
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("vInfo")
    sheet.append(HEADERS)
    for r in range(1, rows + 1):
        sheet.append(row(r))
    book.save(path)


def run(command, before=None):
    """Wall seconds, peak resident MiB and CPU seconds of one run of
    `command`."""
    if before:
        before()
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"failed: {' '.join(command)}")
    return seconds, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


def summary(runs):
    times = sorted(t for t, _, _ in runs)
    median = statistics.median(times)
    spread = (times[-1] - times[0]) / 2 / median * 100 if median else 0
    peak = max(m for _, m, _ in runs)
    cpu = statistics.median(c for _, _, c in runs)
    return median, spread, peak, cpu


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ferry", default="target/release/ferry")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", default="10000,100000")
    args = parser.parse_args()
    ferry = os.path.abspath(args.ferry)
    with tempfile.TemporaryDirectory() as dir:
        for rows in [int(s) for s in args.sizes.split(",")]:
            book = os.path.join(dir, f"RVTools_{rows}.xlsx")
            write_workbook(book, rows)
            plan = os.path.join(dir, "imported.ron")

            def fresh():
                for leftover in (plan, plan + ".lock"):
                    if os.path.exists(leftover):
                        os.remove(leftover)

            commands = {
                "ferry import (read, plan, save)": (
                    [ferry, "import", "rvtools", book, "--into", plan], fresh),
                "python-calamine read": (
                    [sys.executable, "-c", CALAMINE, book], None),
            }
            if rows <= 10000:
                commands["openpyxl read (read-only)"] = (
                    [sys.executable, "-c", OPENPYXL, book], None)
            results = {name: [] for name in commands}
            for _ in range(args.runs):
                for name, (command, before) in commands.items():
                    results[name].append(run(command, before))
            size = os.path.getsize(book) / 1e6
            load = os.getloadavg()[0]
            print(f"\n{rows:,} rows ({size:.1f} MB workbook), {args.runs} runs each,"
                  f" load average {load:.1f}")
            figures = {name: summary(r) for name, r in results.items()}
            ours = figures["ferry import (read, plan, save)"]
            for name, (median, spread, peak, cpu) in figures.items():
                ratio = "" if name.startswith("ferry") else (
                    f"  ferry {median / ours[0]:.2f}x faster"
                    f" ({cpu / ours[3]:.2f}x in CPU)")
                print(f"  {name:34} {median:7.3f} s ±{spread:3.0f} %"
                      f"  CPU {cpu:6.3f} s  peak {peak:6.0f} MiB{ratio}")


if __name__ == "__main__":
    main()
