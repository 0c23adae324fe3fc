"""Write core/static/core/bootstrap.trimmed.css: Bootstrap trimmed to the rules the project uses.

Run it (`make css`) after adding a Bootstrap class to a template, a widget or unionhall.js;
tests/test_trimmed_css.py fails while the committed file is out of date. See core/csstrim.py.
"""

from pathlib import Path

from django.core.management.base import BaseCommand

from unionhall.core import csstrim


class Command(BaseCommand):
    help = (
        "Write Bootstrap trimmed to the project's classes (core/static/core/bootstrap.trimmed.css)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", type=Path, default=csstrim.OUTPUT, help="Where to write it."
        )

    def handle(self, *args, output: Path, **options):
        path = csstrim.build(output)
        full = csstrim.bootstrap_css_path().stat().st_size
        self.stdout.write(
            f"{path}: {path.stat().st_size} bytes (Bootstrap's full stylesheet: {full} bytes)"
        )
