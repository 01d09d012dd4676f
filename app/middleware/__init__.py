"""ASGI middleware that guards every request: body size and read deadline, response headers."""
