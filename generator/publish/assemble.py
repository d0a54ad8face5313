"""Carrying out a plan: the staging folder made from the fresh pages and the kept files, and the
second search bundle of the reports added since the whole index was built."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

from generator.publish.manifest import Manifest, files_of
from generator.publish.plan import Plan
from generator.search import pagefind as search

DELTA = search.DELTA


def assemble(site: Path, fresh: Path, staging: Path, manifest: Manifest, the_plan: Plan) -> None:
    """Make ``staging`` the new site: what MkDocs wrote into ``fresh``, and every published file the
    plan keeps, hard-linked from ``site``.  ``staging`` is empty or the spare (an earlier site, all
    hard links): only unlink, link and rename happen in it, so no published file is written through.

    A file MkDocs wrote byte for byte as published (the theme's assets, an unchanged page) is linked
    too: it was checked when it was published.  ``the_plan.linked`` lists every linked file.
    """
    site_s, fresh_s, staging_s = str(site), str(fresh), str(staging)
    desired: dict[str, tuple[str, int]] = {}  # path in the site → (where its bytes are, their inode)
    for rel, (ino, size, _) in files_of(fresh).items():
        old = manifest.files.get(rel)
        if old is not None and old[1] == size and _same_bytes(f"{site_s}/{rel}", f"{fresh_s}/{rel}"):
            desired[rel] = (f"{site_s}/{rel}", old[0])
            the_plan.linked.append(rel)
        else:
            desired[rel] = (f"{fresh_s}/{rel}", ino)
    skip_dirs = tuple(f"{d}/" for d in the_plan.drop_dirs)
    for rel, (ino, _, _) in manifest.files.items():
        if rel in desired or rel in the_plan.drop or rel.startswith(skip_dirs) or rel.startswith(f"{DELTA}/"):
            continue
        if the_plan.reindex and rel.startswith(f"{search.FOLDER}/"):
            continue
        desired[rel] = (f"{site_s}/{rel}", ino)
        the_plan.linked.append(rel)
    shutil.rmtree(staging / DELTA, ignore_errors=True)  # made again by index_delta
    present = files_of(staging)
    emptied: set[str] = set()
    for rel in present.keys() - desired.keys():
        os.unlink(f"{staging_s}/{rel}")
        emptied.add(rel.rpartition("/")[0])
    made: set[str] = set()
    for rel, (source, ino) in desired.items():
        now = present.get(rel)
        if now is not None and now[0] == ino:
            continue  # the spare holds this very file already
        target = f"{staging_s}/{rel}"
        if now is not None:
            os.unlink(target)
        else:
            folder = target.rpartition("/")[0]
            if folder not in made:
                os.makedirs(folder, exist_ok=True)
                made.add(folder)
        if source.startswith(fresh_s + "/"):
            os.rename(source, target)
        else:
            os.link(source, target)
    for folder in sorted(emptied, key=len, reverse=True):  # folders of pages that are gone
        while folder:
            try:
                os.rmdir(f"{staging_s}/{folder}")
            except OSError:
                break
            folder = folder.rpartition("/")[0]


def _same_bytes(a: str, b: str) -> bool:
    with open(a, "rb") as fa, open(b, "rb") as fb:
        return fa.read() == fb.read()


def index_delta(staging: Path, the_plan: Plan) -> None:
    """The second search bundle: the added reports' pages (or, with ``reindex``, the whole index)."""
    if the_plan.reindex:
        search.remove(staging)
        search.index(staging)
        search.no_delta(staging)
        return
    (staging / DELTA).mkdir()
    if the_plan.delta:
        with tempfile.TemporaryDirectory(prefix="gongkai-delta-") as tmp:
            for url in the_plan.delta:
                target = Path(tmp) / url / "index.html"
                target.parent.mkdir(parents=True, exist_ok=True)
                os.link(staging / url / "index.html", target)
            search.index(Path(tmp))
            for item in (Path(tmp) / search.FOLDER).iterdir():
                shutil.move(str(item), staging / DELTA / item.name)
    (staging / DELTA / search.DELTA_STATE).write_text(json.dumps({"bundle": bool(the_plan.delta)}), encoding="utf-8")
