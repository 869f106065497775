"""Shared fixtures: one branch with its committee and members, an outsider in
another branch, and a reviewer on the parent organisation (style.md)."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.cache import caches
from django.test import Client, override_settings

from orglife.models import Category, Cycle, Material, Organisation, User
from orglife.opinions.services import forget_public_campaign
from tests.factories import make_branch, make_category, make_committee, make_cycle, make_material, make_member


def pytest_configure(config):
    from django.conf import settings

    # Without DATABASE_URL the test database is a SQLite file under var/ (orglife.settings).
    (Path(settings.BASE_DIR) / "var").mkdir(exist_ok=True)


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session", autouse=True)
def _plain_http():
    """The test client and the live server speak plain HTTP, which production redirects.
    For the whole session: the live server's SecurityMiddleware reads the setting once."""
    with override_settings(SECURE_SSL_REDIRECT=False):
        yield


@pytest.fixture(autouse=True)
def _empty_in_memory_caches():
    """Presence, rate limits and cached campaigns must not leak from one test into the next."""
    for alias in ("default", "shared"):
        caches[alias].clear()
    forget_public_campaign()


@pytest.fixture(autouse=True)
def _isolated_print_settings(settings, tmp_path):
    """A private PDF cache and an empty font folder, whatever the developer has in var/:
    every document the print engine makes (materials, opinion summaries, posters)
    would otherwise be served from, and left in, the shared var/cache/print."""
    settings.CACHES = {
        **settings.CACHES,
        "print": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "print-cache"),
        },
    }
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    settings.ORGLIFE_FONT_DIR = fonts


@pytest.fixture
def render_lock_held():
    """Another request's in-process render holds the print engine's lock (for at most 20 s,
    so that a render that waits for it does not hang the test run)."""
    from orglife.printing import pdf

    taken, done = threading.Event(), threading.Event()

    def hold():
        with pdf._render_lock:
            taken.set()
            done.wait(20)

    thread = threading.Thread(target=hold)
    thread.start()
    taken.wait()
    yield
    done.set()
    thread.join()


@pytest.fixture
def render_calls(monkeypatch):
    """The jobs the print engine renders, wrapping its own render function (WeasyPrint runs for real)."""
    from orglife.printing import pdf

    calls = []
    real = pdf.render

    def counting(job, **kwargs):
        calls.append(job)
        return real(job, **kwargs)

    monkeypatch.setattr(pdf, "render", counting)
    return calls


UKAI = Path("/usr/share/fonts/truetype/arphic/ukai.ttc")
OFFICIAL_FONT_TEXT = "一是学习不深入。党支部班子对照检查材料存在的问题思想方面（）"


@pytest.fixture
def official_font(settings):
    """Puts a small real font (a subset of AR PL UKai holding `text`) that calls itself
    `family` into the font folder, as a deployment copies the official fonts there."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    def make(file_name: str, family: str, postscript: str, text: str = OFFICIAL_FONT_TEXT) -> Path:
        font = TTFont(UKAI, fontNumber=0)
        options = subset.Options()
        options.name_IDs, options.name_languages, options.notdef_outline = ["*"], ["*"], True
        subsetter = subset.Subsetter(options)
        subsetter.populate(text=text)
        subsetter.subset(font)
        for record in font["name"].names:
            if record.nameID in (1, 4, 16):
                record.string = family
            elif record.nameID == 6:
                record.string = postscript
        path = Path(settings.ORGLIFE_FONT_DIR) / file_name
        font.save(path)
        return path

    return make


@dataclass
class World:
    district: Organisation
    branch: Organisation
    other_branch: Organisation
    secretary: User
    committee: User
    member: User
    outsider: User
    reviewer: User
    cycle: Cycle
    material: Material
    categories: list[Category]


@pytest.fixture
def world(db) -> World:
    district = make_committee(name="中共测试区委", code="district")
    branch = make_branch(name="第一党支部", code="branch-1", parent=district)
    other = make_branch(name="第二党支部", code="branch-2", parent=district)
    secretary = make_member(username="secretary", full_name="张书记", organisation=branch, role="secretary")
    committee = make_member(username="committee", full_name="李委员", organisation=branch, role="organisation")
    member = make_member(username="member", full_name="王党员", organisation=branch, role="member")
    outsider = make_member(username="outsider", full_name="赵外人", organisation=other, role="secretary")
    reviewer = make_member(username="reviewer", full_name="周审核", organisation=district, role="reviewer")
    cycle = make_cycle(branch=branch, year=2022, kind="special", title="2022年专题组织生活会")
    categories = [
        make_category(cycle=cycle, position=n, name=name)
        for n, name in enumerate(["思想", "学习", "工作", "生活"], start=1)
    ]
    material = make_material(cycle=cycle, title="党支部班子对照检查材料")
    return World(district, branch, other, secretary, committee, member, outsider, reviewer, cycle, material, categories)


@pytest.fixture
def client_for():
    def login(user: User) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return login


# --- rectification and dashboard ---


@pytest.fixture(autouse=True)
def _isolated_file_storages(settings, tmp_path):
    """Evidence files (orglife.rectification.evidence) and bulk exports (orglife.dashboard.jobs)
    go to the test's own folders, not var/evidence and var/exports."""
    settings.STORAGES = {
        **settings.STORAGES,
        "evidence": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "evidence"), "base_url": None},
        },
        "exports": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "exports")},
        },
    }
