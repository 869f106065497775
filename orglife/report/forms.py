"""Forms of the situation report: its head and one section."""

from __future__ import annotations

from django import forms

from orglife.report.models import Report, ReportSection
from orglife.report.services import BODY_LIMIT, HEADING_LIMIT


class ReportForm(forms.ModelForm):
    class Meta:
        model = Report
        fields = ["title", "opening", "signature", "signed_on"]
        widgets = {
            "opening": forms.Textarea(attrs={"rows": 3}),
            "signed_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        error_messages = {
            "title": {"required": "请填写标题。"},
            "signed_on": {"invalid": "请按“2023-11-24”的格式填写日期。"},
        }

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class SectionForm(forms.ModelForm):
    class Meta:
        model = ReportSection
        fields = ["heading", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 6})}
        help_texts = {"heading": "打印时自动加上序号（一、二、……）"}
        error_messages = {
            "heading": {"required": "请填写标题。", "max_length": f"标题最多{HEADING_LIMIT}字。"},
        }

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["body"].max_length = BODY_LIMIT
