"""Test data that reads like a real school: Faker zh_CN names, valid ID numbers."""

import datetime as dt

import factory
from faker import Faker

from unionhall.core import idcard
from unionhall.members.models import Member
from unionhall.members.names import pinyin_keys
from unionhall.orgs.models import Department, Organisation, RoleAssignment, User

fake = Faker("zh_CN")


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"district-{n}")
    name = factory.Sequence(lambda n: f"第{n}区教育工会")
    kind = Organisation.Kind.DISTRICT


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    code = factory.Sequence(lambda n: f"school-{n}")
    name = factory.Sequence(lambda n: f"实验第{n}小学工会")
    kind = Organisation.Kind.SCHOOL
    parent = factory.SubFactory(DistrictFactory)


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ("org", "name")

    org = factory.SubFactory(SchoolFactory)
    name = factory.Iterator(["语文组", "数学组", "英语组", "综合组", "行政后勤"])


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"T{n:05d}")
    display_name = factory.LazyFunction(fake.name)
    password = factory.PostGenerationMethodCall("set_password", "pass-word-123")

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def grant(user: User, org: Organisation, *roles: str) -> User:
    for role in roles:
        RoleAssignment.objects.get_or_create(user=user, org=org, role=role)
    return user


_sequence = iter(range(1, 10_000_000))


def make_id_number(born: dt.date | None = None, gender: str | None = None) -> str:
    born = born or fake.date_of_birth(minimum_age=25, maximum_age=60)
    while True:
        seq = next(_sequence) % 1000
        first17 = f"310105{born:%Y%m%d}{seq:03d}"
        if gender is None or idcard.gender_of(first17 + "0") == gender:
            return first17 + idcard.check_digit(first17)


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member

    org = factory.SubFactory(SchoolFactory)
    name = factory.LazyFunction(fake.name)
    gender = factory.Iterator(["F", "M"])
    birth_date = factory.LazyFunction(lambda: fake.date_of_birth(minimum_age=25, maximum_age=59))
    id_number = factory.LazyAttribute(lambda o: make_id_number(o.birth_date, o.gender))
    mobile = factory.LazyFunction(fake.phone_number)
    department = factory.LazyAttribute(lambda o: DepartmentFactory(org=o.org))
    post = "一级教师"
    joined_on = dt.date(2010, 9, 1)

    @factory.lazy_attribute
    def name_pinyin(self):
        return pinyin_keys(self.name)[0]

    @factory.lazy_attribute
    def name_initials(self):
        return pinyin_keys(self.name)[1]


def member_edit_form(member, **changes) -> dict:
    """The member's edit form as the page fills it in for this member, with `changes` on top
    (a new photo, say)."""
    return {
        "name": member.name,
        "gender": member.gender,
        "birth_date": member.birth_date.isoformat(),
        "mobile": member.mobile,
        "id_number": member.id_number,
        "department": member.department_id,
        **changes,
    }
