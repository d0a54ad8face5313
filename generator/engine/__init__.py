"""The only code that imports MkDocs or knows Material: config, the thin plugin, running a build, the theme.

MkDocs 1.x has had no release since 2024.  Where it is not installed but ProperDocs — the
continuation of MkDocs 1.6, a drop-in replacement — is, ProperDocs answers every ``mkdocs.*``
import (its own ``properdocs.replacement``), so this room, Material and its plugins run on it
unchanged.  ``tests/generator/test_properdocs.py`` builds the sample site both ways.
"""

import importlib.util

if importlib.util.find_spec("mkdocs") is None and importlib.util.find_spec("properdocs") is not None:
    import properdocs.replacement  # noqa: F401  (mkdocs.* imports are served by properdocs.*)
