"""One router per area: pages, the widget API, the browser runtime's files."""
