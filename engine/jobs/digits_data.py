"""The 8x8 handwritten digits: 1,797 images, pixel values 0..16, ten classes.

Source: the UCI "Optical Recognition of Handwritten Digits" data set
(E. Alpaydin and C. Kaynak, 1998, https://doi.org/10.24432/C50P49, CC BY 4.0),
in the copy scikit-learn ships (``sklearn/datasets/data/digits.csv.gz``).
``make install`` places it in ``data/digits.csv.gz`` from scikit-learn's wheel,
checked by sha256 (``scripts/fetch_digits.py``); nothing is downloaded at run
time. ``NNBOOK_DIGITS`` points elsewhere.
"""

from __future__ import annotations

import functools
import gzip
import os
from pathlib import Path

import numpy as np

DEFAULT_PATH = Path(__file__).resolve().parents[2] / "data" / "digits.csv.gz"
SIDE = 8
PIXEL_MAX = 16.0
N_CLASSES = 10
CITATION = ("Optical Recognition of Handwritten Digits, by E. Alpaydin and C. Kaynak, 1998, "
            "UCI Machine Learning Repository, https://doi.org/10.24432/C50P49")


class DigitsMissing(FileNotFoundError):
    """The data file is not installed."""


def digits_path() -> Path:
    return Path(os.environ.get("NNBOOK_DIGITS", DEFAULT_PATH))


@functools.lru_cache(maxsize=2)
def _load(path: str) -> tuple[np.ndarray, np.ndarray]:
    try:
        raw = gzip.decompress(Path(path).read_bytes()).decode("ascii")
    except FileNotFoundError:
        raise DigitsMissing(f"the digits data is not installed at {path}; run `make install`") from None
    table = np.array([[int(v) for v in line.split(",")] for line in raw.split("\n") if line.strip()], dtype=np.int64)
    images = table[:, :-1].reshape(-1, SIDE, SIDE).astype(np.float64) / PIXEL_MAX
    images.flags.writeable = False  # cached and shared: nobody may change it in place
    labels = table[:, -1]
    labels.flags.writeable = False
    return images, labels


def load_digits(path: Path | None = None) -> tuple[np.ndarray, np.ndarray]:
    """``images (1797, 8, 8)`` scaled to [0, 1] and ``labels (1797,)`` in 0..9 (read-only arrays)."""
    return _load(str(path or digits_path()))


def split(labels: np.ndarray, test_fraction: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Indices of a stratified train/test split: every digit keeps the same share in both parts."""
    rng = np.random.default_rng(seed)
    train, test = [], []
    for digit in range(N_CLASSES):
        members = rng.permutation(np.flatnonzero(labels == digit))
        n_test = int(round(test_fraction * members.size))
        test.append(members[:n_test])
        train.append(members[n_test:])
    return np.sort(np.concatenate(train)), np.sort(np.concatenate(test))
