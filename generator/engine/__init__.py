"""The only code that imports MkDocs or knows Material: config, the thin plugin, running a build, the theme."""
