"""Errors raised while building the book: they always name file and line."""


class BuildError(Exception):
    """A problem in the book's sources that must stop start-up.

    ``location`` is ``"content/02-perceptron.md:41"`` style: the file and the
    1-based line where the offending block starts.
    """

    def __init__(self, location: str, reason: str):
        self.location = location
        self.reason = reason
        super().__init__(f"{location}: {reason}")


class DirectiveError(BuildError):
    """A malformed or unknown directive (```{widget}, ```{quiz}, ...)."""
