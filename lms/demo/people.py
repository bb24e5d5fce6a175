"""Demo logins and the groups they belong to."""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

from courses.setup import TRAINERS_GROUP
from lms.org.models import OrgRole, OrgUnit, Person
from lms.org.national_id import national_id_protect

from .accounts import DEMO_PASSWORD

HR_OFFICERS_GROUP = "HR officers"
# A roster record the demo leaves without a login, for "Đăng nhập bằng VNeID (demo)".
SSO_DEMO_EMPLOYEE_CODE = "DEMO-SSO-STAFF"


def _user(username: str, *, first_name: str, last_name: str, **flags):
    user, created = get_user_model().objects.get_or_create(
        username=username,
        defaults={
            "first_name": first_name,
            "last_name": last_name,
            "email": f"{username}@demo.hoctapso.invalid",
            **flags,
        },
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


def _group_with_admin_access(name: str) -> Group:
    group, _ = Group.objects.get_or_create(name=name)
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    return group


def _person_for(user, *, unit: OrgUnit, **fields) -> Person:
    person, _ = Person.objects.get_or_create(user=user, defaults={"unit": unit, **fields})
    return person


def accounts_build(units: dict[str, OrgUnit]) -> None:
    _user("admin", first_name="Quản trị", last_name="", is_staff=True, is_superuser=True)

    trainer = _user("trainer", first_name="Minh Châu", last_name="Phạm")
    trainer.groups.add(Group.objects.get(name=TRAINERS_GROUP))  # made by site_setup

    hr_group = _group_with_admin_access(HR_OFFICERS_GROUP)
    for username, unit_code, first, last in [
        ("hr", "BDG", "Thanh Tâm", "Võ"),
        ("hr.tanuyen", "BDG-TU", "Quốc Bảo", "Huỳnh"),
    ]:
        officer = _user(username, first_name=first, last_name=last)
        officer.groups.add(hr_group)
        OrgRole.objects.get_or_create(
            user=officer, unit=units[unit_code], role=OrgRole.Role.HR_OFFICER
        )

    learner = _user("learner", first_name="Thu Hà", last_name="Trần")
    learner_id = national_id_protect("074190001234")
    _person_for(
        learner,
        unit=units["BDG-STTTT"],
        kind=Person.Kind.STAFF,
        full_name="Trần Thu Hà",
        employee_code="DEMO-LEARNER",
        national_id_hash=learner_id.hash,
        national_id_last4=learner_id.last4,
        date_of_birth=datetime.date(1990, 5, 14),
        sex=Person.Sex.FEMALE,
        position_category=Person.PositionCategory.CIVIL_SERVANT,
        joined_on=datetime.date(2015, 9, 1),
    )

    citizen = _user("citizen", first_name="Văn Bình", last_name="Lê")
    _person_for(
        citizen,
        unit=units["BDG-TU-KB"],
        kind=Person.Kind.CITIZEN,
        full_name="Lê Văn Bình",
        date_of_birth=datetime.date(1985, 11, 2),
        sex=Person.Sex.MALE,
    )

    # On the roster with no login yet: "Đăng nhập bằng VNeID (demo)" as lan.nguyen links her
    # record at her first sign-in (devtools/demo_idp/demo.json has the same number).
    sso_staff_id = national_id_protect("074188005678")
    Person.objects.get_or_create(
        employee_code=SSO_DEMO_EMPLOYEE_CODE,
        defaults={
            "unit": units["BDG-STNMT"],
            "kind": Person.Kind.STAFF,
            "full_name": "Nguyễn Thị Lan",
            "national_id_hash": sso_staff_id.hash,
            "national_id_last4": sso_staff_id.last4,
            "date_of_birth": datetime.date(1988, 3, 21),
            "sex": Person.Sex.FEMALE,
            "position_category": Person.PositionCategory.CIVIL_SERVANT,
            "joined_on": datetime.date(2012, 8, 1),
        },
    )
