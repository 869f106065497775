import re

from django.urls import reverse

from orglife.models import Organisation
from orglife.services.demo import load_demo


def cycle_rows(html: str) -> list[tuple[str, str]]:
    """(branch, cycle title) of each row of the cycle tables on a page."""
    return re.findall(r"<tr><td>([^<]+)</td><td>\d{4}</td><td><a href=\"/cycles/\d+/\">([^<]+)</a>", html)


def test_district_page_lists_the_cycles_of_branches_two_levels_below(client, db):
    load_demo()
    district = Organisation.objects.get(code="linjiang-district")
    client.login(username="reviewer", password="orglife2022")

    html = client.get(reverse("organisation", args=[district.pk])).content.decode()

    assert cycle_rows(html) == [
        ("临江区发展和改革局机关党支部", "2022年“迎盛会、铸忠诚、强担当、创业绩”主题教育专题组织生活会")
    ]
    assert "还没有组织生活会" not in html
