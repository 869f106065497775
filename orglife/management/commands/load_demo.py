from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from orglife.demo import load_demo
from orglife.orgs.models import Membership

REFUSED = (
    "演示数据只用于开发和试用：当前 DEBUG 未开启（生产环境），没有加载任何数据。"
    "确需在此加载，请加 --force（已有账号的密码不会被改动）。"
)


class Command(BaseCommand):
    help = (
        "Load the demo district, branch, members and the 2022 cycle (safe to run again). "
        "Refused unless DEBUG=1 or --force; existing users keep their passwords."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--force", action="store_true", help="load the demo even though DEBUG is off")

    def handle(self, *args, force: bool = False, **options) -> None:
        if not settings.DEBUG and not force:
            raise CommandError(REFUSED)
        result = load_demo()
        self.stdout.write(self.style.SUCCESS(f"演示数据已就绪。演示账号（密码均为 {result['password']}）："))
        for user in result["users"]:
            roles = "、".join(
                f"{m.organisation.name}{m.get_role_display()}"
                for m in Membership.objects.filter(user=user).select_related("organisation")
            ) or ("系统管理员（可进入数据管理）" if user.is_superuser else "")
            kept = "（已有账号，密码未改动）" if user.username in result["existing"] else ""
            self.stdout.write(f"  {user.username:<10} {user.full_name}  {roles}{kept}")
