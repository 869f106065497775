"""The material as a PDF, printed in-process with WeasyPrint and cached by content.

A render costs a few tenths of a second, so the PDF is kept in the "print" cache
under a key made of everything that decides its bytes: the HTML (which holds the
assembled paragraphs and the template), the stylesheet, the official fonts found
in the font folder and the WeasyPrint version. Editing the material, the
template, the stylesheet or the fonts therefore changes the key; nothing has to
be invalidated by hand.
"""

from __future__ import annotations

import hashlib
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

ASSETS_DIR = Path(__file__).resolve().parent / "assets"
STYLESHEET = ASSETS_DIR / "print.css"
TEMPLATE = "printing/material.html"
CACHE_ALIAS = "print"


@dataclass(frozen=True)
class PrintJob:
    """What to print, and the content key the PDF is cached and tagged under."""

    html: str
    key: str
    faces: tuple[fonts.FontFace, ...] = field(default=())


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
    html = render_html(material, assemble(material))
    faces = tuple(fonts.official_faces())
    digest = hashlib.sha256()
    for part in (html, _stylesheet_text(), fonts.font_version(faces), weasyprint.__version__):
        digest.update(part.encode())
        digest.update(b"\0")
    return PrintJob(html=html, key=digest.hexdigest()[:32], faces=faces)


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
    """The PDF for `job`: from the "print" cache, or rendered and stored there."""
    cache = caches[CACHE_ALIAS]
    pdf = cache.get(job.key)
    if pdf is None:
        pdf = render_pdf(job)
        cache.set(job.key, pdf)
    return pdf


def render_pdf(job: PrintJob, *, fetcher: AssetFetcher | None = None) -> bytes:
    """Lay out and write the PDF, without the cache.

    `fetcher` defaults to a fresh AssetFetcher; tests pass their own to see what
    WeasyPrint asked for.
    """
    fetcher = fetcher or AssetFetcher(_asset_roots())
    with _render_lock:
        font_config, stylesheet = _engine(job.faces)
        document = weasyprint.HTML(string=job.html, base_url=ASSETS_DIR.as_uri() + "/", url_fetcher=fetcher)
        return document.write_pdf(stylesheets=[stylesheet], font_config=font_config)


# Pango and fontconfig are not thread-safe, and runserver serves requests in threads.
_render_lock = threading.Lock()
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
