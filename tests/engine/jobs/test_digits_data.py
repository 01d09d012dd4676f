"""The installed digits file: the published data set's size, range and labels; a stratified split."""

from __future__ import annotations

import numpy as np

from engine.jobs.digits_data import load_digits, split


def test_the_file_holds_the_1797_images_of_8x8_pixels_in_0_to_1():
    images, labels = load_digits()
    assert images.shape == (1797, 8, 8) and labels.shape == (1797,)
    assert images.min() == 0.0 and images.max() == 1.0
    # scikit-learn's documented class counts (178 zeros ... 180 nines): every digit present, none empty
    counts = np.bincount(labels, minlength=10)
    assert counts.sum() == 1797 and counts.min() >= 174 and counts.max() <= 183


def test_split_is_stratified_disjoint_and_seeded():
    _, labels = load_digits()
    train, test = split(labels, 0.2, seed=5)
    assert set(train).isdisjoint(test) and train.size + test.size == labels.size
    share = np.bincount(labels[test], minlength=10) / np.bincount(labels, minlength=10)
    assert np.all(np.abs(share - 0.2) < 0.01)
    again, _ = split(labels, 0.2, seed=5)
    other, _ = split(labels, 0.2, seed=6)
    assert np.array_equal(train, again) and not np.array_equal(train, other)
