"""Render one long document's PDF in a child process: `python -m orglife.printing.worker`.

orglife.printing.pdf sends a long document here, so that its render holds neither
the process's render lock (every other PDF would wait behind it) nor more than
MEMORY_BYTES, and is killed when it overruns its time. It reads a JSON job on
stdin ({html, css, base_url, roots}) and writes the PDF to stdout. It needs no
Django: only WeasyPrint and the same AssetFetcher, which serves the print assets
and fonts under `roots` and refuses every other URL.
"""

from __future__ import annotations

import json
import resource
import sys
from pathlib import Path

MEMORY_BYTES = 3 * 1024**3


def main() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))
    job = json.load(sys.stdin)

    import weasyprint
    from weasyprint.text.fonts import FontConfiguration

    from orglife.printing.fetcher import AssetFetcher

    fetcher = AssetFetcher(Path(root) for root in job["roots"])
    font_config = FontConfiguration()
    stylesheet = weasyprint.CSS(
        string=job["css"], base_url=job["base_url"], url_fetcher=fetcher, font_config=font_config
    )
    document = weasyprint.HTML(string=job["html"], base_url=job["base_url"], url_fetcher=fetcher)
    sys.stdout.buffer.write(document.write_pdf(stylesheets=[stylesheet], font_config=font_config))


if __name__ == "__main__":
    main()
