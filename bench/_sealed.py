"""The sealed ballot box in the benchmarks: two key holders with known passphrases for a poll
voted online or with codes, and the count of a sealed box (`count_200_ballots_s`)."""

import time

PASSPHRASE = "基准测试的开箱口令-{}"


def key_holders(school, poll, actor=None) -> dict[int, str]:
    """Two key holders (logins with the member role) named for `poll`, each with a passphrase;
    returns {scrutineer id: passphrase}, what they would type at the count."""
    from unionhall.orgs.models import RoleAssignment, User
    from unionhall.orgs.roles import Role
    from unionhall.polls import services

    passphrases = {}
    for i in (1, 2):
        user = User.objects.create_user(
            username=f"{school.code}-p{poll.pk}-holder{i}", display_name=f"开箱人{i}"
        )
        RoleAssignment.objects.create(org=school, user=user, role=Role.MEMBER)
        holder = services.scrutineer_add(
            org=school, actor=actor, poll=poll, user=user, name=f"开箱人{i}"
        )
        passphrase = PASSPHRASE.format(i)
        services.key_holder_set(org=school, actor=user, poll=poll, passphrase=passphrase)
        passphrases[holder.pk] = passphrase
    return passphrases


def count_sealed_box(n: int = 200) -> float:
    """Seconds to open and count a sealed box of `n` code ballots (a satisfaction question and
    a comment each): close, open the box with two passphrases, count, publish."""
    import datetime as dt

    from unionhall.orgs.models import Organisation
    from unionhall.polls import selectors, services
    from unionhall.polls.models import Ballot, Kind, Mode
    from unionhall.polls.workflow import State

    school = Organisation.objects.create(
        code="bench-count",
        name="开箱计票基准学校",
        kind=Organisation.Kind.SCHOOL,
        parent=Organisation.objects.filter(kind=Organisation.Kind.DISTRICT).first(),
    )
    poll = services.poll_create(
        org=school,
        actor=None,
        kind=Kind.SATISFACTION,
        mode=Mode.CODES,
        title="学生评教（开箱计票）",
        held_on=dt.date.today(),
    )
    question = services.question_add(
        org=school, actor=None, poll=poll, text="你对老师的教学满意吗？", scale="satisfaction"
    )
    comment = services.question_add(
        org=school, actor=None, poll=poll, text="想对老师说的话", scale="comment"
    )
    codes = [
        c.code
        for group in ("七年级1班", "七年级2班")
        for c in services.codes_issue(org=school, actor=None, poll=poll, group=group, count=n // 2)
    ]
    passphrases = key_holders(school, poll)
    poll = services.poll_move(org=school, actor=None, poll=poll, target=State.OPEN)
    points = ["satisfied", "fairly", "basic", "dissatisfied", "unknown"]
    for i, code in enumerate(codes):
        services.ballot_cast(
            org=school,
            poll=None,
            code=code,
            choices={question.pk: points[i % 5], comment.pk: f"第{i}位同学的意见"},
        )
    started = time.perf_counter()
    poll = services.poll_move(org=school, actor=None, poll=poll, target=State.CLOSED)
    opened = services.box_open(org=school, actor=None, poll=poll, passphrases=passphrases)
    tallied = selectors.counts(poll)
    selectors.satisfaction_table(poll)
    services.poll_move(org=school, actor=None, poll=poll, target=State.PUBLISHED)
    seconds = time.perf_counter() - started
    if not opened == tallied.cast == Ballot.objects.filter(poll=poll).count() == n:
        raise SystemExit(f"the box of {n} ballots opened {opened}, counted {tallied.cast}")
    return seconds
