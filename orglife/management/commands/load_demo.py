from django.core.management.base import BaseCommand

from orglife.models import Membership
from orglife.services.demo import load_demo


class Command(BaseCommand):
    help = "Load the demo district, branch, members and the 2022 cycle (safe to run again)."

    def handle(self, *args, **options) -> None:
        result = load_demo()
        self.stdout.write(self.style.SUCCESS(f"演示数据已就绪。演示账号（密码均为 {result['password']}）："))
        for user in result["users"]:
            roles = "、".join(
                f"{m.organisation.name}{m.get_role_display()}"
                for m in Membership.objects.filter(user=user).select_related("organisation")
            ) or ("系统管理员（可进入数据管理）" if user.is_superuser else "")
            self.stdout.write(f"  {user.username:<10} {user.full_name}  {roles}")
