import factory
from django.contrib.auth import get_user_model
from faker import Faker

from lms.org.models import OrgUnit, Person

vi_faker = Faker("vi_VN")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.invalid")
    password = factory.django.Password("correct horse battery staple")


def org_unit(*, code: str, name: str = "", kind=OrgUnit.Kind.AGENCY, parent: OrgUnit | None = None):
    """Tree nodes go through treebeard's API, so this is a function rather than a factory."""
    fields = {"code": code, "name": name or code, "kind": kind}
    return parent.add_child(**fields) if parent else OrgUnit.add_root(**fields)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    kind = Person.Kind.STAFF
    full_name = factory.LazyFunction(vi_faker.name)
    employee_code = factory.Sequence(lambda n: f"T-{n:05d}")
    position_category = Person.PositionCategory.CIVIL_SERVANT
