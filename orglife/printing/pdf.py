"""The one print engine: every PDF the cycle produces is rendered here.

A kind of document (the material, the opinion summary and poster now; minutes,
sign-in sheets, ballots, ledgers and reports next) is a `Document`, which names
its stylesheets and what a refusal tells the user, and a Django template. Printing
it is one call, `render_pdf(document=..., template=..., context=...)`, and the
engine does the same for every document:

- Fonts. The official fonts found in ORGLIFE_FONT_DIR and the cut-down fallbacks
  are registered once per process (orglife.printing.fonts), and every stylesheet
  takes its font lists from the `--font-<role>` variables, so each document prints
  in the official fonts when a deployment has them and in the free ones otherwise.
- The page. Stylesheets are files in assets/: `gbt9704.css` is the GB/T 9704-2012
  page (A4, the 156 × 225 mm text block, 仿宋 body, 黑体/楷体 headings, `— 1 —`
  page numbers) for every 公文-like document; a table or a poster has its own.
- Safety. WeasyPrint reads only through AssetFetcher, which serves our assets and
  fonts and refuses every file://, http(s):// or data: URL, whatever slipped into
  the HTML; templates keep autoescaping on for every string users typed.
- The cache. A PDF is kept in the "print" cache under a key made of everything
  that decides its bytes: the HTML (the data and the template), the stylesheets,
  the fonts and the WeasyPrint version. Changing any of them changes the key;
  nothing has to be invalidated by hand, and the key serves as an ETag.
- The turn. Pango is not thread-safe, so a process renders one PDF at a time under
  `_render_lock`, and a request waits at most WAIT_SECONDS for its turn. A long
  document (over IN_PROCESS_CHARS characters, about a second's work) must not hold
  everyone else's print up (a 300,000-character material took 23 s): it is
  rendered in a child process (orglife.printing.worker), one at a time per
  process, killed after TIMEOUT_SECONDS. When a turn does not come or the child
  overruns, PrintRefused carries the document's message in Chinese and the view
  answers 503: nobody waits long.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import weasyprint
from django.core.cache import caches
from django.template.loader import render_to_string
from weasyprint.text.fonts import FontConfiguration

from orglife.printing import fonts
from orglife.printing.fetcher import AssetFetcher

logger = logging.getLogger(__name__)
ASSETS_DIR = Path(__file__).resolve().parent / "assets"
# The official page (GB/T 9704-2012) every 公文-like document prints on.
GBT9704 = ASSETS_DIR / "gbt9704.css"
# What every printed table shares, loaded before a table print's own sheet.
TABLES = ASSETS_DIR / "tables.css"
CACHE_ALIAS = "print"

IN_PROCESS_CHARS = 40_000  # longer documents are rendered in a child process
WAIT_SECONDS = 10.0  # the longest a request waits for its turn to render
TIMEOUT_SECONDS = 60.0  # a child's render is killed after this
PROJECT_DIR = Path(__file__).resolve().parent.parent.parent


class PrintRefused(Exception):
    """The PDF cannot be made now (`busy`: another render holds the turn) or at all in time."""

    def __init__(self, message: str, *, busy: bool) -> None:
        super().__init__(message)
        self.message = message
        self.busy = busy


@dataclass(frozen=True)
class Document:
    """A kind of printed document: its stylesheets, and what a refused print tells the user.

    `stylesheets` are applied in order after the engine's font rules; `too_long`
    may hold `{seconds}`, the time limit of a child's render.
    """

    name: str
    stylesheets: tuple[Path, ...]
    busy: str = "正在生成其他PDF，请稍后再试。"
    too_long: str = "未能在{seconds:g}秒内生成PDF，内容可能太长。"
    failed: str = "未能生成PDF，内容可能太长。"


@dataclass(frozen=True)
class PrintJob:
    """What to print, and the content key the PDF is cached and tagged under."""

    document: Document
    html: str
    key: str
    faces: tuple[fonts.FontFace, ...] = field(default=())
    chars: int = 0  # characters of text printed, which the render time grows with


def render_pdf(*, document: Document, template: str, context: dict[str, Any]) -> bytes:
    """The PDF of `template` rendered with `context`, printed as `document`.

    This is all a new kind of document needs: a `Document` (its stylesheets in
    assets/, `GBT9704` for an official page), an HTML template that autoescapes
    what users typed, and this call. The fonts, the safe fetcher, the render
    lock and child-process queue, and the cache are the engine's (module
    docstring). There is no cache key to pass: the key is made of everything that
    decides the bytes, so a caller cannot forget a part of it. A view that wants
    an ETag calls `prepare` and `cached_pdf` instead, and uses `job.key`.

    Side effect: stores a newly rendered PDF in the "print" cache.
    Raises PrintRefused (with the document's message) when the turn to render
    does not come within WAIT_SECONDS or a long document's render overruns.
    """
    return cached_pdf(prepare(document=document, template=template, context=context))


# Markup, to count roughly how much text a document prints.
_TAG = re.compile(r"<[^>]*>")


def prepare(*, document: Document, template: str, context: dict[str, Any], chars: int | None = None) -> PrintJob:
    """The print job: the rendered HTML and its content key (renders the template, not the PDF).

    `chars`, the characters printed, decides whether the render runs in a child
    process; by default it is the length of the HTML without its tags.
    """
    html = render_to_string(template, context)
    faces = tuple(fonts.official_faces())
    digest = hashlib.sha256()
    for part in (html, _font_rules_text(faces), fonts.font_version(faces), _stylesheet_text(document)):
        digest.update(part.encode())
        digest.update(b"\0")
    digest.update(weasyprint.__version__.encode())
    if chars is None:
        chars = len(_TAG.sub("", html))
    return PrintJob(document=document, html=html, key=digest.hexdigest()[:32], faces=faces, chars=chars)


def cached_pdf(job: PrintJob) -> bytes:
    """The PDF for `job`: from the "print" cache, or rendered and stored there.

    Raises PrintRefused (see render), storing nothing.
    """
    cache = caches[CACHE_ALIAS]
    pdf = cache.get(job.key)
    if pdf is None:
        pdf = render(job)
        cache.set(job.key, pdf)
    return pdf


def render(job: PrintJob, *, fetcher: AssetFetcher | None = None) -> bytes:
    """Lay out and write the PDF, without the cache: in this process when the document
    is short (job.chars ≤ IN_PROCESS_CHARS), else in a child process.

    Raises PrintRefused when the turn to render does not come within WAIT_SECONDS
    (busy) or the child overruns TIMEOUT_SECONDS. `fetcher` (in-process renders)
    defaults to a fresh AssetFetcher; tests pass their own to see what WeasyPrint
    asked for.
    """
    if job.chars > IN_PROCESS_CHARS:
        return _render_in_child(job)
    if not _render_lock.acquire(timeout=WAIT_SECONDS):
        raise PrintRefused(job.document.busy, busy=True)
    try:
        font_config, font_rules = _fonts(job.faces)
        stylesheets = [font_rules, _stylesheet(job.document)]
        fetcher = fetcher or AssetFetcher(_asset_roots())
        document = weasyprint.HTML(string=job.html, base_url=ASSETS_DIR.as_uri() + "/", url_fetcher=fetcher)
        return document.write_pdf(stylesheets=stylesheets, font_config=font_config)
    finally:
        _render_lock.release()


def _render_in_child(job: PrintJob) -> bytes:
    if not _child_slot.acquire(timeout=WAIT_SECONDS):
        raise PrintRefused(job.document.busy, busy=True)
    try:
        payload = {
            "html": job.html,
            "css": _font_rules_text(job.faces) + "\n" + _stylesheet_text(job.document),
            "base_url": ASSETS_DIR.as_uri() + "/",
            "roots": [str(root) for root in _asset_roots()],
        }
        done = subprocess.run(
            [sys.executable, "-m", "orglife.printing.worker"],
            input=json.dumps(payload).encode(),
            capture_output=True,
            cwd=PROJECT_DIR,
            timeout=TIMEOUT_SECONDS,
            check=True,
        )
    except subprocess.TimeoutExpired as exc:  # run() has killed the child
        raise PrintRefused(job.document.too_long.format(seconds=TIMEOUT_SECONDS), busy=False) from exc
    except subprocess.CalledProcessError as exc:  # e.g. past the child's memory limit
        logger.error(
            "PDF worker failed (%s, %s chars): %s",
            job.document.name,
            job.chars,
            exc.stderr.decode(errors="replace")[-2000:],
        )
        raise PrintRefused(job.document.failed, busy=False) from exc
    finally:
        _child_slot.release()
    return done.stdout


# Pango and fontconfig are not thread-safe, and runserver and gunicorn's gthread
# workers serve requests in threads: one in-process render at a time, whatever
# the document.
_render_lock = threading.Lock()
# One child render at a time per process, so long documents cannot fill the machine.
_child_slot = threading.BoundedSemaphore(1)
# The font configuration with its @font-face rules, and each document's parsed
# stylesheets, kept for the process: WeasyPrint then keeps its font caches warm
# between renders, and the font files are copied into the font configuration once
# instead of on every render. Only touched under _render_lock.
_fonts_state: dict[str, tuple[FontConfiguration, weasyprint.CSS]] = {}
_stylesheet_state: dict[str, tuple[str, weasyprint.CSS]] = {}


def _font_rules_text(faces: tuple[fonts.FontFace, ...]) -> str:
    """The @font-face rules of the fonts found, and the --font-<role> lists."""
    return fonts.font_face_css(faces) + "\n" + fonts.font_stack_css()


def _fonts(faces: tuple[fonts.FontFace, ...]) -> tuple[FontConfiguration, weasyprint.CSS]:
    version = fonts.font_version(faces) + _font_rules_text(faces)
    if version not in _fonts_state:
        _fonts_state.clear()  # a removed font must not linger in the old configuration
        font_config = FontConfiguration()
        rules = weasyprint.CSS(
            string=_font_rules_text(faces),
            base_url=ASSETS_DIR.as_uri() + "/",
            url_fetcher=AssetFetcher(_asset_roots()),
            font_config=font_config,
        )
        _fonts_state[version] = (font_config, rules)
    return _fonts_state[version]


def _stylesheet(document: Document) -> weasyprint.CSS:
    text = _stylesheet_text(document)
    kept = _stylesheet_state.get(document.name)
    if kept is None or kept[0] != text:
        stylesheet = weasyprint.CSS(
            string=text, base_url=ASSETS_DIR.as_uri() + "/", url_fetcher=AssetFetcher(_asset_roots())
        )
        kept = _stylesheet_state[document.name] = (text, stylesheet)
    return kept[1]


def _asset_roots() -> list[Path]:
    return [ASSETS_DIR, fonts.font_dir()]


_file_cache: dict[Path, tuple[tuple[int, int], str]] = {}


def _stylesheet_text(document: Document) -> str:
    return "\n".join(_read(path) for path in document.stylesheets)


def _read(path: Path) -> str:
    """A stylesheet's text, read again only when the file changed."""
    stat = path.stat()
    stamp = (stat.st_mtime_ns, stat.st_size)
    kept = _file_cache.get(path)
    if kept is None or kept[0] != stamp:
        kept = _file_cache[path] = (stamp, path.read_text(encoding="utf-8"))
    return kept[1]
