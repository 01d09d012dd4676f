"""Replace ``{{ key }}`` in a chapter with numbers the engine computed at build time."""

from __future__ import annotations

import re

from .engine_results import book_numbers  # the engine's, remembered on disk
from .errors import BuildError

PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z0-9_.-]+)\s*\}\}")
CODE_SPAN = re.compile(r"`[^`\n]*`")


def _in_code_span(line: str, position: int) -> bool:
    """Inside `…` on this line: code shows what an author types, so ``{{ key }}`` stays as written."""
    return any(m.start() < position < m.end() for m in CODE_SPAN.finditer(line))


def substitute_numbers(text: str, path: str, problems: list | None = None) -> tuple[str, list[int]]:
    """Return the substituted text and, for each of its lines, the source line (1-based).

    An unknown key raises ``BuildError``, or with a ``problems`` list is recorded there and left as written.

    A value may be a multi-line Markdown table, so lines can shift; the map
    keeps error messages pointing at the line the author wrote.
    """
    numbers = None
    out_lines: list[str] = []
    line_map: list[int] = []
    for number, line in enumerate(text.split("\n"), start=1):
        if "{{" in line:
            if numbers is None:
                numbers = book_numbers()

            def value(match, number=number, line=line):
                if _in_code_span(line, match.start()):
                    return match[0]
                key = match[1]
                if key not in numbers:
                    error = BuildError(f"{path}:{number}", f"unknown book number {{{{ {key} }}}}; define it in engine/book_numbers/")
                    if problems is None:
                        raise error
                    problems.append(error)
                    return match[0]
                # A multi-line value (a table) inside an indented block stays inside it.
                indent = line[: len(line) - len(line.lstrip())]
                return numbers[key].replace("\n", "\n" + indent)

            line = PLACEHOLDER.sub(value, line)
        pieces = line.split("\n")
        out_lines.extend(pieces)
        line_map.extend([number] * len(pieces))
    return "\n".join(out_lines), line_map
