"""Sending and reading notices. Other apps call `notice_send` after their change commits."""

from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise

from unionhall.core import i18n
from unionhall.core.i18n import Msg
from unionhall.notices.models import Notice


def notice_send(
    *, org, user, kind: str, title: str | Promise | Msg, url: str = "", key: str = ""
) -> Notice | None:
    """Send a notice; with a `key`, a second send of the same key to the same user does nothing
    (returns None), so daily reminders do not pile up. The `title` is a `Msg`, so that the
    reader sees it in their own language whatever language the sender used."""
    if user is None:
        return None
    text, msgid, params = i18n.stored(title)
    fields = {
        "kind": kind,
        "title": text[:200],
        "title_msgid": msgid,
        "title_params": params,
        "url": url[:300],
    }
    if key:
        notice, created = Notice.objects.get_or_create(
            org=org, user=user, key=key[:100], defaults=fields
        )
        return notice if created else None
    return Notice.objects.create(org=org, user=user, **fields)


def notice_send_on_commit(**kwargs) -> None:
    transaction.on_commit(lambda: notice_send(**kwargs))


def notice_mark_read(*, org, user, pk: int) -> Notice:
    notice = Notice.objects.get(org=org, user=user, pk=pk)
    if notice.read_at is None:
        notice.read_at = timezone.now()
        notice.save(update_fields=["read_at"])
    return notice


def notices_mark_all_read(*, org, user) -> int:
    return Notice.objects.filter(org=org, user=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
