"""The one error a figure's function raises for input it cannot use."""


class WidgetInputError(ValueError):
    """An input a figure cannot use: names the field and says why.

    Every entry point (browser worker, /api, server fallback) turns it into the
    failure envelope ``{"ok": false, "error": {"field", "reason", "status"}}``;
    ``status`` is 404 for an unknown widget or call and 422 for bad input.
    """

    def __init__(self, field: str, reason: str, status: int = 422):
        self.field = field
        self.reason = reason
        self.status = status
        super().__init__(f"{field}: {reason}")


# The name the engine used before the figure kit; kept so older call sites and notebooks still work.
DemoInputError = WidgetInputError
