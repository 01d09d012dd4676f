"""Finding author–year citations in prose and the reference entries they point to.

The book cites in two forms: parenthetical, ``(Glorot & Bengio, 2010)``,
``(He et al., 2015; Ioffe & Szegedy, 2015)``, ``(Bishop, 2006, §3.1)``, and
narrative, ``Glorot and Bengio (2010)``, ``He et al. (2015)``,
``Nielsen (2015, ch. 3)``. A reference entry reads
``Surname, I., Other, J., & Last, K. (2010). Title. Venue.``

Names must contain a lower-case letter, so acronyms in parentheses
("SGDR", "ADALINE") are not mistaken for authors.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A capital, then the rest of the word, which holds a lower-case letter. Possessive (*+): a name
# never ends inside a word, and without it a failed match re-split every name of a list of
# authors in every way (14 s for the book instead of 0.2 s).
NAME = r"(?:(?:van|von|de|der|den|le|la|du)\s)?[A-Z](?=[\w'’\-]*[a-z])[\w'’\-]*+"
JOIN = r"(?:,\s+(?:and\s+|&\s+)?|\s+(?:and|&)\s+)"
AUTHORS = rf"{NAME}(?:{JOIN}{NAME})*(?:\s+et\s+al\.)?"
PARENTHESES = re.compile(r"\(([^()]*\b\d{4}[a-z]?\b[^()]*)\)")
PARENTHETICAL_PART = re.compile(rf"^(?:(?:e\.g\.|see|cf\.|also|after)[,]?\s+)*({AUTHORS}),\s+(\d{{4}})[a-z]?\b")
NARRATIVE = re.compile(rf"({AUTHORS})\s+\((\d{{4}})[a-z]?(?=[,;)])")
ENTRY = re.compile(r"^(?P<authors>.+?)\s+\((?P<year>\d{4})[a-z]?\)\.\s+(?P<rest>.+)$")


@dataclass(frozen=True)
class Citation:
    surnames: tuple[str, ...]  # as named in the text; "et al." drops the rest
    year: str
    text: str  # the citation as it appears, for error messages


@dataclass(frozen=True)
class Reference:
    authors: str
    year: str
    text: str


def _surnames(authors: str) -> tuple[str, ...]:
    authors = re.sub(r"\s+et\s+al\.$", "", authors.strip())
    return tuple(s for s in re.split(JOIN, authors) if s)


def find_citations(prose: str) -> list[Citation]:
    found = []
    for group in PARENTHESES.finditer(prose):
        for part in group.group(1).split(";"):
            match = PARENTHETICAL_PART.match(part.strip())
            if match:
                found.append(Citation(_surnames(match.group(1)), match.group(2), f"({part.strip()})"))
    for match in NARRATIVE.finditer(prose):
        found.append(Citation(_surnames(match.group(1)), match.group(2), match.group(0) + ")"))
    return found


def parse_reference(entry: str) -> Reference | None:
    match = ENTRY.match(entry.strip())
    if not match:
        return None
    return Reference(match.group("authors"), match.group("year"), entry.strip())


def resolves(citation: Citation, reference: Reference) -> bool:
    """The entry has the citation's year, starts with its first surname and names every other surname cited."""
    if citation.year != reference.year:
        return False
    first, *others = citation.surnames
    return reference.authors.startswith(first + ",") and all(s in reference.authors for s in others)
