"""The archive is built by the task framework (django-tasks; the database backend and
`manage.py db_worker` in the demo, the immediate backend under tests)."""

from django_tasks import task

from unionhall.archive import services


@task()
def archive_build_task(archive_id: int) -> None:
    services.archive_build(archive_id=archive_id)
