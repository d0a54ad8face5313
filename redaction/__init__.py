"""Validation and redaction of evaluation reports.

This package knows nothing of MkDocs or of the site: it turns a report file into
public metadata and sanitized public HTML, plus an audit trail of what was withheld.
"""
