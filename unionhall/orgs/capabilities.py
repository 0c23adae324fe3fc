"""Who may do what: one table of capabilities × roles.

Every view declares exactly one capability with `orgs.access.requires` (or `public`). A test walks
every URL pattern and fails when a view declares none, and another walks this table for each role.
"""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from unionhall.orgs.roles import COMMITTEE_ROLES, SCHOOL_ROLES, Role

R = Role
ANY_SCHOOL_ROLE = SCHOOL_ROLES

CAPABILITIES: dict[str, frozenset[str]] = {
    # The organisation's home page: anyone who holds a role there.
    "org.home": frozenset(SCHOOL_ROLES | {R.DISTRICT_ADMIN}),
    # The district overview of its schools: their counts, and the names behind the member counts
    # (never any other row of a school).
    "district.overview": frozenset({R.DISTRICT_ADMIN}),
    # The district's schools side by side (from the indicators' grouped forms) and its summary.
    "district.compare": frozenset({R.DISTRICT_ADMIN}),
    # The annual returns (年报): ask for them, see who submitted, chase the late ones.
    "district.returns": frozenset({R.DISTRICT_ADMIN}),
    # Data calls (通知/报送) to the schools, and the congress reports that reach the district.
    "district.calls": frozenset({R.DISTRICT_ADMIN}),
    # The official holidays and make-up working days of a year the calendar package lacks,
    # entered from the State Council's notice (every working-day count reads them).
    "district.holidays": frozenset({R.DISTRICT_ADMIN}),
    # The assessment (考核): the rubric, the rounds, the district's scores and the ranking.
    "district.assess": frozenset({R.DISTRICT_ADMIN}),
    # A school's side of the district's work: its annual return, its replies to the data calls,
    # its self-assessment.
    "district.report": frozenset({R.CHAIR}),
    # The member register.
    "members.view": frozenset({R.CHAIR, R.TREASURER, R.LEADER} | COMMITTEE_ROLES),
    "members.view_sensitive": frozenset({R.CHAIR, R.COMMITTEE_ORGANISATION, R.COMMITTEE_WELFARE}),
    "members.edit": frozenset({R.CHAIR, R.COMMITTEE_ORGANISATION}),
    "members.import": frozenset({R.CHAIR, R.COMMITTEE_ORGANISATION}),
    "members.export": frozenset({R.CHAIR, R.COMMITTEE_ORGANISATION}),
    # Logins and roles: who holds which role in the union.
    "orgs.roles": frozenset({R.CHAIR}),
    # Unlock a login refused after too many wrong passwords: the chair for the school's logins,
    # the district administrator for the schools' chairs.
    "orgs.unlock": frozenset({R.CHAIR, R.DISTRICT_ADMIN}),
    # Lift the lock on a network address refused after failing for many different accounts
    # (it may stand in front of a whole school): the district administrator.
    "orgs.unlock_address": frozenset({R.DISTRICT_ADMIN}),
    # Who read members' ID numbers, hardship notes and health details (PIPL).
    "orgs.sensitive_log": frozenset({R.CHAIR}),
    # A member's own profile and contact details.
    "members.self": ANY_SCHOOL_ROLE,
    # The funds ledger (经费台帐): reading it, posting and reversing, the annual budget.
    "funds.view": frozenset({R.CHAIR, R.TREASURER, R.COMMITTEE_AUDIT}),
    "funds.post": frozenset({R.CHAIR, R.TREASURER}),
    "funds.budget": frozenset({R.CHAIR, R.TREASURER}),
    # Financial disclosure (民主理财/校务公开): totals only, for every member.
    "funds.disclosure": ANY_SCHOOL_ROLE,
    # Care visits (送温暖): the ledger, recording, the rules and reminders.
    "care.view": frozenset({R.CHAIR, R.COMMITTEE_WELFARE, R.COMMITTEE_AUDIT}),
    "care.record": frozenset({R.CHAIR, R.COMMITTEE_WELFARE}),
    "care.override": frozenset({R.CHAIR}),
    "care.rules": frozenset({R.CHAIR}),
    "care.reminders": frozenset({R.CHAIR, R.COMMITTEE_WELFARE}),
    # Member dues (会费).
    "dues.view": frozenset({R.CHAIR, R.TREASURER, R.COMMITTEE_AUDIT}),
    "dues.record": frozenset({R.CHAIR, R.TREASURER}),
    "dues.settings": frozenset({R.CHAIR}),
    # One's own dues: the monthly amount, what was received and what is owed.
    "dues.self": ANY_SCHOOL_ROLE,
    # The year-end work summary (工作总结) and its .docx; the district reads it for roll-ups.
    "reports.summary": frozenset({R.CHAIR, R.DISTRICT_ADMIN} | COMMITTEE_ROLES),
    # Replace the organisation's .docx template for the summary.
    "reports.template": frozenset({R.CHAIR}),
    # Write the chair's own paragraphs into the summary (the narrative no ledger holds).
    "reports.narrative": frozenset({R.CHAIR}),
    # One's own notices (the bell).
    "notices.own": frozenset(SCHOOL_ROLES | {R.DISTRICT_ADMIN}),
    # The staff congress: proposals and their answers are open to every member of the school.
    "congress.view": ANY_SCHOOL_ROLE,
    # Terms, sessions, representatives, attendance, resolutions and their tallies.
    "congress.manage": frozenset({R.CHAIR, R.COMMITTEE_ORGANISATION}),
    # Submit, co-sign, rate an answer or ask for a second one (only on one's own proposals).
    "congress.submit": frozenset({R.REPRESENTATIVE}),
    # The proposal committee (提案工作委员会): accept, reject as an opinion, merge.
    "congress.review": frozenset({R.CHAIR, R.COMMITTEE_ORGANISATION}),
    # The responsible school leader writes the answer and records implementation.
    "congress.answer": frozenset({R.LEADER}),
    # Type in records that happened on paper (proposals, co-signatures, answers, ratings) on
    # behalf of the representative or leader who wrote them, with the day they happened.
    "congress.enter_paper": frozenset({R.CHAIR, R.COMMITTEE_ORGANISATION}),
    # Overdue answers across the school.
    "congress.overdue": frozenset({R.CHAIR, R.COMMITTEE_ORGANISATION, R.LEADER}),
    # The suggestion box (建言献策): everyone submits and reads the answers board; the chair and
    # committee handle suggestions; leaders (and the committee) answer those routed to them.
    "voice.submit": ANY_SCHOOL_ROLE,
    "voice.board": ANY_SCHOOL_ROLE,
    "voice.manage": frozenset({R.CHAIR} | COMMITTEE_ROLES),
    "voice.answer": frozenset({R.CHAIR, R.LEADER} | COMMITTEE_ROLES),
    # Type in suggestions from the paper box, on behalf of their writers or as anonymous.
    "voice.enter_paper": frozenset({R.CHAIR} | COMMITTEE_ROLES),
    # Mentoring (师徒结对): every member logs their own contracts; officers read all, sign
    # contracts, set the default targets and type in paper logs; the chair assesses.
    "mentoring.log": ANY_SCHOOL_ROLE,
    "mentoring.view": frozenset({R.CHAIR, R.LEADER} | COMMITTEE_ROLES),
    "mentoring.manage": frozenset({R.CHAIR, R.COMMITTEE_ORGANISATION}),
    "mentoring.assess": frozenset({R.CHAIR}),
    # Polls (投票测评): every member reads published results and votes where entitled; the chair
    # and the organisation officer set polls up, run them and handle selections; scrutineers
    # (any member named for a poll) enter paper tallies.
    "polls.view": ANY_SCHOOL_ROLE,
    "polls.vote": ANY_SCHOOL_ROLE,
    "polls.manage": frozenset({R.CHAIR, R.COMMITTEE_ORGANISATION}),
    "polls.scrutinise": ANY_SCHOOL_ROLE,
    # The free comments of evaluations and surveys: the chair and the committee read them all (a
    # teacher reads those about themselves on the results page, whatever their role).
    "polls.comments": frozenset({R.CHAIR} | COMMITTEE_ROLES),
    # The honours register (荣誉): reading it and each honour's evidence; recording,
    # correcting, withdrawing and importing honours.
    "honours.view": frozenset({R.CHAIR, R.LEADER} | COMMITTEE_ROLES),
    "honours.record": frozenset({R.CHAIR, R.COMMITTEE_ORGANISATION, R.COMMITTEE_PUBLICITY}),
    # Competitions (竞赛、比武): published results are open to every member; the culture
    # committee runs entries, scores and prizes; only the chair overrides the prize rules.
    "competitions.results": ANY_SCHOOL_ROLE,
    "competitions.manage": frozenset(
        {R.CHAIR, R.COMMITTEE_CULTURE, R.COMMITTEE_WOMEN, R.COMMITTEE_ORGANISATION}
    ),
    "competitions.override": frozenset({R.CHAIR}),
    # Activities and clubs (文体活动、协会): every member reads them, signs up and checks in; the
    # chair and the committee members for culture and for women staff organise them.
    "activities.view": ANY_SCHOOL_ROLE,
    "activities.join": ANY_SCHOOL_ROLE,
    "activities.manage": frozenset({R.CHAIR, R.COMMITTEE_CULTURE, R.COMMITTEE_WOMEN}),
    # The year's archive (档案): build it and download it.
    "archive.build": frozenset({R.CHAIR, R.COMMITTEE_ORGANISATION}),
    # The district creates, edits, renames and archives its schools and names their chairs.
    "district.schools": frozenset({R.DISTRICT_ADMIN}),
    # The school's own set-up: departments, school-year dates, 教代会 or 教职工大会.
    "orgs.setup": frozenset({R.CHAIR}),
    # The annual plan (工作计划): the committee and leaders read it and its mid-year check; the
    # chair writes it and drafts next year's.
    "plans.view": frozenset({R.CHAIR, R.LEADER} | COMMITTEE_ROLES),
    "plans.edit": frozenset({R.CHAIR}),
}

# What each capability lets one do, in words: the 403 page says "only these roles may …".
CAPABILITY_LABELS: dict[str, Promise] = {
    "org.home": _("open this organisation's home page"),
    "district.overview": _("see the district's schools"),
    "district.compare": _("compare the district's schools"),
    "district.returns": _("collect the schools' annual returns"),
    "district.calls": _("send data calls to the schools"),
    "district.holidays": _("enter a year's official holidays"),
    "district.assess": _("assess the school unions"),
    "district.report": _("submit the annual return, data call replies and self-assessment"),
    "members.view": _("read the member register"),
    "members.view_sensitive": _("see members' ID numbers and hardship details"),
    "members.edit": _("change the member register"),
    "members.import": _("import members from Excel"),
    "members.export": _("export the member register"),
    "orgs.roles": _("give logins and roles"),
    "orgs.unlock": _("unlock logins refused after too many wrong passwords"),
    "orgs.unlock_address": _("lift the lock on a network address refused after failed logins"),
    "orgs.sensitive_log": _("see who read members' sensitive personal data"),
    "members.self": _("see your own profile"),
    "funds.view": _("read the funds ledger"),
    "funds.post": _("post to the funds ledger"),
    "funds.budget": _("set the budget"),
    "funds.disclosure": _("read the funds disclosure"),
    "care.view": _("read the care visits"),
    "care.record": _("record care visits"),
    "care.override": _("override the care rules"),
    "care.rules": _("set the care rules"),
    "care.reminders": _("see the care reminders"),
    "dues.view": _("read the member dues"),
    "dues.record": _("record dues collections"),
    "dues.settings": _("change the dues settings"),
    "dues.self": _("see your own dues"),
    "reports.summary": _("read the work summary"),
    "reports.narrative": _("write the chair's own paragraphs in the work summary"),
    "reports.template": _("replace the summary's Word template"),
    "notices.own": _("read your notices"),
    "congress.view": _("read the staff congress and its proposals"),
    "congress.manage": _("manage terms, sessions, representatives and resolutions"),
    "congress.submit": _("submit, co-sign and rate proposals"),
    "congress.enter_paper": _(
        "type in congress records written on paper, on behalf of their writers"
    ),
    "voice.enter_paper": _("type in suggestions written on paper, on behalf of their writers"),
    "congress.review": _("review proposals for the proposal committee"),
    "congress.answer": _("answer proposals"),
    "congress.overdue": _("see overdue answers"),
    "voice.submit": _("make a suggestion"),
    "voice.board": _("read the answers board"),
    "voice.manage": _("handle suggestions"),
    "voice.answer": _("answer suggestions"),
    "mentoring.log": _("log your own mentoring"),
    "mentoring.view": _("read every mentoring contract"),
    "mentoring.manage": _("sign mentoring contracts and type in their paper logs"),
    "mentoring.assess": _("assess mentoring pairs"),
    "polls.view": _("read polls and their published results"),
    "polls.vote": _("vote in polls"),
    "polls.manage": _("set up and run polls and selections"),
    "polls.scrutinise": _("enter a paper tally as a scrutineer"),
    "polls.comments": _("read every free comment of evaluations and surveys"),
    "honours.view": _("read the honours register"),
    "honours.record": _("record honours in the register"),
    "competitions.results": _("read competition results"),
    "competitions.manage": _("run competitions: entries, scores and prizes"),
    "competitions.override": _("override the prize rules of a competition"),
    "activities.view": _("see the union's activities and clubs"),
    "activities.join": _("sign up for activities and check in"),
    "activities.manage": _("organise activities and clubs"),
    "archive.build": _("build and download the year's archive"),
    "district.schools": _("create, rename and archive schools and name their chairs"),
    "orgs.setup": _("set up the school's departments, school year and congress"),
    "plans.view": _("read the annual plan and its mid-year check"),
    "plans.edit": _("write the annual plan"),
}

# Capabilities that need no organisation and no role (log in, change language …).
PUBLIC = "public"
# Capabilities that need a logged-in user but no organisation (the organisation picker).
AUTHENTICATED = "authenticated"


def roles_with(capability: str) -> frozenset[str]:
    try:
        return CAPABILITIES[capability]
    except KeyError:
        raise KeyError(f"unknown capability {capability!r}: add it to orgs.capabilities") from None


def allows(roles: set[str] | frozenset[str], capability: str) -> bool:
    return bool(roles_with(capability) & set(roles))
