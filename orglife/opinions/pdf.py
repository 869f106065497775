"""The summary table and the QR poster as PDF (WeasyPrint, segno)."""

from __future__ import annotations

import segno
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from orglife.models import Campaign

from .summary import Summary, campaign_period


def data_only_fetcher() -> URLFetcher:
    """Lets WeasyPrint read data: URLs (the inline QR code) and nothing else.

    Opinion text comes from the public; the template escapes it, and this fetcher
    is the second wall against a file:// or http:// resource ending up in the PDF.
    """
    return URLFetcher(allowed_protocols=("data",), allow_redirects=False, timeout=1)


def _pdf(template: str, context: dict) -> bytes:
    return HTML(string=render_to_string(template, context), url_fetcher=data_only_fetcher()).write_pdf()


def summary_pdf(*, campaign: Campaign, summary: Summary) -> bytes:
    """The 意见建议汇总表 on landscape A4, the merged texts listed under each row's
    text, with counts by source and category."""
    return _pdf(
        "opinions/summary_pdf.html",
        {
            "campaign": campaign,
            "period": campaign_period(campaign),
            "rows": summary.rows,
            "counts": summary.counts,
            "sentence": summary.sentence,
        },
    )


def qr_data_uri(url: str) -> str:
    """The link as an SVG QR code, inline, so printing fetches nothing."""
    return segno.make(url, error="m", micro=False).svg_data_uri(scale=10, border=2)


def poster_pdf(*, campaign: Campaign, url: str) -> bytes:
    """An A4 notice-board poster: what is asked, until when, and a QR code of `url`."""
    return _pdf(
        "opinions/poster_pdf.html",
        {"campaign": campaign, "period": campaign_period(campaign), "url": url, "qr": qr_data_uri(url)},
    )
