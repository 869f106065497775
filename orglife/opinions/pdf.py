"""The summary table and the QR poster as PDF (WeasyPrint, segno)."""

from __future__ import annotations

import segno
from django.db.models import QuerySet
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from orglife.models import Campaign, Opinion
from orglife.selectors_opinion import opinion_counts, opinion_counts_sentence

from .summary import campaign_period, summary_rows


def data_only_fetcher() -> URLFetcher:
    """Lets WeasyPrint read data: URLs (the inline QR code) and nothing else.

    Opinion text comes from the public; the template escapes it, and this fetcher
    is the second wall against a file:// or http:// resource ending up in the PDF.
    """
    return URLFetcher(allowed_protocols=("data",), allow_redirects=False, timeout=1)


def _pdf(template: str, context: dict) -> bytes:
    return HTML(string=render_to_string(template, context), url_fetcher=data_only_fetcher()).write_pdf()


def summary_pdf(*, campaign: Campaign, opinions: QuerySet[Opinion]) -> bytes:
    """The 意见建议汇总表 on landscape A4, with counts by source and category."""
    counts = opinion_counts(opinions)
    return _pdf(
        "opinions/summary_pdf.html",
        {
            "campaign": campaign,
            "period": campaign_period(campaign),
            "rows": summary_rows(opinions),
            "counts": counts,
            "sentence": opinion_counts_sentence(counts),
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
