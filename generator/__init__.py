"""The public site: catalogue data, page HTML, the leak guard and atomic publishing.

Only ``generator.engine`` (config, plugin, mkdocs) imports MkDocs;
everything else works on ``redaction``'s output and plain files.
"""
