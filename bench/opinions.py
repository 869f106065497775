"""Load-test the public opinion form against a trivial view, through gunicorn.

Run: .venv/bin/python bench/opinions.py [--clients 32] [--seconds 10] [--workers 2] [--threads 4] [--no-redis]

What it does, all on this machine:
1. creates a throwaway PostgreSQL database `orglife_bench` (on BENCH_PG, default
   postgres://postgres@127.0.0.1:5432), migrates it and opens a campaign;
2. starts gunicorn (gthread workers) on a free 127.0.0.1 port, with the rate limit
   set to OPINION_RATE_LIMIT=1000000/60: the limiter still runs on every post (and
   counts in Redis when one answers on 127.0.0.1:6379, database 15, as in a
   multi-worker deployment) but never trips, since every client is 127.0.0.1;
3. runs `--clients` concurrent clients (asyncio, loopback only) against
   GET /healthz, then against POST /o/<token>/ (each client fetches the form once
   for its CSRF cookie and token, then posts valid opinions), each phase bounded by
   `--seconds` and `--max-requests`; first on keep-alive connections, then with a
   new connection for each request (`--connections`), as a reverse proxy without
   upstream keep-alive (nginx's default) would. Keep-alive connections stay with the
   worker that accepted them, and the 32 are seldom shared evenly between the two
   workers (seen: 38 and 10), one reason the form's p99 moves from run to run;
4. prints requests/s, latency percentiles and CPU per request (gunicorn's workers,
   this load generator, the rest of the machine) for both, and stops gunicorn;
5. runs bench/opinions_parts.py: the form's CPU inside one process, with the rate
   limit and the database write taken out in turn, to show where the time goes;
6. drops the database (unless --keep).

Target (issue 6): the form at least half the trivial view's throughput, p99 under 100 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

import psycopg

ROOT = Path(__file__).resolve().parent.parent
DB_NAME = "orglife_bench"
HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def redis_answers() -> bool:
    try:
        with socket.create_connection((HOST, 6379), timeout=0.5) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def recreate_database(server: str) -> str:
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {DB_NAME}")
    return f"{server}/{DB_NAME}"


def drop_database(server: str) -> None:
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")


SETUP = """
import datetime
from django.utils import timezone
from orglife.models import Category, Cycle, Material
from orglife.opinions.services import campaign_create
from orglife.orgs.services import organisation_create
branch = organisation_create(name="基准测试党支部", kind="branch", code="bench")
cycle = Cycle.objects.create(branch=branch, year=2024, title="基准测试组织生活会")
names = ["思想", "学习", "工作", "生活"]
categories = [Category.objects.create(cycle=cycle, position=n, name=name) for n, name in enumerate(names, 1)]
Material.objects.create(cycle=cycle, title="班子对照检查材料")
today = timezone.localdate()
campaign = campaign_create(
    cycle=cycle, title="征求意见", opens_on=today, closes_on=today + datetime.timedelta(days=7),
    sources=["member", "masses", "served", "higher"], categories=categories,
)
print(campaign.token, categories[2].pk)
"""


def prepare(env: dict[str, str]) -> tuple[str, int]:
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--no-input", "-v", "0"], env=env, check=True, cwd=ROOT)
    out = subprocess.run(
        [*manage, "shell", "-v", "0", "-c", SETUP], env=env, check=True, cwd=ROOT, capture_output=True, text=True
    )
    token, category = out.stdout.split()
    return token, int(category)


# --- A small HTTP/1.1 keep-alive client over asyncio streams ------------------------


class Connection:
    def __init__(self, port: int):
        self.port = port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def request(self, raw: bytes) -> tuple[int, dict[str, str], bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(HOST, self.port)
        self.writer.write(raw)
        await self.writer.drain()
        status_line = await self.reader.readline()
        if not status_line:  # the server closed an idle connection: reconnect once
            self.close()
            return await self.request(raw)
        headers: dict[str, str] = {}
        cookies = []
        while (line := await self.reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            if name.lower() == "set-cookie":
                cookies.append(value.strip())
            headers[name.lower()] = value.strip()
        headers["set-cookie"] = "\n".join(cookies)
        body = await self.reader.readexactly(int(headers.get("content-length", "0")))
        if headers.get("connection", "").lower() == "close":
            self.close()
        return int(status_line.split()[1]), headers, body

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


def http_get(path: str, cookie: str = "") -> bytes:
    extra = f"Cookie: {cookie}\r\n" if cookie else ""
    return f"GET {path} HTTP/1.1\r\nHost: {HOST}\r\n{extra}\r\n".encode()


def http_post(path: str, form: dict[str, str], cookie: str) -> bytes:
    body = urlencode(form).encode()
    head = (
        f"POST {path} HTTP/1.1\r\nHost: {HOST}\r\nCookie: {cookie}\r\n"
        f"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {len(body)}\r\n\r\n"
    )
    return head.encode() + body


async def client_loop(
    port: int, make_request, expect: int, deadline: float, budget: list[int], out: list[float], fresh: bool
):
    """Send requests until the deadline or the shared budget runs out; record latencies.
    With `fresh`, each request opens a connection of its own (counted in its latency)."""
    conn = Connection(port)
    raw = await make_request(conn)
    try:
        while time.perf_counter() < deadline and budget[0] > 0:
            budget[0] -= 1
            if fresh:
                conn.close()
            start = time.perf_counter()
            status, _, _ = await conn.request(raw)
            out.append(time.perf_counter() - start)
            if status != expect:
                raise RuntimeError(f"expected HTTP {expect}, got {status}")
    finally:
        conn.close()


async def phase(
    port: int, clients: int, seconds: float, max_requests: int, make_request, expect: int, fresh: bool = False
):
    latencies: list[float] = []
    budget = [max_requests]
    start = time.perf_counter()
    deadline = start + seconds
    await asyncio.gather(
        *(client_loop(port, make_request, expect, deadline, budget, latencies, fresh) for _ in range(clients))
    )
    elapsed = time.perf_counter() - start
    return len(latencies) / elapsed, latencies


def form_request(token: str, category: int):
    async def make(conn: Connection) -> bytes:
        path = f"/o/{token}/"
        status, headers, body = await conn.request(http_get(path))
        if status != 200:
            raise RuntimeError(f"form page answered {status}")
        cookie = re.search(r"csrftoken=([^;]+)", headers["set-cookie"]).group(1)
        csrf = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
        form = {
            "csrfmiddlewaretoken": csrf,
            "source": "masses",
            "category": str(category),
            "text": "窗口办事排队时间较长，建议午间安排人员值班，方便群众办事。",
        }
        return http_post(path, form, f"csrftoken={cookie}")

    return make


async def health_request(conn: Connection) -> bytes:
    return http_get("/healthz")


def cpu_seconds(master: int) -> float:
    """CPU time used so far by gunicorn's workers (children of `master`), from /proc."""
    total = 0.0
    for child in Path(f"/proc/{master}/task/{master}/children").read_text().split():
        fields = Path(f"/proc/{child}/stat").read_text().rsplit(")", 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def machine_busy_seconds() -> float:
    """CPU time the whole machine spent busy so far (all cores), from /proc/stat."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle + iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def cpu_now(master: int) -> tuple[float, float, float]:
    """(gunicorn workers, this load generator, whole machine) CPU seconds so far."""
    return cpu_seconds(master), time.process_time(), machine_busy_seconds()


def report(name: str, rate: float, latencies: list[float], cpu: tuple[float, float, float]) -> None:
    """One line of figures; `cpu` is the phase's (gunicorn, client, machine) CPU seconds, shown
    per request, "other" being the rest of the machine (PostgreSQL, Redis, the kernel's share)."""
    ms = sorted(x * 1000 for x in latencies)
    p = statistics.quantiles(ms, n=100)
    workers, client, machine = (seconds / len(ms) * 1000 for seconds in cpu)
    print(
        f"{name:<18} {rate:6.0f} req/s  n={len(ms):6d}  p50 {p[49]:5.1f} ms  p95 {p[94]:5.1f} ms  "
        f"p99 {p[98]:5.1f} ms  max {ms[-1]:6.1f} ms\n"
        f"{'':<18} CPU ms/req: gunicorn {workers:.2f}, load generator {client:.2f}, "
        f"other {machine - workers - client:.2f}, machine {machine:.2f}"
    )


def wait_for(port: int, process: subprocess.Popen, timeout: float = 20) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if process.poll() is not None:
            raise RuntimeError("gunicorn exited during start-up")
        try:
            socket.create_connection((HOST, port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("gunicorn did not start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--max-requests", type=int, default=200_000, help="per phase, a hard bound")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument(
        "--connections",
        choices=["keep-alive", "fresh", "both"],
        default="both",
        help="keep-alive connections, a new connection per request, or both in turn (default)",
    )
    parser.add_argument("--no-redis", action="store_true", help="count the rate limit in each worker's memory")
    parser.add_argument("--no-parts", action="store_true", help="skip the in-process breakdown (opinions_parts.py)")
    parser.add_argument("--keep", action="store_true", help="keep the orglife_bench database afterwards")
    args = parser.parse_args()

    server = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "orglife.settings",
        "SECRET_KEY": "bench-only-secret-key",
        "DEBUG": "0",
        "ALLOWED_HOSTS": HOST,
        "SECURE_COOKIES": "0",
        "SECURE_SSL_REDIRECT": "0",  # gunicorn is reached over plain HTTP here
        "DATABASE_URL": recreate_database(server),
        "OPINION_RATE_LIMIT": "1000000/60",
        "REDIS_URL": f"redis://{HOST}:6379/15" if redis_answers() and not args.no_redis else "",
    }
    port = free_port()
    gunicorn = None
    try:
        token, category = prepare(env)
        gunicorn = subprocess.Popen(
            [
                str(Path(sys.executable).with_name("gunicorn")),
                "orglife.wsgi",
                "--bind",
                f"{HOST}:{port}",
                "--workers",
                str(args.workers),
                "--worker-class",
                "gthread",
                "--threads",
                str(args.threads),
                "--keep-alive",
                "30",
                "--log-level",
                "warning",
            ],
            env=env,
            cwd=ROOT,
            start_new_session=True,
        )
        wait_for(port, gunicorn)
        print(
            f"gunicorn {args.workers} workers × {args.threads} threads, {args.clients} clients, "
            f"{args.seconds:g} s per phase, rate-limit cache: {'Redis' if env['REDIS_URL'] else 'per-process memory'}"
        )
        modes = {"keep-alive": [False], "fresh": [True], "both": [False, True]}[args.connections]
        for fresh in modes:
            print(
                "\neach request on a connection of its own, as from a reverse proxy without upstream keep-alive:"
                if fresh
                else "\nkeep-alive connections, each client's requests on one:"
            )
            results = {}
            for name, make_request, expect in (
                ("GET /healthz", health_request, 200),
                ("POST /o/<token>/", form_request(token, category), 302),
            ):
                # A short warm-up fills gunicorn's thread pools and the database connections.
                asyncio.run(phase(port, args.clients, 1.0, 50 * args.clients, make_request, expect, fresh))
                before = cpu_now(gunicorn.pid)
                rate, latencies = asyncio.run(
                    phase(port, args.clients, args.seconds, args.max_requests, make_request, expect, fresh)
                )
                after = cpu_now(gunicorn.pid)
                report(name, rate, latencies, tuple(b - a for a, b in zip(before, after, strict=True)))
                results[name] = rate, latencies
            (health_rate, _), (form_rate, form) = results.values()
            p99 = statistics.quantiles([x * 1000 for x in form], n=100)[98]
            ratio = form_rate / health_rate
            print(f"form / trivial throughput: {ratio:.2f} (target ≥ 0.50); form p99 {p99:.1f} ms (target < 100 ms)")
            print("PASS" if ratio >= 0.5 and p99 < 100 else "MISS")
        os.killpg(gunicorn.pid, signal.SIGTERM)
        gunicorn.wait(timeout=20)
        gunicorn = None
        if not args.no_parts:
            parts = [sys.executable, str(ROOT / "bench" / "opinions_parts.py"), token, str(category)]
            subprocess.run(parts, env=env, cwd=ROOT, check=True)
    finally:
        if gunicorn is not None:
            os.killpg(gunicorn.pid, signal.SIGTERM)
            gunicorn.wait(timeout=20)
        if not args.keep:
            drop_database(server)


if __name__ == "__main__":
    main()
