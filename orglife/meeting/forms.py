from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from orglife.meeting.models import Meeting
from orglife.meeting.services import BLOCK_FIELDS
from orglife.orgs.access import branch_members
from orglife.orgs.models import Organisation, User

TEXT_LIMIT = 20_000  # characters of one block of the minutes


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.get_full_name()


class PlanForm(forms.ModelForm):
    chair = MemberChoiceField(label=_("主持人"), queryset=User.objects.none())
    recorder = MemberChoiceField(label=_("记录人"), queryset=User.objects.none())

    class Meta:
        model = Meeting
        fields = ["date", "start_time", "place", "chair", "recorder", "higher_attendee", "attendees", "requirements"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "start_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "requirements": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, branch: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        members = branch_members(branch).order_by("pk")
        self.fields["chair"].queryset = members
        self.fields["recorder"].queryset = members


class AgendaTitleForm(forms.Form):
    title = forms.CharField(label=_("议程"), max_length=200)


class AttendanceForm(forms.Form):
    ACTIONS = (
        ("proxy", _("代签")),
        ("late", _("补签")),
        ("leave", _("请假")),
        ("clear", _("撤销登记")),
    )
    member = MemberChoiceField(label=_("党员"), queryset=User.objects.none())
    action = forms.ChoiceField(label=_("操作"), choices=ACTIONS)
    reason = forms.CharField(label=_("请假原因"), max_length=200, required=False)

    def __init__(self, *args, branch: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = branch_members(branch)

    def clean(self):
        data = super().clean()
        if data.get("action") == "leave" and not data.get("reason", "").strip():
            self.add_error("reason", "请填写请假原因。")
        return data


class LeaveForm(forms.Form):
    reason = forms.CharField(label=_("请假原因"), max_length=200)


class RemarkForm(forms.Form):
    speaker = MemberChoiceField(label=_("提出人"), queryset=User.objects.none())
    text = forms.CharField(label=_("批评意见"), max_length=TEXT_LIMIT, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, branch: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["speaker"].queryset = branch_members(branch)


class CorrectionForm(forms.Form):
    reason = forms.CharField(label=_("更正原因"), max_length=200)


class MinutesBlockForm(forms.Form):
    """One autosave: which block, the token it was loaded at, and its fields."""

    kind = forms.ChoiceField(choices=[(k, k) for k in BLOCK_FIELDS])
    key = forms.IntegerField(required=False, min_value=0)
    base = forms.CharField(max_length=32)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for names in BLOCK_FIELDS.values():
            for name in names:
                self.fields[name] = forms.CharField(required=False, strip=False, max_length=TEXT_LIMIT)

    def clean(self):
        data = super().clean()
        missing = [n for n in BLOCK_FIELDS.get(data.get("kind"), ()) if n not in self.data]
        if missing:  # a field left out would be saved as empty
            raise forms.ValidationError("请求不完整，没有保存。")
        return data

    def changes(self) -> dict:
        return {name: self.cleaned_data[name] for name in BLOCK_FIELDS[self.cleaned_data["kind"]]}
