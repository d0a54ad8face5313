"""Putting a checked site in place: which folders may be written (``folders``), the atomic swap
(``swap``), and republishing in seconds (``manifest`` → ``plan`` → ``assemble``).

Every ``gongkai build`` leaves a manifest in ``build/cache/`` (git-ignored): the key of
everything a page can depend on besides the reports (code, mkdocs.yml, authored pages,
theme and tool versions), each report's redaction result (``redaction.pipeline.slim``), a
digest of every generated page and file, the inode, size and time of every published file,
the strings the leak guard checked them against, the guard's views of every file
(``leakguard.Kept``), and which search fragment belongs to which page.

The next build is a *republish* when the key is the same and the site folder is exactly
the one the manifest describes (same files, same inodes, sizes and times); otherwise it is
a full build.  A republish

1. runs the pipeline only for reports whose bytes (or images) changed, takes the others
   from the manifest, and decides every report's status again (dates, sign-offs);
2. renders the pages of those reports and every listing, statistics, home and data page,
   and writes (through MkDocs) only those whose digest changed, plus the authored pages,
   the pages they and the nav may link to (every generated page but the reports and the
   listings' later pages), the theme's assets, the sitemap and the 404 page;
3. hard-links every other file of the published site into the staging folder, which is the
   previous site kept beside it (``swap.spare_of``): its folders exist already and most of
   its files are the very files to keep; MkDocs writes into a fresh folder, and its files are
   moved in (a linked file is never written through);
4. indexes the pages of reports added since the whole index was built into a small second
   search bundle (``pagefind-delta/``) that the search page merges with the main one.  A page
   of the main bundle that changed or is gone means the whole index is rebuilt: Pagefind's
   chunks hold every page's words, and a superseded page's words would stay readable in
   them (so the index is always what a full build makes, page for page); so does a delta
   past ``DELTA_LIMIT`` pages, or a newly withheld string the guard finds in the main bundle;
5. runs the leak guard in full over every file written in this build, and over every
   linked file for each string withheld for the first time in this build (``scan_kept``):
   a linked file is byte for byte a file the guard passed before, against every other string.

Nothing here imports MkDocs.
"""
