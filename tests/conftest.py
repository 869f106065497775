"""Shared fixtures: one branch with its committee and members, an outsider in
another branch, and a reviewer on the parent organisation (style.md)."""

from __future__ import annotations

import datetime
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.cache import caches
from django.db import transaction
from django.test import Client, override_settings
from django.utils import timezone

from orglife.models import Category, Cycle, Material, Membership, Opinion, Organisation, Problem, User
from orglife.services.opinion import (
    campaign_create,
    forget_public_campaign,
    opinion_adopt,
    opinion_submit,
    release_all_now,
)
from orglife.services.org import organisation_create


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


def make_user(username: str, full_name: str = "", **extra) -> User:
    return User.objects.create_user(username=username, password="pw", full_name=full_name or username, **extra)


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
    district = organisation_create(name="中共测试区委", kind="committee", code="district")
    branch = organisation_create(name="第一党支部", kind="branch", code="branch-1", parent=district)
    other = organisation_create(name="第二党支部", kind="branch", code="branch-2", parent=district)
    secretary = make_user("secretary", "张书记")
    committee = make_user("committee", "李委员")
    member = make_user("member", "王党员")
    outsider = make_user("outsider", "赵外人")
    reviewer = make_user("reviewer", "周审核")
    Membership.objects.create(user=secretary, organisation=branch, role="secretary")
    Membership.objects.create(user=committee, organisation=branch, role="organisation")
    Membership.objects.create(user=member, organisation=branch, role="member")
    Membership.objects.create(user=outsider, organisation=other, role="secretary")
    Membership.objects.create(user=reviewer, organisation=district, role="reviewer")
    cycle = Cycle.objects.create(branch=branch, year=2022, kind="special", title="2022年专题组织生活会")
    categories = [
        Category.objects.create(cycle=cycle, position=n, name=name)
        for n, name in enumerate(["思想", "学习", "工作", "生活"], start=1)
    ]
    material = Material.objects.create(cycle=cycle, title="党支部班子对照检查材料")
    return World(district, branch, other, secretary, committee, member, outsider, reviewer, cycle, material, categories)


def add_problems(material: Material, category: Category, count: int) -> list[Problem]:
    start = material.problems.filter(category=category).count()
    return [
        Problem.objects.create(material=material, category=category, position=start + n, text=f"问题{start + n}。")
        for n in range(1, count + 1)
    ]


@pytest.fixture
def client_for():
    def login(user: User) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return login


def adopted_opinion(world: World) -> Opinion:
    """An opinion from an open campaign of the world's cycle, adopted as a new problem of its material."""
    today = timezone.localdate()
    campaign = campaign_create(
        cycle=world.cycle,
        title="征求意见",
        opens_on=today - datetime.timedelta(days=1),
        closes_on=today + datetime.timedelta(days=1),
        sources=["masses"],
        categories=world.categories,
    )
    opinion_submit(campaign=campaign, source="masses", category=world.categories[0], text="理论学习走过场。")
    with transaction.atomic():
        (opinion,) = release_all_now(campaign=campaign)  # made-up: shown at once
    opinion_adopt(opinion=opinion)
    opinion.refresh_from_db()
    return opinion
