"""The demo's certificate template (the Decree 30/2020 form), on every demo course.

Attached after the demo's past progress is made, so seeding stays quick: certificates are
issued for completions from then on (complete a course as `learner` to get one).
"""

from certificates.models import CertificateTemplate
from courses.models import CoursePage


def certificates_build(*, courses: list[CoursePage]) -> CertificateTemplate:
    template = CertificateTemplate.objects.filter(issuer_code="SKHCN").first()
    if template is None:
        template = CertificateTemplate.objects.create(
            name="Giấy chứng nhận hoàn thành khoá học (mẫu Nghị định 30/2020)",
            parent_body="ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH",
            issuing_body="SỞ KHOA HỌC VÀ CÔNG NGHỆ",
            issuer_code="SKHCN",
            place="Thành phố Hồ Chí Minh",
            signatory_title="KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC",
            signatory_name="Lê Minh Tuấn",
        )
        template.save_revision()
    for course in courses:
        if course.certificate_template_id is None:
            course.certificate_template = template
            course.save_revision().publish()
    return template
