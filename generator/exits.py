"""Exit codes of every ``gongkai`` command, declared once (README「日常使用」)."""

EXIT_OK = 0
"""Done: the site, preview, sign-off or import is complete and checked."""
EXIT_INPUT = 1
"""The input has errors (a report, an image, the register, the built site): nothing was published."""
EXIT_USAGE = 2
"""The command line or the configuration is wrong, or a folder may not be written: nothing was touched."""
