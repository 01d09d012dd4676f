"""/api/docs: Swagger UI for the widget API, from vendored files, under the site's strict policy.

FastAPI's own docs page loads Swagger UI from a CDN (nothing may leave
localhost here) and starts it with an inline script (which the
Content-Security-Policy refuses). This page uses the copy ``make vendor``
pins in static/vendor/swagger-ui/ and starts it from static/js/api-docs.js.
"""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

router = APIRouter()

PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Widget API — Swagger UI</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/static/vendor/swagger-ui/swagger-ui.css">
<script defer src="/static/vendor/swagger-ui/swagger-ui-bundle.js"></script>
<script defer src="/static/js/api-docs.js"></script>
</head>
<body>
<div id="swagger-ui" data-openapi-url="/api/openapi.json"></div>
</body>
</html>
"""


@router.get("/api/docs", response_class=HTMLResponse, include_in_schema=False)
def api_docs():
    return HTMLResponse(PAGE)
