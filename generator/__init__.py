"""The public site: catalogue data, page HTML, the leak guard and atomic publishing.

Only ``generator.plugin``, ``generator.config`` and ``generator.engine`` import MkDocs;
everything else works on ``redaction``'s output and plain files.
"""
