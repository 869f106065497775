"""Heart-to-heart talks (谈心谈话): the record of each talk, who took part, the opinions
filed from it, and which committee member is responsible for which member."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from orglife.cycles.models import Cycle
from orglife.opinions.models import Opinion
from orglife.orgs.models import Organisation


class Talk(models.Model):
    """One talk of a cycle: when, where, how, what was said and what was raised.

    Who took part is in TalkParticipant: one 谈话人 (who led it) and one or more
    谈话对象. Every pair of its participants counts as having talked
    (orglife.talks.selectors.coverage), a 集体谈 included.
    """

    class Form(models.TextChoices):
        FACE = "face", _("面谈")
        PHONE = "phone", _("电话")
        GROUP = "group", _("集体谈")

    cycle = models.ForeignKey(Cycle, verbose_name=_("组织生活会"), on_delete=models.PROTECT, related_name="talks")
    held_on = models.DateField(_("谈话日期"))
    place = models.CharField(_("谈话地点"), max_length=100, blank=True)
    form = models.CharField(_("谈话形式"), max_length=10, choices=Form.choices, default=Form.FACE)
    topics = models.TextField(_("谈话内容"))
    opinions = models.TextField(_("提出的意见建议"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("记录人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        verbose_name = _("谈心谈话")
        verbose_name_plural = _("谈心谈话")
        ordering = ["cycle", "-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.held_on} {self.get_form_display()}"


class TalkParticipant(models.Model):
    class Role(models.TextChoices):
        LEAD = "lead", _("谈话人")
        PARTNER = "partner", _("谈话对象")

    talk = models.ForeignKey(Talk, verbose_name=_("谈心谈话"), on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("参加人"), on_delete=models.PROTECT, related_name="talks_joined"
    )
    role = models.CharField(_("身份"), max_length=10, choices=Role.choices, default=Role.PARTNER)

    class Meta:
        verbose_name = _("谈话参加人")
        verbose_name_plural = _("谈话参加人")
        ordering = ["talk", "role", "id"]  # the 谈话人 ("lead") before the 谈话对象 ("partner")
        constraints = [
            models.UniqueConstraint(fields=["talk", "user"], name="talk_participant_once"),
            models.UniqueConstraint(fields=["talk"], condition=Q(role="lead"), name="talk_one_lead"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()}"


class TalkOpinion(models.Model):
    """An opinion raised in a talk and filed into a campaign (source 谈心谈话, named).

    The link lives here, not on Opinion, whose table stays free of anything that
    could name a person (orglife.opinions.models); the name is the opinion's
    OpinionSignature, as for any signed opinion. Deleting the talk keeps the opinion.
    """

    talk = models.ForeignKey(Talk, verbose_name=_("谈心谈话"), on_delete=models.CASCADE, related_name="filed")
    opinion = models.OneToOneField(
        Opinion, verbose_name=_("意见建议"), on_delete=models.CASCADE, related_name="talk_link"
    )

    class Meta:
        verbose_name = _("谈话中提出的意见")
        verbose_name_plural = _("谈话中提出的意见")

    def __str__(self) -> str:
        return f"{self.talk} → {self.opinion}"


class MemberLiaison(models.Model):
    """支委联系党员: the committee member responsible for a member of the branch, with
    whom they must talk (the coverage rule). One per member and branch."""

    branch = models.ForeignKey(
        Organisation, verbose_name=_("党支部"), on_delete=models.CASCADE, related_name="liaisons"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("党员"), on_delete=models.CASCADE, related_name="+"
    )
    committee_member = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("联系支委"), on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        verbose_name = _("支委联系党员")
        verbose_name_plural = _("支委联系党员")
        constraints = [
            models.UniqueConstraint(fields=["branch", "member"], name="liaison_one_per_member"),
            models.CheckConstraint(condition=~Q(member=models.F("committee_member")), name="liaison_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.committee_member} → {self.member}"
