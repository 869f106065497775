"""The site icon: browsers ask for /favicon.ico on every page, which was a 404."""

import xml.etree.ElementTree as ET

from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.test import Client

ICON = static("img/favicon.svg")
LINK = f'<link rel="icon" href="{ICON}" type="image/svg+xml">'


def test_favicon_ico_redirects_to_the_svg_icon(db):
    client = Client()

    answers = [client.get("/favicon.ico") for _ in range(2)]

    assert [(r.status_code, r["Location"]) for r in answers] == [(302, ICON), (302, ICON)]
    assert Client().post("/favicon.ico").status_code == 405


def test_the_icon_is_a_32_pixel_svg():
    root = ET.parse(finders.find("img/favicon.svg")).getroot()

    assert (root.tag, root.get("viewBox")) == ("{http://www.w3.org/2000/svg}svg", "0 0 32 32")


def test_the_login_page_names_the_icon(db):
    html = Client().get("/accounts/login/").content.decode()

    assert html.count(LINK) == 1
