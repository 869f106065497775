"""The material as a PDF, printed in-process with WeasyPrint and cached by content.

A render costs a few tenths of a second, so the PDF is kept in the "print" cache
under a key made of everything that decides its bytes: the HTML (which holds the
assembled paragraphs and the template), the stylesheet, the official fonts found
in the font folder and the WeasyPrint version. Editing the material, the
template, the stylesheet or the fonts therefore changes the key; nothing has to
be invalidated by hand.

One member's long material must not hold up everyone's print (a 300,000-character
material took 23 s, and the secretary's PDF waited behind it). Pango is not
thread-safe, so a process renders one PDF at a time under `_render_lock`; only
materials of up to IN_PROCESS_CHARS characters (about a second's work) are rendered
there, and a request waits at most WAIT_SECONDS for its turn. A longer material is
rendered in a child process (orglife.printing.worker), one at a time per process,
killed after TIMEOUT_SECONDS. When a turn does not come, or the child overruns,
PrintRefused says so in Chinese and the view answers 503: nobody waits long.
"""

from __future__ import annotations

import hashlib
import json
import logging
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path

import weasyprint
from django.core.cache import caches
from django.template.loader import render_to_string
from weasyprint.text.fonts import FontConfiguration

from orglife.document.assembly import Paragraph, Run, assemble
from orglife.models import Material

from . import fonts
from .fetcher import AssetFetcher
from .layout import balance_title, glue_nonstarters

logger = logging.getLogger(__name__)
ASSETS_DIR = Path(__file__).resolve().parent / "assets"
STYLESHEET = ASSETS_DIR / "print.css"
TEMPLATE = "printing/material.html"
CACHE_ALIAS = "print"

IN_PROCESS_CHARS = 40_000  # longer materials are rendered in a child process
WAIT_SECONDS = 10.0  # the longest a request waits for its turn to render
TIMEOUT_SECONDS = 60.0  # a child's render is killed after this
PROJECT_DIR = Path(__file__).resolve().parent.parent.parent


class PrintRefused(Exception):
    """The PDF cannot be made now (`busy`: another render holds the turn) or at all in time."""

    def __init__(self, message: str, *, busy: bool) -> None:
        super().__init__(message)
        self.message = message
        self.busy = busy


BUSY = "正在为其他材料生成PDF，请稍后再试（可以先导出Word）。"
FAILED = "未能生成PDF（材料可能太长）。请删减或拆分后再打印，也可以先导出Word。"
TOO_LONG = "这份材料太长，未能在{seconds:g}秒内生成PDF。请删减或拆分后再打印，也可以先导出Word。"


@dataclass(frozen=True)
class PrintJob:
    """What to print, and the content key the PDF is cached and tagged under."""

    html: str
    key: str
    faces: tuple[fonts.FontFace, ...] = field(default=())
    chars: int = 0  # characters of text printed, which the render time grows with


@dataclass
class _PrintParagraph:
    kind: str
    runs: list[Run]
    lines: list[str]

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


def prepare(material: Material) -> PrintJob:
    """The print job for `material`: its HTML and content key (queries, no rendering)."""
    paragraphs = assemble(material)
    html = render_html(material, paragraphs)
    faces = tuple(fonts.official_faces())
    digest = hashlib.sha256()
    for part in (html, _stylesheet_text(), fonts.font_version(faces), weasyprint.__version__):
        digest.update(part.encode())
        digest.update(b"\0")
    chars = sum(len(paragraph.text) for paragraph in paragraphs)
    return PrintJob(html=html, key=digest.hexdigest()[:32], faces=faces, chars=chars)


def render_html(material: Material, paragraphs: list[Paragraph]) -> str:
    """The HTML WeasyPrint lays out: the paragraphs, escaped, with balanced title lines."""
    body, signing = [], []
    for paragraph in paragraphs:
        runs = [Run(glue_nonstarters(run.text), run.style) for run in paragraph.runs]
        lines = [glue_nonstarters(line) for line in balance_title(paragraph.text)] if paragraph.kind == "title" else []
        (signing if paragraph.kind in ("signature", "date") else body).append(
            _PrintParagraph(paragraph.kind, runs, lines)
        )
    return render_to_string(
        TEMPLATE,
        {"title": material.title, "author": _author(material), "paragraphs": body, "signing": signing},
    )


def material_pdf(material: Material) -> tuple[PrintJob, bytes]:
    """The job and PDF bytes for `material`, from the cache when the content is unchanged.

    Side effect: stores a newly rendered PDF in the "print" cache.
    """
    job = prepare(material)
    return job, cached_pdf(job)


def cached_pdf(job: PrintJob) -> bytes:
    """The PDF for `job`: from the "print" cache, or rendered and stored there.

    Raises PrintRefused (see render_pdf), storing nothing.
    """
    cache = caches[CACHE_ALIAS]
    pdf = cache.get(job.key)
    if pdf is None:
        pdf = render_pdf(job)
        cache.set(job.key, pdf)
    return pdf


def render_pdf(job: PrintJob, *, fetcher: AssetFetcher | None = None) -> bytes:
    """Lay out and write the PDF, without the cache: in this process when the material
    is short (job.chars ≤ IN_PROCESS_CHARS), else in a child process.

    Raises PrintRefused when the turn to render does not come within WAIT_SECONDS
    (busy) or the child overruns TIMEOUT_SECONDS. `fetcher` (in-process renders)
    defaults to a fresh AssetFetcher; tests pass their own to see what WeasyPrint
    asked for.
    """
    if job.chars > IN_PROCESS_CHARS:
        return _render_in_child(job)
    if not _render_lock.acquire(timeout=WAIT_SECONDS):
        raise PrintRefused(BUSY, busy=True)
    try:
        font_config, stylesheet = _engine(job.faces)
        fetcher = fetcher or AssetFetcher(_asset_roots())
        document = weasyprint.HTML(string=job.html, base_url=ASSETS_DIR.as_uri() + "/", url_fetcher=fetcher)
        return document.write_pdf(stylesheets=[stylesheet], font_config=font_config)
    finally:
        _render_lock.release()


def _render_in_child(job: PrintJob) -> bytes:
    if not _child_slot.acquire(timeout=WAIT_SECONDS):
        raise PrintRefused(BUSY, busy=True)
    try:
        payload = {
            "html": job.html,
            "css": fonts.font_face_css(job.faces) + "\n" + _stylesheet_text(),
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
        raise PrintRefused(TOO_LONG.format(seconds=TIMEOUT_SECONDS), busy=False) from exc
    except subprocess.CalledProcessError as exc:  # e.g. past the child's memory limit
        logger.error("PDF worker failed (%s chars): %s", job.chars, exc.stderr.decode(errors="replace")[-2000:])
        raise PrintRefused(FAILED, busy=False) from exc
    finally:
        _child_slot.release()
    return done.stdout


# Pango and fontconfig are not thread-safe, and runserver and gunicorn's gthread
# workers serve requests in threads: one in-process render at a time.
_render_lock = threading.Lock()
# One child render at a time per process, so long materials cannot fill the machine.
_child_slot = threading.BoundedSemaphore(1)
# The parsed stylesheet and font configuration, kept for the process: WeasyPrint
# then keeps its font caches warm between renders, and the @font-face files are
# copied into the font configuration once instead of on every render.
_engine_state: dict[str, tuple[FontConfiguration, weasyprint.CSS]] = {}


def _engine(faces: tuple[fonts.FontFace, ...]) -> tuple[FontConfiguration, weasyprint.CSS]:
    version = fonts.font_version(faces) + hashlib.sha256(_stylesheet_text().encode()).hexdigest()
    if version not in _engine_state:
        _engine_state.clear()  # a removed font must not linger in the old configuration
        font_config = FontConfiguration()
        stylesheet = weasyprint.CSS(
            string=fonts.font_face_css(faces) + "\n" + _stylesheet_text(),
            base_url=ASSETS_DIR.as_uri() + "/",
            url_fetcher=AssetFetcher(_asset_roots()),
            font_config=font_config,
        )
        _engine_state[version] = (font_config, stylesheet)
    return _engine_state[version]


def _asset_roots() -> list[Path]:
    return [ASSETS_DIR, fonts.font_dir()]


_stylesheet_cache: dict[tuple[int, int], str] = {}


def _stylesheet_text() -> str:
    stat = STYLESHEET.stat()
    stamp = (stat.st_mtime_ns, stat.st_size)
    if stamp not in _stylesheet_cache:
        _stylesheet_cache.clear()
        _stylesheet_cache[stamp] = STYLESHEET.read_text(encoding="utf-8")
    return _stylesheet_cache[stamp]


def _author(material: Material) -> str:
    if material.kind == Material.Kind.PERSONAL and material.author:
        return material.author.get_full_name()
    return material.cycle.branch.name
