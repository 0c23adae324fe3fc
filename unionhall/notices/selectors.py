from functools import cache

from django.db import connections, router

from unionhall.notices.models import Notice


def notice_list(*, org, user):
    return Notice.objects.filter(org=org, user=user)


@cache
def _unread_sql(alias: str) -> str:
    """The count's statement for one database, quoted by that database's own backend: keyed by
    the connection's alias, so two databases of different vendors never share a statement."""
    quote = connections[alias].ops.quote_name
    field = Notice._meta.get_field
    return (
        f"SELECT COUNT(*) FROM {quote(Notice._meta.db_table)}"
        f" WHERE {quote(field('org').column)} = %s AND {quote(field('user').column)} = %s"
        f" AND {quote(field('read_at').column)} IS NULL"
    )


def unread_count(*, org, user) -> int:
    """The bell's count, on every page inside an organisation. Written as SQL once: building
    this count through the ORM takes some twenty times longer than the database takes to run
    it (the same as Notice.objects.filter(org=org, user=user, read_at__isnull=True).count())."""
    alias = router.db_for_read(Notice)
    with connections[alias].cursor() as cursor:
        cursor.execute(_unread_sql(alias), [org.pk, user.pk])
        return cursor.fetchone()[0]
