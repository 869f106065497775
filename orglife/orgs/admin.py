"""The data admin of users, organisations and memberships."""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from orglife.orgs.models import Membership, Organisation, User
from orglife.orgs.services import check_move, organisation_create, organisation_move


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user", "organisation"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("个人信息"), {"fields": ("full_name", "email")}),
        (_("权限"), {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        (_("重要日期"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("username", "full_name", "password1", "password2")}),)
    list_display = ["username", "full_name", "is_active", "is_staff", "last_login"]
    search_fields = ["username", "full_name", "email"]
    inlines = [MembershipInline]


class OrganisationAdminForm(forms.ModelForm):
    def clean_parent(self):
        parent = self.cleaned_data["parent"]
        if self.instance.pk is not None:
            check_move(organisation=self.instance, parent=parent)
        return parent


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    """Creating and moving go through orglife.orgs.services, which keeps the tree's paths."""

    form = OrganisationAdminForm
    list_display = ["name", "kind", "parent", "code"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name", "code"]
    autocomplete_fields = ["parent"]
    readonly_fields = ["path"]
    inlines = [MembershipInline]

    def save_model(self, request, obj, form, change):
        if not change:
            created = organisation_create(
                name=obj.name, short_name=obj.short_name, kind=obj.kind, code=obj.code, parent=obj.parent
            )
            # The inlines were built on `obj`: it becomes the row just created.
            obj.pk, obj.path, obj._state = created.pk, created.path, created._state
            return
        fields = [name for name in form.changed_data if name != "parent"]
        if fields:
            obj.save(update_fields=fields)
        if "parent" in form.changed_data:
            organisation_move(organisation=obj, parent=obj.parent)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "role", "position"]
    # No filter by organisation: a district has thousands; search by its name instead.
    list_filter = ["role"]
    search_fields = ["user__username", "user__full_name", "organisation__name"]
    autocomplete_fields = ["user", "organisation"]
