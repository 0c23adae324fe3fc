"""Delete the public link's old rate-limit buckets and the ids of answered questions that
have expired, for cron (daily)."""

from django.core.management.base import BaseCommand

from unionhall.voice.services import public_prune


class Command(BaseCommand):
    help = "Delete rate-limit buckets older than yesterday and answered questions now expired."

    def handle(self, *args, **options):
        buckets, challenges = public_prune()
        self.stdout.write(f"pruned buckets={buckets} challenges={challenges}")
