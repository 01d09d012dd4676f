"""Loading and rendering the Markdown chapters."""
