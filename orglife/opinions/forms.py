"""Forms of opinion collection: every value a view passes to a service comes through one."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet, prefetch_related_objects

from orglife.common.ordinals import item_ordinal
from orglife.cycles.models import Category, Cycle
from orglife.materials.document.assembly import numbered_problems
from orglife.materials.models import Material, Problem
from orglife.opinions.models import HOLD_BACK_FLOOR, Campaign, Opinion, Source
from orglife.orgs.access import branch_members
from orglife.orgs.models import User

TEXT_MIN, TEXT_MAX = 5, 1000
RESPONSE_MAX = 1000
LABEL_TEXT = 20  # characters of a problem's text in the adopt dropdown


class CampaignForm(forms.Form):
    title = forms.CharField(label="名称", max_length=200, initial="征求意见建议")
    intro = forms.CharField(
        label="说明",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="显示在意见表上方",
    )
    opens_on = forms.DateField(label="开始日期", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    closes_on = forms.DateField(label="截止日期", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    sources = forms.MultipleChoiceField(
        label="征求范围",
        choices=[(value, label) for value, label in Source.choices if value != Source.TALK],
        widget=forms.CheckboxSelectMultiple,
        initial=[value for value in Source.values if value != Source.TALK],
    )
    subject = forms.ModelChoiceField(
        label="征求对谁的意见", queryset=User.objects.none(), required=False, empty_label="党支部班子"
    )
    categories = forms.ModelMultipleChoiceField(
        label="意见方面", queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    hold_back = forms.IntegerField(
        label="匿名意见显示门槛",
        min_value=HOLD_BACK_FLOOR,
        max_value=50,
        initial=HOLD_BACK_FLOOR,
        help_text="同一来源的匿名意见每满这个条数显示一批，征求意见结束后全部显示；不能低于3，征求意见开始后只能调高",
        error_messages={"min_value": f"匿名意见显示门槛不能低于{HOLD_BACK_FLOOR}条。"},
    )
    one_per_member = forms.BooleanField(label="登录用户限提交一次", required=False, initial=True)

    def __init__(self, *args, cycle: Cycle, **kwargs):
        kwargs.setdefault("label_suffix", "")  # Django's ":" is out of place beside Chinese labels
        super().__init__(*args, **kwargs)
        self.fields["subject"].queryset = branch_members(cycle.branch)
        self.fields["categories"].queryset = cycle.categories.order_by("position")

    def clean(self):
        cleaned = super().clean()
        opens_on, closes_on = cleaned.get("opens_on"), cleaned.get("closes_on")
        if opens_on and closes_on and closes_on < opens_on:
            self.add_error("closes_on", "截止日期不能早于开始日期。")
        return cleaned

    @classmethod
    def initial_for(cls, campaign: Campaign) -> dict:
        fields = ("title", "intro", "opens_on", "closes_on", "sources", "subject", "hold_back", "one_per_member")
        return {name: getattr(campaign, name) for name in fields} | {"categories": campaign.categories.all()}


def too_long_message(length: int) -> str:
    return (
        f"意见建议最多{TEXT_MAX}字，您写了{length}字，请删减{length - TEXT_MAX}字后再提交。您写的内容都还在下面的框里。"
    )


class OpinionForm(forms.Form):
    """The public form. `homepage` is a honeypot: hidden from people, filled in by bots."""

    text_max = TEXT_MAX

    source = forms.ChoiceField(label="您的身份", widget=forms.RadioSelect)
    category = forms.TypedChoiceField(
        label="意见方面", required=False, coerce=int, empty_value=None, widget=forms.RadioSelect
    )
    # No max_length, and so no maxlength attribute: a browser would cut a long paste
    # without a word. The limit is checked in clean_text, and the form comes back
    # with all of the text; static/js/opinion-form.js counts as the person types.
    text = forms.CharField(
        label="意见建议",
        widget=forms.Textarea(attrs={"rows": 6, "data-max-length": TEXT_MAX, "aria-describedby": "text-count"}),
        error_messages={"required": "请填写意见建议。"},
    )
    signed = forms.BooleanField(label="署名提交", required=False)
    homepage = forms.CharField(
        label="请勿填写此项",
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, campaign: Campaign, user: User | None, member_of_branch: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = [
            (value, label) for value, label in Source.choices if value in campaign.sources and value != Source.TALK
        ]
        # campaign.categories.all(), not a queryset of its own: the public view prefetches
        # them once for the form and the service, which keeps a post at few queries.
        self.categories = {category.pk: category for category in campaign.categories.all()}
        # 其他 last, after the aspects named in the material; it is also what an unticked choice means.
        self.fields["category"].choices = [
            (pk, category.name) for pk, category in sorted(self.categories.items(), key=lambda item: item[1].position)
        ] + [("", "其他")]
        # A logged-in member of the branch speaks as 党员; asking would invite a mislabel.
        self.fixed_source = Source.MEMBER if member_of_branch and Source.MEMBER in campaign.sources else None
        if self.fixed_source:
            del self.fields["source"]
        elif len(self.fields["source"].choices) == 1:
            self.fields["source"].initial = self.fields["source"].choices[0][0]
        if user is None:
            del self.fields["signed"]
        else:
            self.fields["signed"].label = f"署名提交（署名：{user.get_full_name()}）"

    def clean_text(self) -> str:
        # Browsers send a line break as CRLF; counted as one character, as the page counts it.
        text = self.cleaned_data["text"].replace("\r\n", "\n")
        if len(text) < TEXT_MIN:
            raise ValidationError(f"请至少写{TEXT_MIN}个字。", code="min_length")
        if len(text) > TEXT_MAX:
            raise ValidationError(too_long_message(len(text)), code="max_length")
        return text

    def clean_category(self) -> Category | None:
        pk = self.cleaned_data["category"]
        return None if pk is None else self.categories[pk]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("homepage"):
            # Shown at the top, as the field itself is hidden: a person whose browser
            # filled it in by mistake still learns why nothing was saved.
            raise ValidationError("提交未成功，请刷新页面后重试。", code="honeypot")
        if self.fixed_source:
            cleaned["source"] = self.fixed_source
        return cleaned


class AdoptForm(forms.Form):
    problem = forms.ModelChoiceField(
        label="采纳到", queryset=None, required=False, empty_label="新问题（列在所选方面的最后）"
    )
    # Not "category": the board's filters, posted along by htmx, already use that name.
    new_category = forms.ModelChoiceField(label="方面", queryset=None, required=False, empty_label="与意见相同")
    text = forms.CharField(label="问题表述", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, material: Material | None, cycle: Cycle, **kwargs):
        super().__init__(*args, **kwargs)
        if material is not None and material.cycle_id != cycle.pk:
            raise ValueError("The material belongs to another cycle.")
        self.material, self.cycle = material, cycle
        problems = material.problems.all() if material else Problem.objects.none()
        self.fields["problem"].queryset = problems
        self.fields["new_category"].queryset = cycle.categories.order_by("position")

    def problem_choices(self) -> list[tuple[int, str]]:
        """(pk, label) of the problems in printed order, labelled as printed: the category
        and the problem's place in it, e.g. "思想·三是 理想信念……"."""
        if self.material is None:
            return []
        material, cycle = self.material, self.cycle
        material.cycle = cycle  # the same row: its categories are then read once, in order
        prefetch_related_objects([cycle], Prefetch("categories", queryset=Category.objects.order_by("position")))
        prefetch_related_objects([material], "problems")
        names = {category.pk: category.name for category in cycle.categories.all()}
        choices = []
        for problem, place in numbered_problems(material):
            text = " ".join(problem.text.split())  # one line, as an <option> shows it
            text = text if len(text) <= LABEL_TEXT else text[:LABEL_TEXT] + "…"
            choices.append((problem.pk, f"{names[problem.category_id]}·{item_ordinal(place)} {text}"))
        return choices


class ResponseForm(forms.Form):
    response = forms.CharField(
        label="答复或说明",
        max_length=RESPONSE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "请填写答复或说明。"},
    )


class MergeForm(forms.Form):
    primary = forms.ModelChoiceField(label="保留", queryset=None, error_messages={"required": "请选择保留的一条意见。"})
    duplicates = forms.ModelMultipleChoiceField(
        label="合并", queryset=None, error_messages={"required": "请勾选要合并的意见。"}
    )
    # Sent by the confirmation the board shows when the opinions are of different categories.
    across_categories = forms.BooleanField(label="仍然合并", required=False)

    def __init__(self, *args, opinions: QuerySet[Opinion], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["primary"].queryset = opinions
        self.fields["duplicates"].queryset = opinions


class BoardFilterForm(forms.Form):
    category = forms.ChoiceField(label="方面", required=False)
    source = forms.ChoiceField(label="来源", required=False, choices=[("", "全部来源"), *Source.choices])
    status = forms.ChoiceField(label="处理情况", required=False, choices=[("", "全部"), *Opinion.Status.choices])

    def __init__(self, *args, campaign: Campaign, **kwargs):
        super().__init__(*args, **kwargs)
        categories = [(str(c.pk), c.name) for c in campaign.cycle.categories.order_by("position")]
        self.fields["category"].choices = [("", "全部方面"), *categories, ("none", "其他")]

    def filters(self) -> dict[str, str]:
        """The valid filters; an invalid one (a stale link) is dropped rather than refused."""
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value}
