from django.core.management.base import BaseCommand

from linkwork.casework.lone_working import alert_overdue_visits
from linkwork.core.text import counted


class Command(BaseCommand):
    help = (
        "Lone working. `linkwork lone_working alert` emails team leads about visits that "
        "have run over (once each); run it every few minutes from cron or a systemd timer."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["alert"])

    def handle(self, *args, action: str, **options):
        alerted = alert_overdue_visits()
        self.stdout.write(f"{counted(alerted, 'overdue visit')} alerted.")
