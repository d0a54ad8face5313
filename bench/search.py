"""One search in a real browser: bytes transferred and time to the first result.

    python bench/search.py SITE_DIR [QUERY ...]

Serves a built site on 127.0.0.1, opens its search page in Chromium (an empty cache for
every query), types the query into the search box and presses Enter; prints, per query,
the number of results, the time from Enter to the first result on screen, and the bytes
the search fetched (Pagefind's script, WebAssembly, index chunks and fragments) — as served
here (no compression) and as a server that gzips its text files would send them.
Not part of the test run.
"""

from __future__ import annotations

import gzip
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browsing import chromium, served  # noqa: E402

QUERIES = ["停车", "垃圾分类", "养老服务补贴", "满意度", "城市管理局"]
COMPRESSIBLE = (".js", ".json", ".css", ".html")


def main() -> None:
    site = Path(sys.argv[1])
    queries = sys.argv[2:] or QUERIES
    print(f"{'query':<12} {'results':>7} {'first result s':>14} {'search KB':>10} {'gzip KB':>8} {'requests':>8}")
    with served(site) as url, chromium() as browser:
        for query in queries:
            context = browser.new_context()
            page = context.new_page()
            page.goto(url + "search/", wait_until="networkidle")
            fetched: list = []
            page.on("response", lambda r: fetched.append(r))
            box = page.locator("#gk-search-q")
            box.fill(query)
            start = time.perf_counter()
            box.press("Enter")
            page.locator(".gk-search__result, #gk-search-status:has-text('没有找到')").first.wait_for(timeout=30_000)
            took = time.perf_counter() - start
            page.wait_for_load_state("networkidle")
            count = page.locator("#gk-search-status").inner_text()
            raw = wire = 0
            for response in fetched:
                path = urlparse(response.url).path
                if "/pagefind" not in path or response.status != 200:
                    continue
                body = response.body()
                raw += len(body)
                wire += len(gzip.compress(body)) if path.endswith(COMPRESSIBLE) else len(body)
            found = page.locator(".gk-search__result").count()
            print(f"{query:<12} {found:>7} {took:>14.2f} {raw / 1024:>10.0f} {wire / 1024:>8.0f} {len(fetched):>8}"
                  f"   {count}", flush=True)
            context.close()


if __name__ == "__main__":
    main()
