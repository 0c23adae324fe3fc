from unionhall.notices.models import Notice


def notice_list(*, org, user):
    return Notice.objects.filter(org=org, user=user)


def unread_count(*, org, user) -> int:
    """The bell's count, on every page inside an organisation."""
    return Notice.objects.filter(org=org, user=user, read_at__isnull=True).count()
