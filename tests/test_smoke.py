from tests.factories import MemberFactory
from tests.personas import chair_of


def test_chair_sees_register(client, school):
    chair = chair_of(school)
    member = MemberFactory(org=school)
    client.force_login(chair)
    response = client.get(f"/o/{school.code}/members/")
    assert response.status_code == 200
    assert member.name in response.content.decode()
