"""Start-up checks for a deployment (`manage.py check --deploy` and every runserver)."""

from django.conf import settings
from django.core.checks import Warning, register


@register()
def shared_cache_check(app_configs, **kwargs) -> list[Warning]:
    """Without Redis, rate limits and "who has this material open" are kept per process."""
    if settings.DEBUG or getattr(settings, "REDIS_URL", ""):
        return []
    return [
        Warning(
            "REDIS_URL is not set: the opinion form's rate limit and the editor's list of who has a "
            "material open are kept in each process's memory.",
            hint="With several gunicorn workers set REDIS_URL=redis://127.0.0.1:6379/0 (see .env.example).",
            id="orglife.W001",
        )
    ]
