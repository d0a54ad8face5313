"""Site search: the Pagefind index, and reading its chunks back into each page's words."""
