"""Downloads of printed documents: the material's PDF and Word file, and the one
way every view hands out a PDF from the print engine."""

from dataclasses import dataclass
from io import BytesIO

from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import quote_etag
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from orglife.orgs.access import get_material
from orglife.printing import material as material_print
from orglife.printing import pdf
from orglife.printing.names import download_name

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass(frozen=True)
class Link:
    """Somewhere to go instead when a PDF cannot be made now."""

    url: str
    label: str


def pdf_download(
    request: HttpRequest, job: pdf.PrintJob, *, filename: str, subject: str, links: list[Link]
) -> HttpResponse:
    """The PDF of `job` as a download named `filename`, tagged with its content key.

    The ETag is the content key: an unchanged document is answered with 304
    before anything is rendered or read from the cache. When the engine refuses
    (busy, or too long), `print_refused` answers. Side effect: caches a newly
    rendered PDF.
    """
    etag = quote_etag(job.key)
    not_modified = get_conditional_response(request, etag=etag)
    if not_modified is not None:
        return not_modified
    try:
        data = pdf.cached_pdf(job)
    except pdf.PrintRefused as refused:
        return print_refused(request, refused, subject=subject, links=links)
    response = FileResponse(BytesIO(data), as_attachment=True, filename=filename, content_type="application/pdf")
    response["ETag"] = etag
    patch_cache_control(response, private=True, no_cache=True)
    return response


def print_refused(request: HttpRequest, refused: pdf.PrintRefused, *, subject: str, links: list[Link]) -> HttpResponse:
    """503: why the PDF of `subject` cannot be made now, and `links` to go on with;
    when the engine was busy, a Retry-After of 10 s."""
    context = {"subject": subject, "message": refused.message, "links": links}
    response = render(request, "printing/refused.html", context, status=503)
    if refused.busy:
        response["Retry-After"] = "10"
    return response


@require_GET
def material_pdf(request: HttpRequest, material_id: int) -> HttpResponse:
    material = get_material(request, material_id)
    links = [
        Link(reverse("material", args=[material.pk]), _("返回材料")),
        Link(reverse("material_docx", args=[material.pk]), _("导出 Word")),
    ]
    job = material_print.material_job(material)
    return pdf_download(request, job, filename=download_name(material, "pdf"), subject=material.title, links=links)


@require_GET
def material_docx(request: HttpRequest, material_id: int) -> HttpResponse:
    material = get_material(request, material_id)
    response = FileResponse(
        BytesIO(material_print.material_docx(material)),
        as_attachment=True,
        filename=download_name(material, "docx"),
        content_type=DOCX_CONTENT_TYPE,
    )
    patch_cache_control(response, private=True, no_cache=True)
    return response
