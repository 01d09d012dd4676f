"""The book's web application: content pipeline, routes, API, CLI."""
