"""The meeting of a cycle (会议): its notice and plan, agenda, attendance, minutes,
criticism records and the signed versions of the minutes.

One meeting per cycle. Ordinals of agenda items (一、二、) come from positions and are
never stored. Whether the minutes are locked is derived from the two sign-offs.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from orglife.cycles.models import Cycle


class Meeting(models.Model):
    cycle = models.OneToOneField(Cycle, verbose_name=_("组织生活会"), on_delete=models.CASCADE, related_name="meeting")
    date = models.DateField(_("会议日期"))
    start_time = models.TimeField(_("开始时间"))
    place = models.CharField(_("会议地点"), max_length=100)
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("主持人"), on_delete=models.PROTECT, related_name="+"
    )
    recorder = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("记录人"), on_delete=models.PROTECT, related_name="+"
    )
    higher_attendee = models.CharField(
        _("上级指导人员"), max_length=100, blank=True, help_text=_("姓名和职务，如：区委组织部 李明")
    )
    attendees = models.CharField(_("参加人员"), max_length=200, default="支部全体党员")
    requirements = models.TextField(_("有关要求"), blank=True)
    notice_sent_at = models.DateTimeField(_("通知发出时间"), null=True, blank=True)
    notice_sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The minutes' own text outside the agenda items.
    higher_comments = models.TextField(_("上级指导人员点评"), blank=True)
    chair_signed_at = models.DateTimeField(_("主持人确认时间"), null=True, blank=True)
    recorder_signed_at = models.DateTimeField(_("记录人确认时间"), null=True, blank=True)
    correction_reason = models.CharField(_("更正原因"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        verbose_name = _("会议")
        verbose_name_plural = _("会议")

    def __str__(self) -> str:
        return str(self.cycle)

    @property
    def locked(self) -> bool:
        """Confirmed by both the chair and the recorder: the minutes take no edit."""
        return bool(self.chair_signed_at and self.recorder_signed_at)

    @property
    def signing(self) -> bool:
        """One of the two has confirmed: the text is held still for the other."""
        return bool(self.chair_signed_at or self.recorder_signed_at)


class AgendaItem(models.Model):
    class Kind(models.TextChoices):
        REPORT = "report", _("通报情况")
        CRITICISM = "criticism", _("批评和自我批评")
        HIGHER = "higher", _("上级点评")
        EVALUATION = "evaluation", _("民主评议")
        OTHER = "other", _("其他")

    meeting = models.ForeignKey(Meeting, verbose_name=_("会议"), on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(_("序号"))
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    title = models.CharField(_("议程"), max_length=200)
    points = models.TextField(_("发言要点"), blank=True)
    conclusion = models.TextField(_("结论"), blank=True)

    class Meta:
        verbose_name = _("会议议程")
        verbose_name_plural = _("会议议程")
        ordering = ["meeting", "position"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "position"], name="agendaitem_unique_position"),
        ]

    def __str__(self) -> str:
        return self.title


class Attendance(models.Model):
    """One member's presence or leave; no row is absence (缺席)."""

    class Status(models.TextChoices):
        PRESENT = "present", _("出席")
        LEAVE = "leave", _("请假")

    class Method(models.TextChoices):
        QR = "qr", _("扫码签到")
        PROXY = "proxy", _("代签")
        LATE = "late", _("补签")
        ASKED = "asked", _("本人请假")
        ENTERED = "entered", _("书记登记")

    meeting = models.ForeignKey(Meeting, verbose_name=_("会议"), on_delete=models.CASCADE, related_name="attendances")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("党员"), on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(_("情况"), max_length=10, choices=Status.choices)
    method = models.CharField(_("方式"), max_length=10, choices=Method.choices)
    reason = models.CharField(_("请假原因"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("登记时间"), auto_now=True)

    class Meta:
        verbose_name = _("签到与请假")
        verbose_name_plural = _("签到与请假")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="attendance_unique_user"),
            models.CheckConstraint(
                condition=(models.Q(status="present", method__in=["qr", "proxy", "late"]))
                | (models.Q(status="leave", method__in=["asked", "entered"])),
                name="attendance_method_fits_status",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_status_display()}"


class CriticismTurn(models.Model):
    """One member's turn in 批评与自我批评: the self-criticism and the response."""

    meeting = models.ForeignKey(Meeting, verbose_name=_("会议"), on_delete=models.CASCADE, related_name="turns")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("党员"), on_delete=models.CASCADE, related_name="+"
    )
    self_criticism = models.TextField(_("自我批评"), blank=True)
    response = models.TextField(_("本人表态"), blank=True)

    class Meta:
        verbose_name = _("批评与自我批评")
        verbose_name_plural = _("批评与自我批评")
        constraints = [models.UniqueConstraint(fields=["meeting", "member"], name="criticismturn_unique_member")]

    def __str__(self) -> str:
        return str(self.member)


class CriticismRemark(models.Model):
    """A criticism one member received in their turn: from whom, what."""

    turn = models.ForeignKey(CriticismTurn, verbose_name=_("发言"), on_delete=models.CASCADE, related_name="remarks")
    position = models.PositiveSmallIntegerField(_("序号"))
    speaker = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("提出人"), on_delete=models.CASCADE, related_name="+"
    )
    text = models.TextField(_("批评意见"))

    class Meta:
        verbose_name = _("批评意见")
        verbose_name_plural = _("批评意见")
        ordering = ["turn", "position"]
        constraints = [models.UniqueConstraint(fields=["turn", "position"], name="criticismremark_unique_position")]

    def __str__(self) -> str:
        return self.text[:30]


class MinutesVersion(models.Model):
    """The minutes as the chair and the recorder confirmed them; a correction adds the next number."""

    meeting = models.ForeignKey(Meeting, verbose_name=_("会议"), on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("版本"))
    snapshot = models.JSONField(_("内容"))
    reason = models.CharField(_("更正原因"), max_length=200, blank=True)
    chair_signed_at = models.DateTimeField(_("主持人确认时间"))
    recorder_signed_at = models.DateTimeField(_("记录人确认时间"))
    created_at = models.DateTimeField(_("锁定时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("会议记录版本")
        verbose_name_plural = _("会议记录版本")
        ordering = ["meeting", "number"]
        constraints = [models.UniqueConstraint(fields=["meeting", "number"], name="minutesversion_unique_number")]

    def __str__(self) -> str:
        return f"{self.meeting} · {self.number}"
