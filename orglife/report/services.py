"""Writes to the situation report."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from orglife.common.locks import locked, locked_cycle
from orglife.cycles.models import Cycle
from orglife.materials.importing.ordinals import PART_RE
from orglife.orgs.models import User
from orglife.report.models import Report, ReportSection
from orglife.report.sources import report_parts

HEADING_LIMIT = 200
BODY_LIMIT = 20_000


def report_title(cycle: Cycle) -> str:
    return f"关于{cycle.branch.name}召开{cycle.title}情况的报告"


def report_opening(cycle: Cycle) -> str:
    basis = f"根据{cycle.notice.strip()}要求" if cycle.notice.strip() else "根据上级党组织的统一部署"
    return f"{basis}，{cycle.branch.name}认真组织召开了{cycle.title}。现将有关情况报告如下。"


@transaction.atomic
def report_generate(*, cycle: Cycle, by: User) -> Report:
    """Write the cycle's report afresh from its records (orglife.report.sources),
    replacing the title, opening and sections of an earlier one.

    Side effects: locks the cycle; creates or updates the Report; deletes its old
    ReportSection rows and creates one per source that has figures.
    """
    cycle = locked_cycle(cycle.pk)
    report, _ = Report.objects.update_or_create(
        cycle=cycle,
        defaults={
            "title": report_title(cycle),
            "opening": report_opening(cycle),
            "signature": cycle.branch.name,
            "signed_on": timezone.localdate(),
            "generated_at": timezone.now(),
            "updated_by": by,
        },
    )
    report.sections.all().delete()
    ReportSection.objects.bulk_create(
        ReportSection(report=report, position=n, heading=part.heading, body=part.body)
        for n, part in enumerate(report_parts(cycle), start=1)
    )
    return report


def _clean_heading(heading: str) -> str:
    heading = heading.strip()
    match = PART_RE.match(heading)
    if match:  # the print adds 一、 from the position
        heading = heading[match.end() :].strip()
    if not heading:
        raise ValidationError("请填写标题。")
    if len(heading) > HEADING_LIMIT:
        raise ValidationError(f"标题最多{HEADING_LIMIT}字。")
    return heading


def _check_body(body: str) -> str:
    if len(body) > BODY_LIMIT:
        raise ValidationError(f"正文最多{BODY_LIMIT}字，现有{len(body)}字。")
    return body.strip()


@transaction.atomic
def report_update(
    *, report: Report, by: User, title: str, opening: str, signature: str, signed_on: datetime.date | None
) -> Report:
    """Save the report's title, opening, signer and date.

    Side effects: locks the cycle; saves the Report. ValidationError, changing
    nothing, for an empty title or a too long text.
    """
    locked_cycle(report.cycle_id)
    title = title.strip()
    if not title:
        raise ValidationError("请填写标题。")
    report.title, report.opening = title[:300], _check_body(opening)
    report.signature, report.signed_on, report.updated_by = signature.strip()[:100], signed_on, by
    report.save(update_fields=["title", "opening", "signature", "signed_on", "updated_by", "updated_at"])
    return report


@transaction.atomic
def section_save(*, report: Report, by: User, heading: str, body: str, section: ReportSection | None = None):
    """Save a section's heading and body, or add one at the end when `section` is None.
    A typed ordinal (一、) at the heading's start is removed: the print numbers sections.

    Side effects: locks the cycle and the section; saves or creates it; touches the
    report. ValidationError, saving nothing, for an empty heading or a too long text.
    """
    locked_cycle(report.cycle_id)
    heading, body = _clean_heading(heading), _check_body(body)
    if section is None:
        top = report.sections.aggregate(n=Max("position"))["n"] or 0
        section = ReportSection.objects.create(report=report, position=top + 1, heading=heading, body=body)
    else:
        section = locked(ReportSection.objects.filter(pk=section.pk, report=report)).get()
        section.heading, section.body = heading, body
        section.save(update_fields=["heading", "body"])
    report.updated_by = by
    report.save(update_fields=["updated_by", "updated_at"])
    return section


@transaction.atomic
def section_delete(*, section: ReportSection, by: User) -> None:
    """Delete a section; those after it move up one place (their ordinals follow).

    Side effects: locks the cycle; deletes the section; renumbers the later ones.
    """
    report = section.report
    locked_cycle(report.cycle_id)
    section.delete()
    for position, later in enumerate(report.sections.order_by("position"), start=1):
        if later.position != position:
            ReportSection.objects.filter(pk=later.pk).update(position=position)
    report.updated_by = by
    report.save(update_fields=["updated_by", "updated_at"])
