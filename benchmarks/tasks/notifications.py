"""1,000 notification deliveries by real task workers: one worker, then two (throughput ratio).

    .venv/bin/python benchmarks/tasks/notifications.py [--deliveries 1000] [--workers 1 2]
        [--database-url postgres://postgres@127.0.0.1:5432/chumchon_bench_tasks] [--smtp-delay 0.0]

The database is a throw-away SQLite file (WAL) unless --database-url names a PostgreSQL database,
which is dropped and created again (use a name of its own). Each delivery is a real e-mail sent by
Django's SMTP backend to a fake SMTP server on localhost (this process, one thread per connection;
--smtp-delay adds a pause per message, like a slower real server).

For each worker count: the workers (`manage.py db_worker`, separate processes) are started and idle;
then the deliveries of `--deliveries` fresh notifications (one per person, by e-mail) are queued in
one transaction, and the time from that commit to the last task's finish is measured. Checked: every
task succeeded and the SMTP server received each message exactly once.

The machine's load average is printed with the figures (a shared machine skews them). The last line
is JSON for scripts.
"""

from __future__ import annotations

import argparse
import json
import os
import socketserver
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[2]
UNUSABLE = "!"  # an unusable password hash: nobody signs in
sys.path.insert(0, str(ROOT))


class FakeSmtp(socketserver.ThreadingTCPServer):
    """Just enough SMTP for Django's backend; counts the recipients of each message received."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, delay: float) -> None:
        super().__init__(("127.0.0.1", 0), SmtpHandler)
        self.delay = delay
        self.received: Counter[str] = Counter()
        self.lock = threading.Lock()


class SmtpHandler(socketserver.StreamRequestHandler):
    server: FakeSmtp

    def reply(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self) -> None:
        self.reply("220 fake ESMTP")
        recipients: list[str] = []
        while line := self.rfile.readline():
            command = line.decode(errors="replace").strip()
            verb = command.split(" ", 1)[0].upper()
            if verb in ("EHLO", "HELO"):
                self.reply("250 fake")
            elif verb == "MAIL":
                recipients = []
                self.reply("250 OK")
            elif verb == "RCPT":
                recipients.append(command.split(":", 1)[1].strip().strip("<>"))
                self.reply("250 OK")
            elif verb == "DATA":
                self.reply("354 go on")
                while (data := self.rfile.readline()) and data.rstrip(b"\r\n") != b".":
                    pass
                if self.server.delay:
                    time.sleep(self.server.delay)
                with self.server.lock:
                    self.server.received.update(recipients)
                self.reply("250 queued")
            elif verb == "RSET":
                recipients = []
                self.reply("250 OK")
            elif verb == "QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("250 OK")


def fresh_postgres(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--deliveries", type=int, default=1000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--database-url", default="")
    parser.add_argument("--smtp-delay", type=float, default=0.0, help="seconds the fake server takes per message")
    args = parser.parse_args()

    smtp = FakeSmtp(args.smtp_delay)
    threading.Thread(target=smtp.serve_forever, daemon=True).start()
    workdir = tempfile.mkdtemp()
    if args.database_url:
        fresh_postgres(args.database_url)
        database_url = args.database_url
    else:
        database_url = f"sqlite:///{workdir}/tasks-bench.sqlite3"
    environment = {
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "chumchon.settings",
        "DEBUG": "0",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "benchmark-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"),
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp.server_address[1]),
        "LOG_LEVEL": "WARNING",
        "CHUMCHON_VAR_DIR": os.environ.get("CHUMCHON_VAR_DIR", workdir),
    }
    os.environ.update(environment)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction
    from django_tasks_db.models import DBTaskResult

    from chumchon.accounts.models import User
    from chumchon.notifications.models import Delivery, Notification
    from chumchon.notifications.tasks import deliver_notification

    engine = connection.vendor
    t = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"database {engine}; migrated in {time.perf_counter() - t:.1f} s; fake SMTP on port {smtp.server_address[1]}")
    load_before = os.getloadavg()
    print(f"load average before: {' '.join(f'{x:.2f}' for x in load_before)} ({os.cpu_count()} cores)")

    results: dict[int, float] = {}
    for count in args.workers:
        # Fresh people and notifications, so that no delivery is skipped as already sent.
        people = User.objects.bulk_create(
            [
                User(email=f"w{count}-p{i}@bench.example", name=f"Person {i}", password=UNUSABLE)
                for i in range(args.deliveries)
            ]
        )
        notifications = Notification.objects.bulk_create(
            [Notification(recipient=person, event="reply", excerpt="พรุ่งนี้ส่งผ้าให้ค่ะ") for person in people]
        )
        logs = [open(Path(workdir) / f"worker-{count}-{n}.log", "wb") for n in range(count)]  # noqa: SIM115
        workers = [
            subprocess.Popen(
                [
                    sys.executable,
                    "manage.py",
                    "db_worker",
                    "--no-reload",
                    "--no-startup-delay",
                    "--interval=0.05",
                    "--queue-name=*",
                    f"--worker-id=bench-{count}-{n}",
                ],
                cwd=ROOT,
                env={**os.environ, **environment},
                stdout=logs[n],
                stderr=subprocess.STDOUT,
            )
            for n in range(count)
        ]
        time.sleep(4)  # the workers start (Django's setup) and wait for work
        before = DBTaskResult.objects.count()
        with transaction.atomic():
            queued = [deliver_notification.enqueue(n.pk, "email") for n in notifications]
        started = time.perf_counter()
        ids = [result.id for result in queued]
        while DBTaskResult.objects.filter(pk__in=ids, finished_at__isnull=True).exists():
            if any(worker.poll() is not None for worker in workers):
                raise SystemExit(f"a worker stopped; see {workdir}")
            time.sleep(0.05)
        elapsed = time.perf_counter() - started
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.wait(timeout=30)
        for log in logs:
            log.close()
        finished = DBTaskResult.objects.filter(pk__in=ids)
        failed = finished.exclude(status="SUCCESSFUL").count()
        sent = sum(smtp.received[person.email] for person in people)
        twice = [person.email for person in people if smtp.received[person.email] > 1]
        by_worker = Counter(worker_id for row in finished.values_list("worker_ids", flat=True) for worker_id in row)
        if failed or sent != args.deliveries or twice:
            raise SystemExit(f"{failed} failed, {sent} e-mails for {args.deliveries} deliveries, twice: {twice[:5]}")
        marked = Delivery.objects.filter(notification__in=notifications, sent_at__isnull=False).count()
        results[count] = args.deliveries / elapsed
        print(
            f"{count} worker(s): {args.deliveries} deliveries in {elapsed:6.2f} s = {results[count]:7.1f}/s; "
            f"each e-mail once ({sent} received, {marked} deliveries marked sent); per worker {dict(by_worker)}; "
            f"{DBTaskResult.objects.count() - before} task rows"
        )
    load_after = os.getloadavg()
    print(f"load average after:  {' '.join(f'{x:.2f}' for x in load_after)}")
    ratio = results[2] / results[1] if 1 in results and 2 in results else None
    if ratio is not None:
        print(f"two workers / one worker: {ratio:.2f}x")
    print(
        json.dumps(
            {
                "benchmark": "tasks.notifications",
                "database": engine,
                "deliveries": args.deliveries,
                "smtp_delay": args.smtp_delay,
                "per_second": {str(k): round(v, 1) for k, v in results.items()},
                "ratio_2_over_1": round(ratio, 3) if ratio is not None else None,
                "loadavg_before": [round(x, 2) for x in load_before],
                "loadavg_after": [round(x, 2) for x in load_after],
                "cores": os.cpu_count(),
            }
        )
    )


if __name__ == "__main__":
    main()
