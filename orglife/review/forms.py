from django import forms

from orglife.review.models import State
from orglife.review.services import COMMENT_MAX


class CommentForm(forms.Form):
    part = forms.CharField(max_length=40, initial="whole", widget=forms.HiddenInput)
    text = forms.CharField(
        label="审核意见",
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "请填写审核意见。", "max_length": f"审核意见最多{COMMENT_MAX}字。"},
    )
    internal = forms.BooleanField(label="仅审核人可见（不退回给支部）", required=False)


class DecisionForm(forms.Form):
    comment = forms.CharField(
        label="说明", max_length=COMMENT_MAX, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class QueueFilterForm(forms.Form):
    STATES = [("submitted", "待审核"), ("returned", "已退回"), ("approved", "已通过"), ("", "全部")]

    state = forms.ChoiceField(label="状态", choices=STATES, required=False, initial=State.SUBMITTED)
    org = forms.TypedChoiceField(label="党组织", coerce=int, required=False, empty_value=None)

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].choices = [("", "全部党组织")] + [(o.pk, o.name) for o in organisations]


class BulkApproveForm(forms.Form):
    reviews = forms.TypedMultipleChoiceField(
        coerce=int, error_messages={"required": "请先勾选要通过的材料。", "invalid_choice": "所选材料已不在列表中。"}
    )

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviews"].choices = [(pk, pk) for pk in choices]
