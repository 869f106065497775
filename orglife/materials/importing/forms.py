"""Forms of the import pages: the upload (or paste) and the confirmation."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from orglife.materials.importing.decoding import MAX_BYTES, UnreadableDocument, check_text
from orglife.materials.importing.reading import read_upload


class ImportForm(forms.Form):
    """A file or pasted text: `cleaned_data["text"]` is the text to parse, `["source"]` its file
    name and `["warnings"]` what reading the file found (tracked changes, text boxes)."""

    file = forms.FileField(
        label=_("上传文件"),
        required=False,
        error_messages={"empty": _("文件是空的，没有可导入的文字。")},
        help_text=_(
            "Word（.docx，或旧版 .doc、WPS 的 .wps）、有文字的 PDF（扫描件不行）或纯文本（.txt，UTF-8 或 GBK 编码），"
            "不超过 10 MB。"
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,.docx,.doc,.wps,.pdf,text/plain,application/pdf"}),
    )
    text = forms.CharField(
        label=_("或者粘贴材料全文"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 14}),
    )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and upload.size > MAX_BYTES:
            raise forms.ValidationError(_("文件超过 10 MB，无法导入。"))
        return upload

    def clean(self):
        cleaned = super().clean()
        upload, pasted = cleaned.get("file"), cleaned.get("text") or ""
        if self.errors:
            return cleaned
        if upload and pasted.strip():
            raise forms.ValidationError(_("请只上传文件或只粘贴文字，不要同时使用两种方式。"))
        if not upload and not pasted.strip():
            raise forms.ValidationError(_("请上传文件或粘贴材料全文。"))
        try:
            if upload:
                reading = read_upload(upload.read(), upload.name)
                cleaned["text"], cleaned["source"], cleaned["warnings"] = reading.text, upload.name, reading.warnings
            else:
                cleaned["text"], cleaned["source"], cleaned["warnings"] = check_text(pasted), "", []
        except UnreadableDocument as exc:
            raise forms.ValidationError(str(exc)) from exc
        return cleaned


class ConfirmForm(forms.Form):
    """Names the preview being confirmed, so a preview from another tab is not imported by mistake.

    `keep` (shown checked) carries the editor's work over to the matching parts
    (orglife.materials.importing.services.keeping_plan).

    `simplify` (shown, unchecked, only for a material in traditional characters) converts
    it to simplified characters before the import.

    With `needs_consent` (nothing was recognised and existing content would be
    replaced by one block of text) the user must also tick `replace`.
    """

    digest = forms.CharField(max_length=64, min_length=64, widget=forms.HiddenInput)
    replace = forms.BooleanField(label=_("我确认用这段文字替换现有内容"), required=False)
    keep = forms.BooleanField(
        label=_(
            "保留编辑器中设置的责任人、完成时限、状态、措施与问题的对应和已采纳的意见建议（限文字相同或相近的部分）"
        ),
        required=False,
        initial=True,
    )
    simplify = forms.BooleanField(label=_("转换为简体字后导入"), required=False)

    def __init__(self, *args, needs_consent: bool = False, traditional: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.needs_consent = needs_consent
        self.traditional = traditional

    def clean(self):
        cleaned = super().clean()
        cleaned["simplify"] = self.traditional and cleaned.get("simplify", False)
        if self.needs_consent and not cleaned.get("replace"):
            self.add_error(
                "replace",
                _(
                    "没有识别出材料的结构，确认导入会用这段文字替换现有材料的全部内容。"
                    "如确实要替换，请勾选“我确认用这段文字替换现有内容”；否则请重新选择文件。"
                ),
            )
        return cleaned
