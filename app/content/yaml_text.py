"""YAML as the book's sources write it (front matter, directive options), read with libyaml when it is there.

PyYAML's C loader reads the same YAML to the same values as its pure-Python SafeLoader, several times
faster: the 85 option blocks and 10 front matters took 0.15 of load_book's 0.9 s (profiled) through the
Python loader, and every start of the server, every test that builds a book, pays load_book. Its error
messages are worse, though (no quoted line with a caret, and an unclosed bracket reported at the end of
the block): text the C loader refuses is read again by the Python loader, whose error is the one raised.
A PyYAML built without libyaml uses the Python loader alone.
"""

from __future__ import annotations

import yaml

FAST_LOADER = getattr(yaml, "CSafeLoader", None)


def load_yaml(text: str):
    """``yaml.safe_load(text)``: the same value, or the same error, sooner."""
    if FAST_LOADER is not None:
        try:
            return yaml.load(text, Loader=FAST_LOADER)
        except yaml.YAMLError:
            pass  # the Python loader below says where and why, as an author needs it
    return yaml.safe_load(text)
