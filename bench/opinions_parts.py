"""Where the public form's CPU time goes, measured inside one process (no HTTP server).

Run by bench/opinions.py after its HTTP phases, with that run's environment (the
benchmark database, Redis, the lifted rate limit), as
`python bench/opinions_parts.py <campaign token> <category id>`.

It calls the WSGI application directly, the way gunicorn does, for GET /healthz and
for POST /o/<token>/ (status 302 asserted), and for the form again with one part
taken out at a time: the rate limit (OPINION_RATE_LIMIT off) and the database write
(orglife.opinions.services.opinion_submit replaced by a no-op). Rounds alternate
between the variants so that a noisy neighbour spreads over all of them; it prints
the median CPU milliseconds per request of each, and what each part costs.
"""

from __future__ import annotations

import io
import os
import re
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
ROUNDS, PER_ROUND = 6, 500


def main(token: str, category: str) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "orglife.settings")
    from django.conf import settings
    from django.core.wsgi import get_wsgi_application

    app = get_wsgi_application()
    import orglife.opinions.services as services  # only once Django is set up

    def call(method: str, path: str, body: bytes = b"", cookie: str = "") -> tuple[str, dict, bytes]:
        environ = {
            "REQUEST_METHOD": method,
            "PATH_INFO": path,
            "SCRIPT_NAME": "",
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "80",
            "HTTP_HOST": "127.0.0.1",
            "REMOTE_ADDR": "127.0.0.1",
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(body),
            "CONTENT_LENGTH": str(len(body)),
            "CONTENT_TYPE": "application/x-www-form-urlencoded",
        }
        if cookie:
            environ["HTTP_COOKIE"] = cookie
        answer = {}

        def start_response(status, headers, exc_info=None):
            answer.update(status=status, headers=headers)

        content = b"".join(app(environ, start_response))
        return answer["status"], dict(answer["headers"]), content

    path = f"/o/{token}/"
    _, headers, page = call("GET", path)
    cookie = re.search(r"csrftoken=([^;]+)", headers["Set-Cookie"]).group(1)
    csrf = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
    text = "窗口办事排队时间较长，建议午间安排人员值班，方便群众办事。"
    body = urlencode({"csrfmiddlewaretoken": csrf, "source": "masses", "category": category, "text": text}).encode()

    def post() -> None:
        status, _, _ = call("POST", path, body, f"csrftoken={cookie}")
        if not status.startswith("302"):
            raise RuntimeError(f"the form answered {status}")

    def healthz() -> None:
        call("GET", "/healthz")

    real_submit, real_limit = services.opinion_submit, settings.OPINION_RATE_LIMIT
    variants = {
        "GET /healthz": (healthz, real_limit, real_submit),
        "form": (post, real_limit, real_submit),
        "form, no rate limit": (post, None, real_submit),
        "form, no write": (post, real_limit, lambda **kwargs: None),
    }
    samples: dict[str, list[float]] = {name: [] for name in variants}
    for _ in range(ROUNDS):
        for name, (request, limit, submit) in variants.items():
            settings.OPINION_RATE_LIMIT, services.opinion_submit = limit, submit
            for _ in range(PER_ROUND // 10):  # warm this variant's caches
                request()
            start = time.process_time()
            for _ in range(PER_ROUND):
                request()
            samples[name].append((time.process_time() - start) / PER_ROUND * 1000)
    settings.OPINION_RATE_LIMIT, services.opinion_submit = real_limit, real_submit

    ms = {name: statistics.median(values) for name, values in samples.items()}
    print("\nCPU per request inside the application (median of rounds, no HTTP server):")
    for name, value in ms.items():
        print(f"  {name:<22} {value:.3f} ms")
    limit, write = ms["form"] - ms["form, no rate limit"], ms["form"] - ms["form, no write"]
    print(
        f"  the form above the trivial view: rate limit {limit:.3f} ms, database write (with the "
        f"connection's health check) {write:.3f} ms, the rest (CSRF, parsing, the form, the redirect) "
        f"{ms['form'] - limit - write - ms['GET /healthz']:.3f} ms"
    )


if __name__ == "__main__":
    main(*sys.argv[1:3])
