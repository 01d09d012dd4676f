"""The math font in two parts: the characters formulas commonly use, small, and the whole font behind them.

STIX Two Math (static/vendor/temml/STIXTwoMath.woff2, 403 KB, named by Temml's
stylesheet as font family ``STIX2``) covers far more than a book on neural
networks writes. Its subset of the characters formulas commonly use (Latin and
Greek in the forms MathML draws them: italic, bold, script, double-struck; the
usual operators, arrows, accents and brackets) is about a quarter of its size,
and is declared as the same family with a ``unicode-range``. A browser checks
the last-declared face of a family first and downloads a face only for a
character in its range, so a page fetches the subset alone, unless one of its
formulas uses a rarer character (then the whole font too, for that character).
The subset keeps the font's MATH table and every glyph it reaches (stretched
brackets, large operators, radicals): MathML layout reads them.

The subset is made by ``make vendor`` (scripts/vendor.py) with fontTools, whose
version is pinned in pyproject.toml so the bytes are the same on every machine;
they are pinned by sha256 in scripts/vendor-manifest.json (``subsets``), with
the range. This module reads that entry: one range, used both to cut the font
and to declare it.
"""

from __future__ import annotations

import hashlib
import json
import re
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MANIFEST = ROOT / "scripts" / "vendor-manifest.json"
RANGE_ITEM = re.compile(r"U\+([0-9A-F]{4,6})(?:-([0-9A-F]{4,6}))?")


@lru_cache(maxsize=None)
def subsets(manifest: Path = MANIFEST) -> dict[str, dict]:
    """The manifest's subsets: path under static/vendor → {"from", "unicode_range", "sha256"}."""
    return json.loads(Path(manifest).read_text(encoding="utf-8")).get("subsets", {})


def code_points(unicode_range: str) -> set[int]:
    """Every code point a CSS ``unicode-range`` value names ("U+0020-007E, U+00B1")."""
    items = [item.strip() for item in unicode_range.split(",") if item.strip()]
    points: set[int] = set()
    for item in items:
        match = RANGE_ITEM.fullmatch(item)
        if not match:
            raise ValueError(f"not a unicode-range item: {item!r}")
        first = int(match[1], 16)
        points.update(range(first, int(match[2] or match[1], 16) + 1))
    return points


def font_face_css(static_url: str = "/static/vendor/", manifest: Path = MANIFEST) -> str:
    """@font-face rules for the subsets, each the family of the font it was cut from (Temml's ``STIX2``)."""
    return "\n".join(
        f"@font-face {{ font-family: STIX2; src: url('{static_url}{rel}') format('woff2'); "
        f"unicode-range: {spec['unicode_range']}; }}"
        for rel, spec in subsets(manifest).items())


def make_subset(source: Path, target: Path, unicode_range: str) -> None:
    """Write the woff2 subset of ``source`` holding ``unicode_range``, its layout features and MATH table."""
    from fontTools import subset  # only `make vendor` needs fontTools

    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]  # keep every OpenType feature (Temml's stylesheet asks for ss01 and ss04)
    font = subset.load_font(str(source), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(code_points(unicode_range)))
    subsetter.subset(font)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    subset.save_font(font, str(partial), options)
    partial.replace(target)


def ensure_subsets(vendor_dir: Path, specs: dict[str, dict], check_only: bool = False) -> list[str]:
    """Cut each of ``specs`` (a manifest's subsets) that is missing or not its pinned bytes (``check_only``:
    only report it); the problems left."""
    problems = []
    for rel, spec in specs.items():
        target = Path(vendor_dir) / rel
        if target.is_file() and hashlib.sha256(target.read_bytes()).hexdigest() == spec["sha256"]:
            continue
        if check_only:
            problems.append(f"missing or wrong: static/vendor/{rel}")
            continue
        make_subset(Path(vendor_dir) / spec["from"], target, spec["unicode_range"])
        made = hashlib.sha256(target.read_bytes()).hexdigest()
        if made != spec["sha256"]:
            target.unlink()
            from fontTools import version
            problems.append(f"{rel}: fontTools {version} cut sha256 {made}, the manifest pins {spec['sha256']} "
                            "(is the fontTools pyproject.toml pins installed?)")
    return problems
