"""Requests per second through gunicorn (2 workers) on localhost, on SQLite or PostgreSQL.

    .venv/bin/python benchmarks/load/serve.py --listings 10000                 # temporary SQLite file
    .venv/bin/python benchmarks/load/serve.py --listings 100000 \\
        --database-url postgres://postgres@127.0.0.1:5432/chumchon_bench --keep    # then --reuse
    .venv/bin/python benchmarks/load/serve.py --listings 1000 --duration 5     # what CI runs

Builds its own database exactly as benchmarks/search/bench.py does (see benchmarks/common.py:
created and dropped unless `--keep`, `--reuse`), starts gunicorn with `--workers` workers on a free
127.0.0.1 port against it (DEBUG off, plain static file storage so no collectstatic is needed),
warms each page up, then for `--duration` seconds per page keeps `--clients` threads each sending
one request after another (http.client, keep-alive off, as `ab` without -k does). Only localhost,
bounded in time, and gunicorn is stopped at the end whatever happens. Prints requests/s, p50 and
p95 per page and a machine-readable last line:

    load: search_rps=… listings_rps=…
"""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote, unquote

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import common

PAGES = {"search": "/search/?q=" + quote("ผ้าทอ"), "listings": "/listings/"}
# Settings the gunicorn workers read: the project's, with plain static file names (the page
# benchmarks do the same in-process) so templates render without a collectstatic manifest.
SETTINGS = """from chumchon.settings import *  # noqa: F403

STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def get(port: int, path: str, timeout: float = 30) -> tuple[int, float]:
    """Status and milliseconds of one GET on a fresh connection."""
    start = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path, headers={"Host": "127.0.0.1", "Connection": "close"})
        response = connection.getresponse()
        response.read()
        return response.status, (time.perf_counter() - start) * 1000
    finally:
        connection.close()


def start_gunicorn(*, port: int, workers: int, database_url: str) -> subprocess.Popen[bytes]:
    settings_dir = tempfile.mkdtemp(prefix="chumchon-load-")
    Path(settings_dir, "load_settings.py").write_text(SETTINGS)
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "load_settings",
        "PYTHONPATH": os.pathsep.join([settings_dir, str(common.ROOT), os.environ.get("PYTHONPATH", "")]),
        "ALLOWED_HOSTS": "127.0.0.1",
    }
    command = [
        sys.executable, "-m", "gunicorn", "chumchon.wsgi:application",
        "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
        "--timeout", "60", "--graceful-timeout", "5", "--log-level", "warning",
    ]  # fmt: skip
    return subprocess.Popen(command, env=env, cwd=common.ROOT, start_new_session=True)


def wait_until_up(process: subprocess.Popen[bytes], port: int, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn exited with {process.returncode}")
        try:
            if get(port, "/healthz", timeout=5)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise SystemExit(f"gunicorn did not answer /healthz within {seconds:.0f} s")


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)  # its own session: the arbiter and its workers
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def load(port: int, path: str, *, clients: int, duration: float) -> tuple[float, list[float], int]:
    """Requests/s, the timings (ms) of the successful requests and the number of failures."""
    timings: list[float] = []
    failures = 0
    lock = threading.Lock()
    deadline = time.perf_counter() + duration

    def client() -> None:
        nonlocal failures
        while time.perf_counter() < deadline:
            try:
                status, ms = get(port, path)
            except OSError:
                status, ms = 0, 0.0
            with lock:
                if status == 200:
                    timings.append(ms)
                else:
                    failures += 1

    start = time.perf_counter()
    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    return len(timings) / elapsed, timings, failures


def interrupted(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def main() -> None:
    parser = common.arguments(__doc__ or "")
    parser.add_argument("--duration", type=float, default=20, help="seconds of load per page (at most 300)")
    parser.add_argument("--clients", type=int, default=4, help="concurrent clients (threads, at most 64)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--warmup", type=int, default=5, help="requests per page before measuring")
    args = parser.parse_args()
    args.duration = min(max(args.duration, 1.0), 300.0)
    args.clients = min(max(args.clients, 1), 64)
    # A SIGTERM (`timeout`, CI) unwinds like Ctrl-C, so gunicorn is stopped and the database dropped.
    signal.signal(signal.SIGTERM, interrupted)
    drop = common.configure(args)
    process = None
    try:
        common.header()
        common.prepare(args)
        from django.db import connections

        connections.close_all()  # SQLite: let gunicorn's workers have the file to themselves
        port = free_port()
        process = start_gunicorn(port=port, workers=args.workers, database_url=os.environ["DATABASE_URL"])
        wait_until_up(process, port)
        print(
            f"gunicorn: {args.workers} workers on 127.0.0.1:{port}; {args.clients} clients, {args.duration:.0f} s per page"
        )
        for path in PAGES.values():
            for _ in range(args.warmup):
                status, _ms = get(port, path)
                if status != 200:
                    raise SystemExit(f"{path} answered {status} during the warm-up")
        print(f"{'page':32} {'req/s':>8} {'p50 ms':>9} {'p95 ms':>9} {'requests':>9} {'failed':>7}")
        rps: dict[str, float] = {}
        for name, path in PAGES.items():
            rate, timings, failures = load(port, path, clients=args.clients, duration=args.duration)
            rps[name] = rate
            p50 = common.statistics.median(timings) if timings else 0.0
            p95 = common.percentile(timings, 0.95) if timings else 0.0
            label = f"{name} {unquote(path)}"
            print(f"{label[:32]:32} {rate:>8.1f} {p50:>9.1f} {p95:>9.1f} {len(timings):>9} {failures:>7}")
            if failures:
                raise SystemExit(f"{failures} requests to {path} failed")
    finally:
        if process is not None:
            stop(process)
        drop()
    print(f"load average at end: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
    print(f"load: search_rps={rps['search']:.1f} listings_rps={rps['listings']:.1f}")


if __name__ == "__main__":
    main()
