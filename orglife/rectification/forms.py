"""Forms of the ledger: an item (added or edited by the committee) and a progress entry."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from orglife.cycles.models import Cycle
from orglife.orgs.access import branch_members
from orglife.rectification.models import OWNER_STATUSES
from orglife.rectification.services import TEXT_LIMIT

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_ERRORS = {"invalid": "请按“2023-11-24”的格式填写日期。"}


class _Form(forms.Form):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class ItemForm(_Form):
    """整改措施, 问题, 责任人, 完成时限 (and 状态 when editing)."""

    text = forms.CharField(
        label="整改措施",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=TEXT_LIMIT,
        error_messages={"required": "请填写整改措施。", "max_length": f"整改措施最多{TEXT_LIMIT}字。"},
    )
    problem_text = forms.CharField(
        label="针对的问题",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=TEXT_LIMIT,
        help_text="由对照检查材料生成的事项已关联材料中的问题，这里可补充说明。",
    )
    owner = forms.ModelChoiceField(label="责任人", queryset=None, required=False, empty_label="（未定）")
    deadline = forms.DateField(label="完成时限", required=False, widget=DATE, error_messages=DATE_ERRORS)

    def __init__(self, *args, cycle: Cycle, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = branch_members(cycle.branch).order_by("full_name", "pk")
        self.fields["owner"].label_from_instance = lambda user: user.get_full_name()


class ItemAddForm(ItemForm):
    member = forms.ModelChoiceField(
        label="列入",
        queryset=None,
        required=False,
        empty_label="支部整改清单",
        help_text="选择党员则列入其个人整改清单。",
    )

    def __init__(self, *args, cycle: Cycle, **kwargs):
        super().__init__(*args, cycle=cycle, **kwargs)
        self.fields["member"].queryset = self.fields["owner"].queryset
        self.fields["member"].label_from_instance = lambda user: f"{user.get_full_name()}的个人整改清单"


class ItemEditForm(ItemForm):
    """An item's fields; its status only while not checked off or long-term (撤销 first)."""

    status = forms.ChoiceField(label="状态", choices=[(s.value, s.label) for s in OWNER_STATUSES])

    def __init__(self, *args, cycle: Cycle, finished: bool = False, **kwargs):
        super().__init__(*args, cycle=cycle, **kwargs)
        if finished:
            del self.fields["status"]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; the list may be empty. Each is checked by the service."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".png,.jpg,.jpeg,.gif,.webp,.pdf,.docx,.xlsx"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(file, initial) for file in data if file]
        return [single(data, initial)] if data else []


class ProgressForm(_Form):
    on = forms.DateField(label="日期", widget=DATE, error_messages={"required": "请填写日期。", **DATE_ERRORS})
    text = forms.CharField(
        label="进展情况",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=TEXT_LIMIT,
        error_messages={"required": "请填写进展情况。", "max_length": f"进展情况最多{TEXT_LIMIT}字。"},
    )
    files = MultipleFileField(
        label="佐证材料",
        required=False,
        help_text="图片、PDF、Word或Excel，每个不超过5MB，每次最多4个。",
    )
    done = forms.BooleanField(label="已完成，提请支部委员会销号", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = timezone.localdate()
