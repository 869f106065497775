from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrglifeConfig(AppConfig):
    name = "orglife"
    verbose_name = _("组织生活会")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from orglife.common import checks  # noqa: F401  (registers the start-up checks)
        from orglife.opinions import logfilter

        logfilter.install()
