from __future__ import annotations

from django import forms

from orglife.cycles.models import Cycle
from orglife.opinions.models import Campaign
from orglife.orgs.access import branch_members
from orglife.talks.models import Talk
from orglife.talks.services import OPINION_LIMIT, TEXT_LIMIT


class _PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.get_full_name()


class _PeopleChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.get_full_name()


class TalkForm(forms.Form):
    """A talk's record; the service checks that the people fit the form of the talk."""

    held_on = forms.DateField(label="谈话日期", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    place = forms.CharField(label="谈话地点", max_length=100, required=False)
    form = forms.ChoiceField(label="谈话形式", choices=Talk.Form.choices, initial=Talk.Form.FACE)
    lead = _PersonChoice(label="谈话人", queryset=None, empty_label="请选择")
    partners = _PeopleChoice(label="谈话对象", queryset=None, widget=forms.CheckboxSelectMultiple)
    topics = forms.CharField(
        label="谈话内容", max_length=TEXT_LIMIT, widget=forms.Textarea(attrs={"rows": 5}), help_text="谈了哪些方面"
    )
    opinions = forms.CharField(
        label="提出的意见建议",
        max_length=TEXT_LIMIT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="谈话中对方提出的意见建议；需要进入意见建议汇总的，保存后在记录页登记",
    )

    def __init__(self, *args, cycle: Cycle, **kwargs):
        super().__init__(*args, **kwargs)
        people = branch_members(cycle.branch).order_by("full_name", "pk")
        self.fields["lead"].queryset = people
        self.fields["partners"].queryset = people
        self.fields["partners"].error_messages["required"] = "请选择谈话对象。"
        self.fields["topics"].error_messages["required"] = "请填写谈话内容。"

    @classmethod
    def initial_for(cls, talk: Talk) -> dict:
        lead = next((p.user for p in talk.participants.all() if p.role == "lead"), None)
        return {
            "held_on": talk.held_on,
            "place": talk.place,
            "form": talk.form,
            "lead": lead,
            "partners": [p.user for p in talk.participants.all() if p.role != "lead"],
            "topics": talk.topics,
            "opinions": talk.opinions,
        }

    def details(self) -> dict:
        data = self.cleaned_data
        return {
            "held_on": data["held_on"],
            "place": data["place"].strip(),
            "form": data["form"],
            "lead": data["lead"],
            "partners": list(data["partners"]),
            "topics": data["topics"].strip(),
            "opinions": data["opinions"].strip(),
        }


class TalkOpinionForm(forms.Form):
    """An opinion raised in the talk, filed into one of the cycle's campaigns."""

    campaign = forms.ModelChoiceField(label="登记到征求意见活动", queryset=None, empty_label=None)
    raised_by = _PersonChoice(label="提出人", queryset=None, empty_label=None)
    category = forms.ModelChoiceField(label="意见方面", queryset=None, required=False, empty_label="其他")
    text = forms.CharField(label="意见建议", max_length=OPINION_LIMIT, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, talk: Talk, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = Campaign.objects.filter(cycle=talk.cycle).order_by("-opens_on", "pk")
        people = [p.user_id for p in talk.participants.all()]
        self.fields["raised_by"].queryset = branch_members(talk.cycle.branch).filter(pk__in=people)
        self.fields["category"].queryset = talk.cycle.categories.order_by("position")
        self.fields["text"].error_messages["required"] = "请填写意见建议的内容。"
