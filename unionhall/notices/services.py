"""Sending and reading notices. Other apps call `notice_send` after their change commits."""

from collections.abc import Callable, Iterable

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


def notices_send_many(
    *, org, user_ids: Iterable[int], kind: str, title: str | Promise | Msg, url: str = "", key: str
) -> int:
    """The same notice to many users in one insert (a vote opened to 150 members); the `key`
    keeps a second send from reaching anyone twice. Returns how many were sent."""
    text, msgid, params = i18n.stored(title)
    wanted = {pk for pk in user_ids if pk is not None}
    if not wanted:
        return 0
    wanted -= set(
        Notice.objects.filter(org=org, user_id__in=wanted, key=key[:100]).values_list(
            "user_id", flat=True
        )
    )
    Notice.objects.bulk_create(
        [
            Notice(
                org=org,
                user_id=pk,
                kind=kind,
                title=text[:200],
                title_msgid=msgid,
                title_params=params,
                url=url[:300],
                key=key[:100],
            )
            for pk in sorted(wanted)
        ],
        ignore_conflicts=True,
    )
    return len(wanted)


def notices_send_many_on_commit(*, user_ids: Callable[[], Iterable[int]], **kwargs) -> None:
    """`notices_send_many` once the change commits; `user_ids` is called then (a read that
    waits for the commit instead of holding the transaction)."""
    transaction.on_commit(lambda: notices_send_many(user_ids=user_ids(), **kwargs))


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
