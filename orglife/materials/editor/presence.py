"""Who has a material open in the editor, kept in the shared cache (it may be lost; that is fine)."""

import time

from django.core.cache import caches

from orglife.materials.models import Material
from orglife.orgs.models import User

INTERVAL_SECONDS = 20  # how often an open, visible editor says it is still open
WINDOW_SECONDS = 3 * INTERVAL_SECONDS  # gone after three missed intervals (e.g. the tab hidden)


def presence_touch(*, material: Material, user: User) -> list[str]:
    """Record that `user` has the editor open now; return the names of the others.

    Side effects: writes the material's presence entry in the cache, dropping anyone
    not seen for WINDOW_SECONDS.
    """
    cache = caches["shared"]
    key = f"orglife:presence:{material.pk}"
    now = time.time()
    seen = {uid: entry for uid, entry in (cache.get(key) or {}).items() if now - entry[1] < WINDOW_SECONDS}
    seen[user.pk] = (user.get_full_name(), now)
    cache.set(key, seen, WINDOW_SECONDS * 2)
    return sorted(name for uid, (name, _) in seen.items() if uid != user.pk)
