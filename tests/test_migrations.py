"""Every model change ships with its migration, so `migrate` on a server builds what the code
expects."""

import io

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_no_model_change_is_missing_its_migration():
    out = io.StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit:
        pytest.fail(
            f"run `manage.py makemigrations`; these changes have no migration:\n{out.getvalue()}"
        )
