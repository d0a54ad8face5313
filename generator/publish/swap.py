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
from pathlib import Path

RENAME_EXCHANGE = 2
AT_FDCWD = -100
STAGING = ".staging-"
OLD = ".old-"
SPARE = ".spare"


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


def spare_of(target: Path) -> Path:
    """The previous site, kept beside ``target`` after a swap: a republish assembles the next
    site in it (its folders exist already: creating 10,000 folders takes seconds)."""
    return target.parent / f".{target.name}{SPARE}"


def swap_in(staging: Path, target: Path) -> None:
    """Make ``staging`` the new ``target``; the old target becomes the spare."""
    if not target.exists():
        os.rename(staging, target)
        return
    spare = spare_of(target)
    if spare.exists():
        _remove_later(spare)
    if _exchange(staging, target):
        os.rename(staging, spare)
    else:
        os.rename(target, spare)
        os.rename(staging, target)


def _remove_later(folder: Path) -> None:
    """Removed in the background: a site of 10,000 reports has as many folders."""
    old = folder.with_name(f"{folder.name}{OLD}{os.getpid()}")
    os.rename(folder, old)
    subprocess.Popen(["rm", "-rf", "--", str(old)], start_new_session=True,  # noqa: S603, S607
                     stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def stage(target: Path, reuse_spare: bool = False) -> Path:
    """A folder beside ``target`` to build the next site in: fresh, or with ``reuse_spare`` the
    previous site (``spare_of``), which the build must only unlink and link in, never write
    through (its files share inodes with the published site)."""
    target = target.resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    for stale in target.parent.glob(f".{target.name}{STAGING}*"):
        shutil.rmtree(stale, ignore_errors=True)  # left behind by a killed build
    spare = spare_of(target)
    if reuse_spare and spare.is_dir():
        staging = target.parent / f".{target.name}{STAGING}{os.getpid()}"
        os.rename(spare, staging)
    else:
        if spare.exists():
            _remove_later(spare)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}{STAGING}", dir=target.parent))
    staging.chmod(0o755)  # mkdtemp makes it private; a web server must be able to read the site
    return staging


def discard(staging: Path, target: Path, reuse_spare: bool = False) -> None:
    """A staging folder that was not swapped in: removed, or kept as the spare (it is only links)."""
    if not staging.exists():
        return
    spare = spare_of(target.resolve())
    if reuse_spare and not spare.exists():
        os.rename(staging, spare)  # still only links: a spare for the next attempt
    else:
        shutil.rmtree(staging, ignore_errors=True)
