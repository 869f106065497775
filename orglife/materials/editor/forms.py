"""Forms of the material editor. Each carries the base token of what it edits."""

from django import forms
from django.utils.translation import gettext_lazy as _

from orglife.cycles.models import Category
from orglife.materials.importing.ordinals import leading_ordinal
from orglife.materials.limits import TEXT_LIMITS as LIMITS
from orglife.materials.models import ExtraSection, Material, Measure
from orglife.orgs.access import branch_members
from orglife.orgs.models import User

TEXTAREA = {"rows": 6, "class": "grow"}
SHORT = {"rows": 2, "class": "grow"}
LENGTH_MESSAGE = _("这一项最多%(limit_value)d字，现在有%(show_value)d字。请删减或拆成几项后再保存。")


class LimitedForm(forms.Form):
    """Text fields limited as TEXT_LIMITS says, with the limit and the count in the error.

    A textarea gets no maxlength attribute: a browser would silently cut a pasted
    text to it, where the server refuses it with the whole text still in the form.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.CharField) and field.max_length:
                field.error_messages["max_length"] = LENGTH_MESSAGE
                if isinstance(field.widget, forms.Textarea):
                    field.widget.attrs.pop("maxlength", None)


class TypedOrdinalForm(LimitedForm):
    """A form whose `ordinal_fields` are printed after an ordinal made from the part's place
    (一是, （一）): an ordinal typed at their start would print twice (四是四是……), so it is
    removed, and `notices` tells the writer so."""

    ordinal_fields: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.notices: list[str] = []

    def clean(self):
        cleaned = super().clean()
        for name in self.ordinal_fields:
            value = cleaned.get(name) or ""
            ordinal = leading_ordinal(value)
            if not ordinal:
                continue
            if not value[len(ordinal) :]:
                self.add_error(name, _("请在序号后写上内容（序号会按顺序自动生成，不用输入）。"))
                continue
            cleaned[name] = value[len(ordinal) :]
            self.notices.append(
                _("已去掉您输入的序号“%(ordinal)s”，序号会按顺序自动生成。") % {"ordinal": ordinal.strip()}
            )
        return cleaned


class BaseTokenForm(TypedOrdinalForm):
    base = forms.CharField(widget=forms.HiddenInput, required=False)

    def changes(self) -> dict:
        """The cleaned values that the part's model stores."""
        return {k: v for k, v in self.cleaned_data.items() if k != "base"}


class ProblemForm(BaseTokenForm):
    ordinal_fields = ("text",)
    category = forms.ModelChoiceField(label=_("查摆方面"), queryset=Category.objects.none(), empty_label=None)
    text = forms.CharField(
        label=_("问题"),
        max_length=LIMITS["problem"]["text"],
        widget=forms.Textarea(attrs=TEXTAREA),
        help_text=_("先写概括句，再写具体表现，如：比如……"),
    )

    def __init__(self, *args, material: Material, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = material.cycle.categories.order_by("position")

    def changes(self) -> dict:
        return {"category_id": self.cleaned_data["category"].pk, "text": self.cleaned_data["text"]}


class CauseForm(BaseTokenForm):
    ordinal_fields = ("heading",)
    heading = forms.CharField(
        label=_("原因"), max_length=LIMITS["cause"]["heading"], help_text=_("如：党性修养锤炼不够")
    )
    body = forms.CharField(
        label=_("剖析"), max_length=LIMITS["cause"]["body"], required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )


class DirectionForm(BaseTokenForm):
    ordinal_fields = ("heading",)
    heading = forms.CharField(
        label=_("努力方向"), max_length=LIMITS["direction"]["heading"], help_text=_("如：强化理论武装")
    )
    intro = forms.CharField(
        label=_("引言"), max_length=LIMITS["direction"]["intro"], required=False, widget=forms.Textarea(attrs=SHORT)
    )


class MeasureForm(BaseTokenForm):
    ordinal_fields = ("text",)
    text = forms.CharField(
        label=_("整改措施"), max_length=LIMITS["measure"]["text"], widget=forms.Textarea(attrs=TEXTAREA)
    )
    owner = forms.ModelChoiceField(
        label=_("责任人"), queryset=User.objects.none(), required=False, empty_label=_("（未指定）")
    )
    # A date input reads only 2023-06-30: the locale's 2023/06/30 showed empty and the next save erased it.
    deadline = forms.DateField(
        label=_("完成时限"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    status = forms.ChoiceField(label=_("状态"), choices=Measure.Status.choices)
    problems = forms.MultipleChoiceField(
        label=_("针对的问题"), required=False, widget=forms.CheckboxSelectMultiple, choices=()
    )

    def __init__(self, *args, material: Material, problem_choices: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = branch_members(material.cycle.branch)
        self.fields["problems"].choices = problem_choices

    def changes(self) -> dict:
        data = self.cleaned_data
        return {
            "text": data["text"],
            "owner_id": data["owner"].pk if data["owner"] else None,
            "deadline": data["deadline"],
            "status": data["status"],
            "problem_ids": sorted(int(pk) for pk in data["problems"]),
        }


class SectionForm(BaseTokenForm):
    ordinal_fields = ("heading",)
    heading = forms.CharField(
        label=_("标题"), max_length=LIMITS["section"]["heading"], help_text=_("如：上年度整改落实情况")
    )
    body = forms.CharField(
        label=_("正文"), max_length=LIMITS["section"]["body"], required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )
    placement = forms.ChoiceField(label=_("位置"), choices=ExtraSection.Placement.choices)


class IntroForm(BaseTokenForm):
    text = forms.CharField(
        label=_("引言"),
        max_length=LIMITS["intro"]["text"],
        required=False,
        widget=forms.Textarea(attrs=SHORT),
        help_text=_("写在本方面问题之前的一段话，可留空"),
    )


class BasicsForm(BaseTokenForm):
    title = forms.CharField(label=_("标题"), max_length=LIMITS["material"]["title"])
    preamble = forms.CharField(
        label=_("开头"),
        max_length=LIMITS["material"]["preamble"],
        required=False,
        widget=forms.Textarea(attrs=TEXTAREA),
    )


class HeadingsForm(BaseTokenForm):
    ordinal_fields = ("problems_heading", "causes_heading", "directions_heading")
    problems_heading = forms.CharField(label=_("问题部分标题"), max_length=LIMITS["material"]["problems_heading"])
    causes_heading = forms.CharField(label=_("原因部分标题"), max_length=LIMITS["material"]["causes_heading"])
    causes_intro = forms.CharField(
        label=_("原因部分引言"),
        max_length=LIMITS["material"]["causes_intro"],
        required=False,
        widget=forms.Textarea(attrs=SHORT),
    )
    directions_heading = forms.CharField(label=_("措施部分标题"), max_length=LIMITS["material"]["directions_heading"])
    directions_intro = forms.CharField(
        label=_("措施部分引言"),
        max_length=LIMITS["material"]["directions_intro"],
        required=False,
        widget=forms.Textarea(attrs=SHORT),
    )


class EndingForm(BaseTokenForm):
    closing = forms.CharField(
        label=_("结尾"), max_length=LIMITS["material"]["closing"], required=False, widget=forms.Textarea(attrs=SHORT)
    )
    signature = forms.CharField(label=_("署名"), max_length=LIMITS["material"]["signature"], required=False)
    signed_on = forms.DateField(
        label=_("日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )


class FormatForm(BaseTokenForm):
    layout = forms.ChoiceField(label=_("条目排法"), choices=Material.Layout.choices)
    brackets = forms.ChoiceField(label=_("序号括号"), choices=Material.Brackets.choices)


class ProblemAddForm(TypedOrdinalForm):
    ordinal_fields = ("text",)
    category = forms.ModelChoiceField(queryset=Category.objects.none(), widget=forms.HiddenInput)
    text = forms.CharField(label=_("新问题"), max_length=LIMITS["problem"]["text"], widget=forms.Textarea(attrs=SHORT))

    def __init__(self, *args, material: Material, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = material.cycle.categories.all()

    def changes(self) -> dict:
        return {"category_id": self.cleaned_data["category"].pk, "text": self.cleaned_data["text"]}


class MeasureAddForm(TypedOrdinalForm):
    ordinal_fields = ("text",)
    text = forms.CharField(label=_("新措施"), max_length=LIMITS["measure"]["text"], widget=forms.Textarea(attrs=SHORT))

    def changes(self) -> dict:
        return {"text": self.cleaned_data["text"]}


GROUP_FORMS = {"basics": BasicsForm, "headings": HeadingsForm, "ending": EndingForm, "format": FormatForm}
