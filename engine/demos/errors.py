"""The one error a widget function raises for bad input."""


class DemoInputError(ValueError):
    """An input a widget cannot use: names the field and says why.

    The server API turns it into a 422 ``{"field": ..., "reason": ...}``; the
    browser shows the reason in the figure.
    """

    def __init__(self, field: str, reason: str):
        self.field = field
        self.reason = reason
        super().__init__(f"{field}: {reason}")
