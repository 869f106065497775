"""Forms of a cycle's details and of starting a new cycle."""

from __future__ import annotations

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator

from orglife.cycles.models import CATEGORY_PRESETS, Cycle
from orglife.cycles.services import CATEGORIES_FROM_PREVIOUS, CATEGORIES_NONE
from orglife.materials.models import Measure


class CycleForm(forms.ModelForm):
    """类型, 年度, 主题, 名称, 依据通知, 学习内容, 计划召开日期."""

    class Meta:
        model = Cycle
        fields = ["kind", "year", "theme", "title", "notice", "study_content", "planned_date"]
        widgets = {
            "notice": forms.Textarea(attrs={"rows": 2}),
            "study_content": forms.Textarea(attrs={"rows": 4}),
            "planned_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {
            "title": "留空则按年度、类型和主题自动生成，如：2023年度组织生活会",
            "theme": "如：学思想、强党性、重实践、建新功",
            "study_content": "每行一项",
        }
        error_messages = {
            "year": {"required": "请填写年度。", "invalid": "年度应为四位数字，如：2023。"},
            "planned_date": {"invalid": "请按“2023-11-24”的格式填写日期。"},
        }

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")  # Django's ":" is out of place beside Chinese labels
        super().__init__(*args, **kwargs)
        self.fields["title"].required = False
        self.fields["year"].validators += [
            MinValueValidator(2000, "年度应在2000年至2100年之间。"),
            MaxValueValidator(2100, "年度应在2000年至2100年之间。"),
        ]

    def validate_unique(self):
        """The service refuses a duplicate (same branch, year and kind) under the branch's lock."""

    def details(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class NewCycleForm(CycleForm):
    """A cycle's details, where its categories come from, and last year's measures to carry over."""

    categories = forms.ChoiceField(label="查摆方面")
    carried_measures = forms.ModelMultipleChoiceField(
        label="沿用上次的整改措施",
        queryset=Measure.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="勾选的措施连同所属的努力方向复制到新材料的“今后努力方向和整改措施”中，可再修改；不勾选则不复制。",
    )

    report_last_year = forms.BooleanField(
        label="在新材料开头加入“上年度整改落实情况”",
        required=False,
        help_text="列出上一次的全部整改措施及其完成情况，每条一段，再据实补充。",
    )

    class Meta(CycleForm.Meta):
        pass

    def __init__(self, *args, previous: Cycle | None, measures: list[Measure], ledger: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        choices = []
        if previous is not None:
            names = "、".join(c.heading_text for c in previous.categories.order_by("position")) or "无"
            choices.append((CATEGORIES_FROM_PREVIOUS, f"沿用{previous.year}年：{names}"))
        choices += [(key, f"{label}：{'、'.join(names)}") for key, (label, names) in CATEGORY_PRESETS.items()]
        choices.append((CATEGORIES_NONE, "暂不设置，稍后在组织生活会页面添加"))
        self.fields["categories"].choices = choices
        self.fields["categories"].initial = choices[0][0]
        self.fields["carried_measures"].queryset = Measure.objects.filter(pk__in=[m.pk for m in measures])
        if ledger:  # `previous` has a rectification ledger: its unfinished items are ticked
            self.fields["carried_measures"].initial = [m.pk for m in measures]
            self.fields[
                "report_last_year"
            ].help_text = "根据上年度整改台账生成：已完成、长期坚持和转入本年度继续整改的事项。"
        if not measures:
            del self.fields["carried_measures"]
        if not measures and not ledger:
            del self.fields["report_last_year"]
