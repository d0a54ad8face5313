"""The reviewers' private preview and its live server."""
