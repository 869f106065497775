"""The only way WeasyPrint may read anything while printing.

WeasyPrint's default fetcher reads any `file://` URL and follows HTTP redirects,
so a `<link rel=attachment href=file:///etc/passwd>` that slipped into the HTML
would embed that file in the PDF. User text is escaped by the template, and this
fetcher is the second wall: it serves regular files under the app's own asset
folders (the print stylesheet's folder and the font folder) and refuses every
other URL, including http(s), data: and paths that climb out with `..`.
"""

from __future__ import annotations

import mimetypes
import os
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.urls import URLFetcher, URLFetcherResponse


class ForbiddenURL(ValueError):
    """Raised for a URL outside the app's print assets; WeasyPrint then skips the resource."""


class AssetFetcher(URLFetcher):
    """Serves files under `roots` and nothing else; records what it was asked for."""

    def __init__(self, roots: Iterable[Path]) -> None:
        super().__init__(allowed_protocols=("file",), allow_redirects=False, timeout=2)
        self.roots = [Path(os.path.normpath(os.path.abspath(root))) for root in roots]
        self.requested: list[str] = []
        self.refused: list[str] = []

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        self.requested.append(url)
        try:
            path = self.allowed_path(url)
        except ForbiddenURL:
            self.refused.append(url)
            raise
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": content_type})

    def allowed_path(self, url: str) -> Path:
        """The file `url` names, if it is a regular file under one of the roots."""
        parts = urlsplit(url)
        if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
            raise ForbiddenURL(f"打印时不允许读取：{url}")
        # Lexical normalisation (not resolve()) so that `..` cannot climb out,
        # while a font the administrator symlinked into the folder still works.
        path = Path(os.path.normpath(unquote(parts.path)))
        if not any(path.is_relative_to(root) for root in self.roots) or not path.is_file():
            raise ForbiddenURL(f"打印时不允许读取：{url}")
        return path
