from unionhall.core.sql import Quoting, Statement
from unionhall.notices.models import Notice


def notice_list(*, org, user):
    return Notice.objects.filter(org=org, user=user)


def _unread(q: Quoting) -> str:
    return (
        f"SELECT COUNT(*) FROM {q.table(Notice)}"
        f" WHERE {q.column(Notice, 'org')} = %s AND {q.column(Notice, 'user')} = %s"
        f" AND {q.column(Notice, 'read_at')} IS NULL"
    )


_UNREAD = Statement(Notice, _unread)


def unread_count(*, org, user) -> int:
    """The bell's count, on every page inside an organisation (`core/sql.py`): the same as
    Notice.objects.filter(org=org, user=user, read_at__isnull=True).count()."""
    return _UNREAD.rows([org.pk, user.pk])[0][0]
