"""Downloads of a material: the official PDF and the Word file."""

from io import BytesIO

from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import quote_etag
from django.views.decorators.http import require_GET

from orglife.printing import docx, pdf
from orglife.printing.names import download_name

from .access import get_material

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@require_GET
def material_pdf(request: HttpRequest, material_id: int) -> HttpResponse:
    material = get_material(request, material_id)
    job = pdf.prepare(material)
    # The ETag is the content key: an unchanged material is answered with 304
    # before anything is rendered or read from the cache.
    etag = quote_etag(job.key)
    not_modified = get_conditional_response(request, etag=etag)
    if not_modified is not None:
        return not_modified
    try:
        data = pdf.cached_pdf(job)
    except pdf.PrintRefused as refused:
        response = render(
            request, "printing/refused.html", {"material": material, "message": refused.message}, status=503
        )
        if refused.busy:
            response["Retry-After"] = "10"
        return response
    response = FileResponse(
        BytesIO(data),
        as_attachment=True,
        filename=download_name(material, "pdf"),
        content_type="application/pdf",
    )
    response["ETag"] = etag
    patch_cache_control(response, private=True, no_cache=True)
    return response


@require_GET
def material_docx(request: HttpRequest, material_id: int) -> HttpResponse:
    material = get_material(request, material_id)
    response = FileResponse(
        BytesIO(docx.material_docx(material)),
        as_attachment=True,
        filename=download_name(material, "docx"),
        content_type=DOCX_CONTENT_TYPE,
    )
    patch_cache_control(response, private=True, no_cache=True)
    return response
