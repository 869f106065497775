import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from orglife.models import (
    Category,
    Cause,
    Cycle,
    Direction,
    Material,
    Measure,
    MemberLiaison,
    Membership,
    Opinion,
    Organisation,
    Problem,
    SpeechOutline,
    Talk,
    User,
)
from orglife.talks.selectors import coverage

ROOT = Path(__file__).resolve().parents[1]
REFUSED = (
    "演示数据只用于开发和试用：当前 DEBUG 未开启（生产环境），没有加载任何数据。"
    "确需在此加载，请加 --force（已有账号的密码不会被改动）。"
)

MODELS = [Organisation, User, Membership, Cycle, Category, Material, Problem, Cause, Direction, Measure, Opinion]
MODELS += [Talk, MemberLiaison, SpeechOutline]


@pytest.fixture
def debug(settings):
    settings.DEBUG = True


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


@pytest.mark.django_db
def test_load_demo_twice_duplicates_nothing(debug):
    call_command("load_demo", stdout=StringIO())
    first = counts()

    call_command("load_demo", stdout=StringIO())

    assert (
        counts()
        == first
        == {
            "Organisation": 4,
            "User": 10,
            "Membership": 9,
            "Cycle": 1,
            "Category": 4,
            "Material": 5,
            "Problem": 16,
            "Cause": 7,
            "Direction": 7,
            "Measure": 14,
            "Opinion": 7,
            "Talk": 12,
            "MemberLiaison": 4,
            "SpeechOutline": 3,
        }
    )


@pytest.mark.django_db
def test_demo_branch_has_seven_members_with_roles_and_a_reviewer_above(debug):
    call_command("load_demo", stdout=StringIO())
    branch = Organisation.objects.get(code="linjiang-drc-branch")

    roles = sorted(Membership.objects.filter(organisation=branch).values_list("role", flat=True))
    reviewer = Membership.objects.get(role="reviewer")

    assert roles == ["member", "member", "member", "organisation", "probationary", "publicity", "secretary"]
    assert (reviewer.user.username, reviewer.organisation.name) == ("reviewer", "中共临江区委")
    assert branch.parent.parent == reviewer.organisation


@pytest.mark.django_db
def test_demo_cycle_is_the_2022_special_meeting_with_four_categories(debug):
    call_command("load_demo", stdout=StringIO())

    cycle = Cycle.objects.get()

    assert (cycle.year, cycle.kind, cycle.theme) == (2022, "special", "迎盛会、铸忠诚、强担当、创业绩")
    assert list(cycle.categories.values_list("name", flat=True)) == ["思想", "学习", "工作", "生活"]
    assert [c.problems.filter(material__kind="committee").count() for c in cycle.categories.all()] == [3, 3, 3, 3]


@pytest.mark.django_db
def test_demo_talks_cover_every_required_pair_but_one(debug):
    call_command("load_demo", stdout=StringIO())

    found = coverage(Cycle.objects.get())
    missing = [(p.first.user.username, p.second.user.username) for p in found.missing]
    personal = dict(Material.objects.filter(kind="personal").values_list("author__username", "problems__pk"))
    assert (found.required, found.done, found.talks, missing) == (11, 10, 12, [("wangqiang", "wuyue")])
    # the others have not started; 孙丽's and 王强's are reviewed (orglife.review.demo)
    assert sorted(personal) == ["liuhong", "sunli", "wangqiang", "zhaolei"]
    assert Opinion.objects.filter(source="talk", talk_link__talk__cycle__year=2022).count() == 1


@pytest.mark.django_db
def test_demo_logins_are_printed(debug, capsys):
    call_command("load_demo")

    out = capsys.readouterr().out

    assert "演示账号（密码均为 orglife2022）" in out
    assert "  secretary  张卫东  临江区发展和改革局机关党支部书记" in out


@pytest.mark.django_db
def test_load_demo_is_refused_outside_debug(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError) as refused:
        call_command("load_demo", stdout=StringIO())

    assert (str(refused.value), counts()) == (REFUSED, dict.fromkeys(counts(), 0))


def test_load_demo_in_a_production_process_changes_nothing():
    clean = {k: v for k, v in os.environ.items() if k != "DEBUG"}

    result = subprocess.run(
        [sys.executable, "manage.py", "load_demo"],
        cwd=ROOT,
        env={**clean, "SECRET_KEY": "x", "DEBUG": "0", "REDIS_URL": "redis://127.0.0.1:6379/12"},
        capture_output=True,
        text=True,
    )

    assert (result.returncode, result.stdout, result.stderr) == (1, "", f"CommandError: {REFUSED}\n")


@pytest.mark.django_db
def test_forced_load_keeps_the_passwords_and_rights_of_existing_users(settings):
    settings.DEBUG = False
    admin = User.objects.create_superuser(username="admin", password="production-secret", full_name="运维")
    secretary = User.objects.create_user(username="secretary", password="her-own", full_name="王书记")
    out = StringIO()

    call_command("load_demo", "--force", stdout=out)

    admin.refresh_from_db()
    secretary.refresh_from_db()
    member = User.objects.get(username="member")
    assert (admin.check_password("production-secret"), admin.check_password("orglife2022")) == (True, False)
    assert (secretary.check_password("her-own"), secretary.full_name, secretary.is_superuser) == (True, "王书记", False)
    assert member.check_password("orglife2022")
    lines = out.getvalue().splitlines()
    assert lines[1] == "  admin      运维  系统管理员（可进入数据管理）（已有账号，密码未改动）"
    assert lines[3] == "  secretary  王书记  临江区发展和改革局机关党支部书记（已有账号，密码未改动）"


@pytest.mark.django_db
def test_running_the_demo_again_does_not_reset_a_changed_password(debug):
    call_command("load_demo", stdout=StringIO())
    admin = User.objects.get(username="admin")
    admin.set_password("changed-after-the-demo")
    admin.save()

    call_command("load_demo", stdout=StringIO())

    admin.refresh_from_db()
    assert admin.check_password("changed-after-the-demo")
