"""Atomic, fail-closed publishing: build into a staging folder, swap it in only when checked.

The swap uses Linux's renameat2(RENAME_EXCHANGE), which exchanges the two folders in one
step; where that is not available, two renames with the old site kept until the new one
is in place.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

RENAME_EXCHANGE = 2
AT_FDCWD = -100
STAGING = ".staging-"
OLD = ".old-"


def _exchange(a: Path, b: Path) -> bool:
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    result = renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE)
    return result == 0


def swap_in(staging: Path, target: Path) -> None:
    """Make ``staging`` the new ``target``; the old target is removed afterwards, in the background
    (a site of 10,000 reports has as many folders: removing them takes seconds after the swap)."""
    if not target.exists():
        os.rename(staging, target)
        return
    old = target.with_name(f".{target.name}{OLD}{os.getpid()}")
    if _exchange(staging, target):
        os.rename(staging, old)
    else:
        os.rename(target, old)
        os.rename(staging, target)
    _remove_later(old)


def _remove_later(folder: Path) -> None:
    subprocess.Popen(["rm", "-rf", "--", str(folder)], start_new_session=True,  # noqa: S603, S607
                     stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def publish(target: Path, build: Callable[[Path], None], verify: Callable[[Path], None]) -> None:
    """Build into a fresh folder beside ``target``, verify it, then swap it in.

    Any exception from ``build`` or ``verify`` leaves ``target`` exactly as it was.
    """
    target = target.resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    for stale in [*target.parent.glob(f".{target.name}{STAGING}*"), *target.parent.glob(f".{target.name}{OLD}*")]:
        shutil.rmtree(stale, ignore_errors=True)  # left behind by a killed build
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}{STAGING}", dir=target.parent))
    staging.chmod(0o755)  # mkdtemp makes it private; a web server must be able to read the site
    try:
        build(staging)
        verify(staging)
        swap_in(staging, target)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
