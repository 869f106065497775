from django import forms
from django.utils.translation import gettext_lazy as _

from orglife.dashboard.selectors import SORTS, Filters, state_labels
from orglife.orgs.models import Organisation


class FiltersForm(forms.Form):
    """The dashboard's query string. Unknown or bad values fall back to the defaults."""

    org = forms.TypedChoiceField(label=_("党组织"), required=False, coerce=int, empty_value=None)
    year = forms.IntegerField(label=_("年度"), required=False, min_value=2000, max_value=2100)
    state = forms.ChoiceField(label=_("当前环节"), required=False)
    overdue = forms.BooleanField(label=_("只看逾期"), required=False)
    q = forms.CharField(label=_("党支部名称"), required=False, max_length=50, strip=True)
    sort = forms.ChoiceField(label=_("排序"), required=False, choices=list(SORTS.items()))

    def __init__(self, data, *, organisations: list[Organisation]):
        super().__init__(data)
        self.organisations = {org.pk: org for org in organisations}
        self.fields["org"].choices = [("", _("全部"))] + [(org.pk, org.name) for org in organisations]
        self.fields["state"].choices = [("", _("全部")), *state_labels().items()]

    def filters(self) -> Filters:
        """The filters; each field that does not validate is left at its default."""
        self.is_valid()
        data = {name: self.cleaned_data.get(name) for name in self.fields if name not in self.errors}
        return Filters(
            organisation=self.organisations.get(data.get("org")),
            year=data.get("year"),
            state=data.get("state") or "",
            overdue=bool(data.get("overdue")),
            query=data.get("q") or "",
            sort=data.get("sort") or "tree",
        )
