"""Forms of the democratic evaluation. The services check the rules again (one ballot
per voter, every member graded, a reason for the lower grades); the forms keep what
was typed when they refuse."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from orglife.evaluation.models import SELF_ASSESSMENT_MAX, Grade, Rating, Subject
from orglife.orgs.models import User

REASON_MAX = 200


class MemberChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.get_full_name()


class EvaluationForm(forms.Form):
    include_probationary = forms.BooleanField(
        label=_("预备党员参加被评议"), required=False, help_text=_("预备党员没有表决权，不参加投票")
    )
    rate_committee = forms.BooleanField(
        label=_("同时进行班子民主测评"),
        required=False,
        help_text=_("选票上增加对支部班子的总体评价：好、较好、一般、差"),
    )
    voters = MemberChoiceField(
        label=_("投票人"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("请选择投票人。"), "invalid_choice": _("投票人必须是本支部有表决权的党员。")},
    )

    def __init__(self, *args, members: list[User], **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["voters"]
        field.queryset = User.objects.filter(pk__in=[m.pk for m in members])
        # The branch's order, not the table's.
        field.choices = [(m.pk, m.get_full_name()) for m in members]


class BallotForm(forms.Form):
    """One grade per member evaluated (`m<member id>`), and the committee's rating when asked for."""

    def __init__(self, *args, subjects: list[Subject], rate_committee: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.subjects = subjects
        for subject in subjects:
            self.fields[f"m{subject.member_id}"] = forms.ChoiceField(
                label=subject.member.get_full_name(), choices=Grade.choices, widget=forms.RadioSelect, required=False
            )
        if rate_committee:
            self.fields["rating"] = forms.ChoiceField(
                label=_("对支部班子的总体评价"), choices=Rating.choices, widget=forms.RadioSelect, required=False
            )

    def grade_fields(self):
        return [self[f"m{subject.member_id}"] for subject in self.subjects]

    def chosen_grades(self) -> dict[int, str]:
        return {
            s.member_id: self.cleaned_data[f"m{s.member_id}"]
            for s in self.subjects
            if self.cleaned_data[f"m{s.member_id}"]
        }

    def chosen_rating(self) -> str | None:
        return self.cleaned_data.get("rating") or None


class PaperVoterForm(forms.Form):
    voter = forms.ModelChoiceField(
        label=_("投纸质选票的党员"),
        queryset=User.objects.none(),
        empty_label=_("请选择"),
        error_messages={"required": _("请选择投票人。"), "invalid_choice": _("请选择投票人名单中的党员。")},
    )

    def __init__(self, *args, voters: list[User], **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["voter"]
        field.queryset = User.objects.filter(pk__in=[v.pk for v in voters])
        field.label_from_instance = lambda user: user.get_full_name()


class FinalGradesForm(forms.Form):
    """Per member evaluated, `g<id>` a grade (blank: not yet) and `r<id>` its reason."""

    def __init__(self, *args, subjects: list[Subject], **kwargs):
        super().__init__(*args, **kwargs)
        self.subjects = subjects
        for subject in subjects:
            self.fields[f"g{subject.member_id}"] = forms.ChoiceField(
                label=subject.member.get_full_name(), choices=[("", "—"), *Grade.choices], required=False
            )
            self.fields[f"r{subject.member_id}"] = forms.CharField(
                label=_("理由"),
                max_length=REASON_MAX,
                required=False,
                widget=forms.TextInput,
                error_messages={"max_length": _("理由不能超过%(limit_value)d字。")},
            )

    def pairs(self):
        return [(s, self[f"g{s.member_id}"], self[f"r{s.member_id}"]) for s in self.subjects]

    def grades(self) -> dict[int, tuple[str, str]]:
        data = self.cleaned_data
        return {s.member_id: (data[f"g{s.member_id}"], data[f"r{s.member_id}"]) for s in self.subjects}


class SelfAssessmentForm(forms.Form):
    text = forms.CharField(
        label=_("自我评价"),
        max_length=SELF_ASSESSMENT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"max_length": _("自我评价不能超过%(limit_value)d字。")},
    )
