"""Templates still on the former default form get today's: it prints the verification code on
its own under the QR code and never breaks the printed address inside the code. Only a form
left exactly as it was (field by field, and in the latest revision, which certificates are
issued from) is changed; a template someone edited keeps their work.

Certificates already issued keep their PDFs (they are frozen); re-issued ones use the new form.
"""

from django.db import migrations
from django.utils import timezone

FORMER_BODY = '<header class="heading">\n  <div class="issuer">\n    {% if parent_body %}<p class="parent">{{ parent_body }}</p>{% endif %}\n    <p class="body-name">{{ issuing_body }}</p>\n    <p class="rule"></p>\n    <p class="serial">Số: {{ serial }}</p>\n  </div>\n  <div class="motto">\n    <p class="nation">CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</p>\n    <p class="slogan">Độc lập - Tự do - Hạnh phúc</p>\n    <p class="date">{{ place }}, ngày {{ issue_day }} tháng {{ issue_month }} năm {{ issue_year }}</p>\n  </div>\n</header>\n<main>\n  <h1>GIẤY CHỨNG NHẬN</h1>\n  <p class="lead">{{ issuing_body }} chứng nhận:</p>\n  <p class="name">{{ recipient_name }}</p>\n  <table class="facts">\n    {% if recipient_birth_date %}<tr><th>Ngày sinh:</th><td>{{ recipient_birth_date }}</td></tr>{% endif %}\n    {% if recipient_unit %}<tr><th>Đơn vị:</th><td>{{ recipient_unit }}</td></tr>{% endif %}\n    <tr><th>Đã hoàn thành khoá học:</th><td class="course">{{ course_title }}</td></tr>\n    <tr><th>Thời gian học:</th><td>từ ngày {{ course_start }} đến ngày {{ course_end }}</td></tr>\n    <tr><th>Kết quả:</th><td>{{ result }}</td></tr>\n  </table>\n</main>\n<footer>\n  <div class="check">\n    <img class="qr" src="{{ qr }}" alt="">\n    <p>Tra cứu giấy chứng nhận:<br>{{ verification_url }}</p>\n  </div>\n  <div class="signature">\n    <p class="title">{{ signatory_title|linebreaksbr }}</p>\n    <div class="seal">{% if seal %}<img src="{{ seal }}" alt="">{% endif %}</div>\n    <p class="signatory">{{ signatory_name }}</p>\n  </div>\n</footer>\n'

FORMER_CSS = "body { font-size: 13pt; color: #111; }\n.heading { display: flex; justify-content: space-between; text-align: center; }\n.heading p { margin: 0; }\n.issuer { width: 42%; }\n.parent { text-transform: uppercase; }\n.body-name { font-weight: bold; text-transform: uppercase; }\n.rule { width: 30%; margin: 2pt auto 6pt !important; border-top: 1px solid #111; }\n.motto { width: 55%; }\n.nation { font-weight: bold; }\n.slogan { font-weight: bold; display: inline-block; border-bottom: 1px solid #111; padding-bottom: 2pt; }\n.date { font-style: italic; margin-top: 8pt !important; }\nh1 { text-align: center; font-size: 24pt; letter-spacing: 1pt; margin: 22pt 0 8pt; }\n.lead { text-align: center; margin: 0 0 10pt; }\n.name { text-align: center; font-size: 20pt; font-weight: bold; margin: 0 0 12pt; }\n.facts { margin: 0 auto; border-collapse: collapse; }\n.facts th { text-align: left; font-weight: normal; padding: 2pt 12pt 2pt 0; vertical-align: top; }\n.facts td { padding: 2pt 0; }\n.course { font-weight: bold; }\nfooter { display: flex; justify-content: space-between; align-items: flex-end; margin-top: 14pt; }\n.check { width: 45%; font-size: 8pt; display: flex; align-items: flex-end; gap: 6pt; }\n.check p { margin: 0; }\n.qr { width: 24mm; height: 24mm; }\n.signature { width: 40%; text-align: center; }\n.signature .title { font-weight: bold; text-transform: uppercase; margin: 0; }\n.seal { height: 26mm; }\n.seal img { height: 26mm; }\n.signatory { font-weight: bold; margin: 0; }\n"


def default_form_update(apps, schema_editor):
    from certificates.defaults import DEFAULT_BODY, DEFAULT_CSS

    CertificateTemplate = apps.get_model("certificates", "CertificateTemplate")
    Revision = apps.get_model("wagtailcore", "Revision")

    def updated(fields: dict) -> dict:
        if fields.get("body_html") != FORMER_BODY:
            return fields
        css = DEFAULT_CSS if fields.get("css") == FORMER_CSS else fields.get("css")
        return {**fields, "body_html": DEFAULT_BODY, "css": css}

    for template in CertificateTemplate.objects.all():
        fields = {"body_html": template.body_html, "css": template.css}
        latest = Revision.objects.filter(pk=template.latest_revision_id).first()
        if updated(fields) == fields and (
            latest is None or updated(latest.content) == latest.content
        ):
            continue
        template.body_html, template.css = updated(fields)["body_html"], updated(fields)["css"]
        if latest is not None and updated(latest.content) != latest.content:
            template.latest_revision = Revision.objects.create(
                content_type_id=latest.content_type_id,
                base_content_type_id=latest.base_content_type_id,
                object_id=latest.object_id,
                object_str=latest.object_str,
                content=updated(latest.content),
                created_at=timezone.now(),
            )
        template.save()


class Migration(migrations.Migration):
    dependencies = [
        ("certificates", "0004_certificate_batches"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(default_form_update, migrations.RunPython.noop)]
