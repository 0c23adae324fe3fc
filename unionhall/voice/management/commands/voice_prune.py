"""Delete the public link's old rate-limit buckets and expired challenges, for cron (daily)."""

from django.core.management.base import BaseCommand

from unionhall.voice.services import public_prune


class Command(BaseCommand):
    help = "Delete rate-limit buckets older than yesterday and expired public-link challenges."

    def handle(self, *args, **options):
        buckets, challenges = public_prune()
        self.stdout.write(f"pruned buckets={buckets} challenges={challenges}")
