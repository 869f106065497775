"""The summary table and the QR poster as PDF, printed by the print engine.

Both go through orglife.printing.pdf like every document: the official fonts,
the render lock and child-process queue, the fetcher that reads nothing outside
our assets, and the cache by content.
"""

from __future__ import annotations

import segno
from django.utils.safestring import SafeString, mark_safe

from orglife.opinions.models import Campaign
from orglife.opinions.summary import Summary, campaign_period
from orglife.printing import pdf

SUMMARY = pdf.Document(
    name="opinion-summary",
    stylesheets=(pdf.TABLES, pdf.ASSETS_DIR / "opinion-summary.css"),
    busy="正在生成其他PDF，请稍后再试（可以先下载Excel汇总表）。",
    too_long="汇总表太长，未能在{seconds:g}秒内生成PDF。请先下载Excel汇总表。",
    failed="未能生成汇总表PDF。请先下载Excel汇总表。",
)
POSTER = pdf.Document(name="opinion-poster", stylesheets=(pdf.ASSETS_DIR / "opinion-poster.css",))


def summary_pdf(*, campaign: Campaign, summary: Summary) -> bytes:
    """The 意见建议汇总表 on landscape A4, the merged texts listed under each row's
    text, with counts by source and category.

    Side effect: caches a newly rendered PDF. Raises pdf.PrintRefused.
    """
    return pdf.render_pdf(
        document=SUMMARY,
        template="opinions/summary_pdf.html",
        context={
            "campaign": campaign,
            "period": campaign_period(campaign),
            "rows": summary.rows,
            "counts": summary.counts,
            "sentence": summary.sentence,
        },
    )


def qr_svg(url: str) -> SafeString:
    """The link as an inline SVG QR code, so printing fetches nothing.

    segno writes only the code's path, never the text of `url`, so the markup
    carries nothing a user typed.
    """
    code = segno.make(url, error="m", micro=False)
    return mark_safe(code.svg_inline(scale=10, border=2, svgclass="qr", omitsize=True))


def poster_pdf(*, campaign: Campaign, url: str) -> bytes:
    """An A4 notice-board poster: what is asked, until when, and a QR code of `url`.

    Side effect: caches a newly rendered PDF. Raises pdf.PrintRefused.
    """
    return pdf.render_pdf(
        document=POSTER,
        template="opinions/poster_pdf.html",
        context={"campaign": campaign, "period": campaign_period(campaign), "url": url, "qr": qr_svg(url)},
    )
