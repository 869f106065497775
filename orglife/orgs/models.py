from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.lookups import StartsWith
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person who signs in. Chinese names are one string, not first + last."""

    full_name = models.CharField(_("姓名"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self) -> str:
        return self.full_name or self.username

    def get_full_name(self) -> str:
        return self.full_name or self.username

    def get_short_name(self) -> str:
        return self.get_full_name()


class PathField(models.CharField):
    """A materialised path: one fixed-width segment and a dot per level, e.g. "0001.0003.002A.".

    Unique, so PostgreSQL keeps two indexes on it: the unique one and Django's
    `varchar_pattern_ops` one that answers `startswith` (LIKE 'prefix%') in any collation.
    """


@PathField.register_lookup
class PathStartsWith(StartsWith):
    """`startswith` as a range on SQLite, whose LIKE ignores case and so never uses an index.

    Paths hold only digits, capitals and dots, and SQLite compares text byte by byte,
    so the rows from `prefix` (inclusive) to `prefix` with its last character raised by
    one (exclusive) are exactly the rows that start with `prefix`; the unique index gives
    them without a scan. Other values (expressions, an empty prefix) keep LIKE.
    """

    def as_sqlite(self, compiler, connection):
        if not (self.rhs_is_direct_value() and isinstance(self.rhs, str) and self.rhs):
            return self.as_sql(compiler, connection)
        lhs, lhs_params = self.process_lhs(compiler, connection)
        upper = self.rhs[:-1] + chr(ord(self.rhs[-1]) + 1)
        return f"({lhs} >= %s AND {lhs} < %s)", (*lhs_params, self.rhs, *lhs_params, upper)


class Organisation(models.Model):
    class Kind(models.TextChoices):
        DEPARTMENT = "department", _("组织部")
        COMMITTEE = "committee", _("党委")
        WORKING_COMMITTEE = "working_committee", _("党工委")
        GENERAL_BRANCH = "general_branch", _("党总支")
        BRANCH = "branch", _("党支部")

    name = models.CharField(_("名称"), max_length=100)
    short_name = models.CharField(_("简称"), max_length=50, blank=True)
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices, default=Kind.BRANCH)
    code = models.SlugField(_("代码"), max_length=50, unique=True, help_text=_("唯一标识，用于导入和演示数据"))
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级党组织"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    # Set by orglife.orgs.services (organisation_create, organisation_move), never by hand.
    path = PathField(_("树中位置"), max_length=255, unique=True, editable=False)

    class Meta:
        verbose_name = _("党组织")
        verbose_name_plural = _("党组织")
        ordering = ["name"]
        constraints = [
            # An organisation created around the services would be seen by no reviewer.
            models.CheckConstraint(condition=~models.Q(path=""), name="organisation_path_set"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_branch(self) -> bool:
        return self.kind == self.Kind.BRANCH

    @property
    def lineage_paths(self) -> list[str]:
        """The paths of this organisation and of every organisation above it, top first."""
        return [self.path[: end + 1] for end, char in enumerate(self.path) if char == "."]


class Membership(models.Model):
    class Role(models.TextChoices):
        SECRETARY = "secretary", _("书记")
        DEPUTY_SECRETARY = "deputy_secretary", _("副书记")
        ORGANISATION = "organisation", _("组织委员")
        PUBLICITY = "publicity", _("宣传委员")
        DISCIPLINE = "discipline", _("纪检委员")
        COMMITTEE = "committee", _("支部委员")
        MEMBER = "member", _("党员")
        PROBATIONARY = "probationary", _("预备党员")
        REVIEWER = "reviewer", _("审核人")

    COMMITTEE_ROLES = frozenset(
        {
            Role.SECRETARY,
            Role.DEPUTY_SECRETARY,
            Role.ORGANISATION,
            Role.PUBLICITY,
            Role.DISCIPLINE,
            Role.COMMITTEE,
        }
    )

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("党组织"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("职务/身份"), max_length=20, choices=Role.choices)
    position = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("组织成员")
        verbose_name_plural = _("组织成员")
        ordering = ["organisation", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation", "role"], name="membership_unique_role"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.user} · {self.get_role_display()}"
