import datetime

import pytest

from lms.demo.province import units_build
from lms.org.models import OrgUnit
from tests.factories import CertificateTemplateFactory, course_with_lessons
from tests.targets.conftest import staff


@pytest.fixture
def units(site):
    units_build()
    return {unit.code: unit for unit in OrgUnit.objects.all()}


@pytest.fixture
def certificate_template(db):
    return CertificateTemplateFactory()


@pytest.fixture
def certified_course(site, certificate_template):
    return course_with_lessons(
        title="Chuyển đổi số trong cơ quan nhà nước", certificate_template=certificate_template
    )


@pytest.fixture
def learner(units):
    return staff(
        units["BDG-STTTT"],
        full_name="Nguyễn Thị Hồng Nhung",
        date_of_birth=datetime.date(1990, 5, 14),
    )
