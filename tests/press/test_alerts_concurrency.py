"""Exactly-once alerts under real concurrency (PostgreSQL): workers dispatching one release (or one correction's
notices) at the same time, as threads and as two ``db_worker`` processes."""

import datetime
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from press import tasks
from press.models import AlertDelivery
from tests.concurrency import run_together
from tests.press.versions import correct_release

ROOT = Path(__file__).resolve().parent.parent.parent
pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_four_workers_dispatching_one_release_send_each_subscriber_one_alert(settings, make_release,
                                                                           make_subscription, mailoutbox):
    settings.ALERTS_BATCH_SIZE = 5  # many small batches: the workers meet on every row
    release = make_release()
    subscribers = [make_subscription(confirmed_at=release.publish_at - datetime.timedelta(minutes=1))
                   for _ in range(40)]

    results, errors = run_together([lambda: tasks.dispatch_release_alerts.call(release_id=release.pk)] * 4)

    assert errors == []
    assert sum(int(result.split()[1].rstrip(",")) for result in results) == 40
    sent_to = sorted(address for message in mailoutbox for address in message.to)
    assert sent_to == sorted(subscriber.email for subscriber in subscribers)
    assert AlertDelivery.objects.filter(release=release, status=AlertDelivery.Status.SENT).count() == 40


def test_four_workers_dispatching_one_correction_send_each_subscriber_sent_the_alert_one_notice(
        settings, make_release, make_subscription, press_officer, mailoutbox):
    settings.ALERTS_BATCH_SIZE = 5
    release = make_release()
    subscribers = [make_subscription() for _ in range(20)]
    AlertDelivery.objects.bulk_create(AlertDelivery(release=release, subscription=subscriber,
                                                    status=AlertDelivery.Status.SENT) for subscriber in subscribers)
    correction = correct_release(release, by=press_officer)

    results, errors = run_together([lambda: tasks.dispatch_correction_notices.call(correction_id=correction.pk)] * 4)

    assert errors == []
    sent_to = sorted(address for message in mailoutbox for address in message.to)
    assert sent_to == sorted(subscriber.email for subscriber in subscribers)
    assert AlertDelivery.objects.filter(correction=correction, status=AlertDelivery.Status.SENT).count() == 20


def test_two_worker_processes_dispatching_one_release_send_each_subscriber_one_alert(settings, tmp_path,
                                                                                    make_release,
                                                                                    make_subscription):
    """Two ``manage.py db_worker`` processes, each taking a dispatch of the same release from the queue."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    release = make_release()
    subscribers = [make_subscription(confirmed_at=release.publish_at - datetime.timedelta(minutes=1))
                   for _ in range(30)]
    for _ in range(2):  # "Publish now" on two app servers, or a task retried: two dispatches queued
        tasks.dispatch_release_alerts.enqueue(release_id=release.pk)
    database = connection.settings_dict
    mail_folder = tmp_path / "mail"
    environment = {
        **os.environ, "DEBUG": "1", "TASKS_BACKEND": "database", "EMAIL_URL": f"file://{mail_folder}",
        "ALERTS_BATCH_SIZE": "3", "ALERTS_PER_MINUTE": "0", "LOG_LEVEL": "WARNING",
        "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}"
                        f"/{database['NAME']}",
        "PGPASSWORD": database["PASSWORD"] or "",  # read by libpq when the address names none
    }
    command = [sys.executable, str(ROOT / "manage.py"), "db_worker", "--batch", "--no-startup-delay"]

    workers = [subprocess.Popen(command, cwd=ROOT, env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
               for _ in range(2)]
    outputs = [worker.communicate(timeout=120)[0].decode() for worker in workers]

    assert [worker.returncode for worker in workers] == [0, 0], outputs
    sent_to = sorted(re.findall(r"^To: (\S+)$", "".join(path.read_text() for path in mail_folder.iterdir()),
                                re.MULTILINE))
    assert sent_to == sorted(subscriber.email for subscriber in subscribers)
    assert AlertDelivery.objects.filter(release=release, status=AlertDelivery.Status.SENT).count() == 30
