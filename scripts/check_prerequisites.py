"""Check what `make` needs before it builds anything: Python >= 3.11, Node >= 20 and npm.

Run by `make install` (and so by `make run` / `make test`) first, so a missing or
old tool gets one clear sentence instead of an error deep inside `make vendor`.
Written for old Pythons too (no newer syntax): it must be able to say "too old".

Node and npm are needed at build time and to serve: npm installs Temml and
Pyodide's files, and the server typesets the book's math with Temml under Node.
"""

import re
import shutil
import subprocess
import sys

MIN_PYTHON = (3, 11)
MIN_NODE = 20


def version_of(program):
    """The first "X.Y" version a program prints for --version, as a tuple of ints, or None."""
    path = shutil.which(program)
    if path is None:
        return None
    try:
        out = subprocess.run([path, "--version"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    match = re.search(r"(\d+)\.(\d+)", out)
    return (int(match.group(1)), int(match.group(2))) if match else None


def problems(python_version=None):
    python_version = tuple(python_version or sys.version_info[:2])
    found = []
    if python_version < MIN_PYTHON:
        found.append("Python %d.%d is too old: the book needs Python >= %d.%d (run make with PYTHON=python3.11 or newer)"
                     % (python_version + MIN_PYTHON))
    node = version_of("node")
    if node is None:
        found.append("Node.js is not installed: the book needs Node >= %d (https://nodejs.org, or your system's "
                     "package manager, e.g. 'apt-get install nodejs npm')" % MIN_NODE)
    elif node[0] < MIN_NODE:
        found.append("Node.js %d.%d is too old: the book needs Node >= %d" % (node + (MIN_NODE,)))
    if shutil.which("npm") is None:
        found.append("npm is not installed: it comes with Node.js (on Debian: 'apt-get install npm')")
    return found


def main():
    found = problems()
    if found:
        print("Missing prerequisites (see README.md, 'Before you start'):", file=sys.stderr)
        for problem in found:
            print("  - " + problem, file=sys.stderr)
        return 1
    print("prerequisites: Python %d.%d, Node %d.%d and npm found" % (tuple(sys.version_info[:2]) + version_of("node")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
