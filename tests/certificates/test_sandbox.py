"""The certificate template sandbox holds against a trainer who tries to read server files,
call other hosts, attach files to learners' certificates or mark text safe: every attempt is
refused with its reason on save and on preview, and no PDF carries anything of the server."""

import io
import os
import uuid
from pathlib import Path
from urllib.parse import quote

import fontpkg_be_vietnam_pro
import pypdf
import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from certificates.issuing import certificate_render
from certificates.models import Certificate, CertificateTemplate
from certificates.rendering import certificate_pdf, sample_html
from certificates.sandbox import TemplateRefused
from tests.factories import UserFactory
from tests.targets.conftest import complete

from .test_certificates import ISSUED_ON, issue, template_form

pytestmark = pytest.mark.django_db

FONTS = fontpkg_be_vietnam_pro.ROOT / "files"
# Messages are checked in English (their Vietnamese is the catalogue's business).
REFUSED = "Not allowed:"
ATTACHED = "cannot carry attached files"


@pytest.fixture
def secret(tmp_path) -> Path:
    """A server file a template must never reach, with a marker to look for in PDFs."""
    path = tmp_path / "secret.env"
    path.write_text(f"SECRET_KEY=leaked-{uuid.uuid4().hex}\n")
    return path


def up_from_fonts(path: Path, dots: str = "..") -> str:
    """The font folder's URL, then enough ".." to reach / , then the path."""
    depth = len(FONTS.resolve().parts) - 1
    return FONTS.as_uri() + "/" + f"{dots}/" * depth + str(path).lstrip("/")


def references(secret: Path, tmp_path: Path) -> dict[str, tuple[str, str, str]]:
    """Ways to spell a file outside the fonts, and where a template puts them:
    name -> (body_html, css, the reference the refusal names)."""
    file_url = secret.as_uri()
    link_to_secret = tmp_path / "BeVietnamPro-Regular.ttf"  # looks like a bundled font
    link_to_secret.symlink_to(secret)
    root_link = tmp_path / "fonts"  # a folder that is really /
    root_link.symlink_to("/")
    svg = (
        "<svg xmlns='http://www.w3.org/2000/svg' xmlns:xlink='http://www.w3.org/1999/xlink' "
        f"width='10' height='10'><image href='{file_url}' width='10' height='10'/></svg>"
    )
    spellings = {
        "percent-encoded dots (the report)": up_from_fonts(secret, "%2e%2e"),
        "mixed-case percent-encoding": up_from_fonts(secret, "%2E%2e"),
        "double encoding": up_from_fonts(secret, "%252e%252e"),
        "plain dots": up_from_fonts(secret),
        "upper-case scheme": "FILE://" + str(secret),
        "file:/ (one slash)": "file:" + str(secret),
        "file:/// (three slashes)": file_url,
        "file://localhost/": "file://localhost" + str(secret),
        "file://another-host/": "file://evil.example" + str(secret),
        "percent-encoded path": "file://" + quote(str(secret), safe="").replace("%2F", "/"),
        "backslashes": FONTS.as_uri() + "\\..\\..\\" + str(secret).lstrip("/"),
        "symlink named like a font": link_to_secret.as_uri(),
        "symlinked folder": root_link.as_uri() + str(secret),
        "http": "http://169.254.169.254/latest/meta-data/",
        "relative": str(secret),
    }
    cases = {}
    for name, url in spellings.items():
        cases[f"attachment, {name}"] = (f'<link rel="attachment" href="{url}">', "", url)
        cases[f"img, {name}"] = (f'<img src="{url}">', "", url)
    cases |= {
        "object": (f'<object data="{file_url}"></object>', "", file_url),
        "embed": (f'<embed src="{file_url}">', "", file_url),
        "stylesheet link": (f'<link rel="stylesheet" href="{file_url}">', "", file_url),
        "url() in a <style> of the body": (
            f"<style>p {{ background: url('{file_url}') }}</style>",
            "",
            file_url,
        ),
        "url() in a style attribute": (
            f"<p style=\"background-image: url('{file_url}')\">x</p>",
            "",
            file_url,
        ),
        "@import in the template's CSS": ("<p>x</p>", f"@import url('{file_url}');", file_url),
        "@font-face in the template's CSS": (
            "<p>x</p>",
            f"@font-face {{ font-family: X; src: url('{file_url}'); }} p {{ font-family: X }}",
            file_url,
        ),
        "url() inside data: CSS": (
            '<link rel="stylesheet" href="data:text/css,'
            + quote(f"p {{ background: url('{file_url}') }}")
            + '">',
            "",
            file_url,
        ),
        "@import inside data: CSS": (
            '<link rel="stylesheet" href="data:text/css,'
            + quote(f"@import url('{file_url}');")
            + '">',
            "",
            file_url,
        ),
        "@import inside data: CSS inside the template's CSS": (
            "<p>x</p>",
            "@import url('data:text/css," + quote(f"@import url('{file_url}');") + "');",
            file_url,
        ),
        "an image inside a data: SVG": (
            f'<img src="data:image/svg+xml,{quote(svg)}">',
            "",
            file_url,
        ),
        "HTML character references": (
            f'<img src="&#102;ile://{secret}">',
            "",
            file_url,
        ),
        "a <base> for relative references": (
            f'<base href="file:///"><img src="{str(secret).lstrip("/")}">',
            "",
            file_url,
        ),
    }
    return cases


@pytest.fixture
def attacks(secret, tmp_path):
    return references(secret, tmp_path)


def refused(template, field) -> str:
    with translation.override("en"), pytest.raises(ValidationError) as error:
        template.full_clean()
    return " ".join(error.value.message_dict[field])


def assert_nothing_of_the_server(pdf: bytes, secret: Path):
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    root = reader.trailer["/Root"]
    assert "/EmbeddedFiles" not in root.get("/Names", {}), "an attached file"
    assert "/AF" not in root, "an associated file"
    assert dict(reader.attachments) == {}
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            assert annotation.get_object()["/Subtype"] != "/FileAttachment"
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "leaked-" not in text and b"leaked-" not in pdf
    assert secret.read_text().strip() not in text


def test_every_spelling_of_a_server_file_is_refused_on_save(certificate_template, attacks):
    """Each reference is refused with its reason, whatever the spelling: on the field that
    holds it, naming it (so nothing is silently ignored, and nothing is probed)."""
    failures = []
    for name, (body, css, url) in attacks.items():
        template = CertificateTemplate.objects.get(pk=certificate_template.pk)
        template.body_html, template.css = f"{body}<p>{{{{ recipient_name }}}}</p>", css
        field = "css" if css else "body_html"
        try:
            message = refused(template, field)
        except BaseException as error:  # collect all, report every spelling that got through
            failures.append(f"{name}: not refused ({error!r})")
            continue
        expected = ATTACHED if name.startswith("attachment") else REFUSED
        if expected not in message or url[:40] not in message:
            failures.append(f"{name}: {message}")
    assert failures == [], "\n".join(failures)


def test_the_preview_refuses_with_the_reason(client, certificate_template, secret):
    """The live preview answers the reason in place of a PDF, and never renders the file."""
    client.force_login(UserFactory(is_superuser=True))
    url = f"/admin/snippets/certificates/certificatetemplate/preview/{certificate_template.pk}/"
    body = f'<link rel="attachment" href="{up_from_fonts(secret, "%2e%2e")}"><p>x</p>'
    answer = client.post(url, {**template_form(certificate_template), "body_html": body}).json()
    assert answer["is_valid"] is False
    response = client.get(url)
    html = response.content.decode()
    assert response["Content-Type"].startswith("text/html")
    assert "%2e%2e" in html  # the reason, naming the reference
    assert "leaked-" not in html
    # Fixed, the preview is the PDF again.
    client.post(url, template_form(certificate_template))
    assert client.get(url)["Content-Type"] == "application/pdf"


def test_the_admin_form_refuses_with_the_reason(client, certificate_template, secret):
    client.force_login(UserFactory(is_superuser=True))
    url = f"/admin/snippets/certificates/certificatetemplate/edit/{certificate_template.pk}/"
    body = f'<img src="{secret.as_uri()}"><p>{{{{ recipient_name }}}}</p>'
    revisions = certificate_template.revisions.count()
    response = client.post(url, {**template_form(certificate_template), "body_html": body})
    assert response.status_code == 200
    assert str(secret) in response.content.decode()  # the reason names the reference
    assert CertificateTemplate.objects.get().body_html != body
    assert certificate_template.revisions.count() == revisions


@pytest.mark.parametrize(
    "body",
    [
        '<link rel="attachment" href="data:text/plain,hello" title="x">',
        '<a rel="attachment" href="data:text/plain,hello">x</a>',
    ],
)
def test_no_attached_file_even_from_a_data_uri(certificate_template, body):
    certificate_template.body_html = body + "<p>{{ recipient_name }}</p>"
    assert ATTACHED in refused(certificate_template, "body_html")


def test_the_bundled_fonts_are_still_allowed_however_they_are_spelt(certificate_template):
    """The check resolves paths rather than refusing every file: URL."""
    bold = FONTS / "BeVietnamPro-Bold.ttf"
    roundabout = FONTS.as_uri() + "/../files/%42eVietnamPro-Bold.ttf"
    certificate_template.css = (
        f"@font-face {{ font-family: A; src: url('{bold.as_uri()}'); }} "
        f"@font-face {{ font-family: B; src: url('{roundabout}'); }} "
        "h1 { font-family: A } p { font-family: B }"
    )
    certificate_template.full_clean()


def test_a_reference_hidden_from_the_sample_stops_the_certificate_not_the_server(
    units, certified_course, secret, django_capture_on_commit_callbacks
):
    """A branch the sample data does not take passes the check on save; at issue time the
    renderer refuses it all the same: the certificate waits, and no PDF carries the file."""
    from tests.targets.conftest import staff

    template = certified_course.certificate_template
    template.body_html += (
        '{% if recipient_name == "Lê Văn Bình" %}'
        f'<link rel="attachment" href="{secret.as_uri()}">{{% endif %}}'
    )
    template.full_clean()  # the sample's recipient is someone else
    template.save()
    template.save_revision()
    person = staff(units["BDG-STTTT"], full_name="Lê Văn Bình")
    with django_capture_on_commit_callbacks():  # the render task is not run here
        enrollment = complete(person, certified_course, on=ISSUED_ON)
    certificate = Certificate.objects.get(enrollment=enrollment)
    with pytest.raises(TemplateRefused, match=r"secret\.env"):
        certificate_render(certificate_id=certificate.pk)
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.PENDING and not certificate.pdf


def test_an_issued_certificate_carries_nothing_of_the_server(
    learner, certified_course, secret, django_capture_on_commit_callbacks
):
    certificate = issue(learner, certified_course, callbacks=django_capture_on_commit_callbacks)
    with certificate.pdf.open("rb") as handle:
        assert_nothing_of_the_server(handle.read(), secret)


def test_the_default_template_renders_with_nothing_attached(certificate_template, secret):
    assert_nothing_of_the_server(
        certificate_pdf(sample_html(template=certificate_template)), secret
    )


# The template language itself: nothing marks a learner's text safe, whatever the construct.
NAME = '<img src=x onerror="alert(1)">Lê Văn Bình'

SAFE_MARKING = [
    "{{ recipient_name|safe }}",
    "{{ recipient_name | safe }}",
    "{{ recipient_name|escape|safe }}",
    "{{ recipient_name|safeseq|join:'' }}",
    "{% with a=recipient_name|safe %}{{ a }}{% endwith %}",
    "{% with recipient_name|safe as a %}{{ a }}{% endwith %}",
    "{% firstof recipient_name|safe %}",
    "{% cycle recipient_name|safe 'x' %}",
    "{% for c in recipient_name|safeseq %}{{ c }}{% endfor %}",
    "{% if recipient_name|safe %}x{% endif %}",
    "{% filter safe %}{{ recipient_name }}{% endfilter %}",
    "{% autoescape off %}{{ recipient_name }}{% endautoescape %}",
    "{% load static %}{{ recipient_name }}",
    "{{ recipient_name|center:'99' }}",  # a wide one would take gigabytes
    "{{ recipient_name|stringformat:'99s' }}",
    "{% for a in recipient_name %}{% for b in recipient_name %}{% for c in recipient_name %}"
    "{{ c }}{% endfor %}{% endfor %}{% endfor %}",
]


@pytest.mark.parametrize("body", SAFE_MARKING)
def test_no_construct_marks_text_safe(certificate_template, body):
    certificate_template.body_html = f"<p>{body}</p>"
    with pytest.raises(ValidationError) as error:
        certificate_template.full_clean()
    assert "body_html" in error.value.message_dict


@pytest.mark.parametrize(
    "body",
    [
        "{{ recipient_name }}",
        "{% with a=recipient_name %}{{ a }}{% endwith %}",
        "{% firstof recipient_name %}",
        "{% cycle recipient_name 'x' %}",
        "{% filter upper %}{{ recipient_name }}{% endfilter %}",
        "{{ recipient_name|linebreaksbr }}",
        "{{ recipient_name|make_list|join:'' }}",
        "{{ recipient_name|default:'-' }}",
        "{% for c in recipient_name %}{{ c }}{% endfor %}",
    ],
)
def test_allowed_constructs_escape_the_learners_text(certificate_template, body):
    from certificates.rendering import certificate_html

    certificate_template.body_html = f"<p>{body}</p>"
    certificate_template.full_clean()
    html = certificate_html(template=certificate_template, context={"recipient_name": NAME}).html
    assert "<img src=x" not in html.lower() and "&lt;" in html.lower()


def test_the_engine_itself_has_no_safe_filter():
    """Not only the check: the sandbox engine cannot find the filters or tags at all."""
    from django.template import TemplateSyntaxError

    from certificates.sandbox import sandbox

    for source in ("{{ x|safe }}", "{% with a=x|safeseq %}{% endwith %}", "{% autoescape off %}"):
        with pytest.raises(TemplateSyntaxError):
            sandbox().from_string(source)


def test_a_refused_reference_is_never_opened(monkeypatch, certificate_template, secret):
    """The renderer refuses before it opens anything: the file is not even read."""
    import builtins
    import io as io_module

    opened = []
    real_open = builtins.open

    def watching_open(file, *args, **kwargs):
        opened.append(os.fspath(file) if not isinstance(file, int) else file)
        return real_open(file, *args, **kwargs)

    certificate_template.body_html = f'<img src="{up_from_fonts(secret, "%2e%2e")}"><p>x</p>'
    rendered = sample_html(template=certificate_template)
    monkeypatch.setattr(builtins, "open", watching_open)
    monkeypatch.setattr(io_module, "open", watching_open)
    with pytest.raises(TemplateRefused):
        certificate_pdf(rendered)
    monkeypatch.undo()
    assert any(str(name).endswith(".ttf") for name in opened)  # the watch sees the fonts
    assert not any(str(name).endswith("secret.env") for name in opened)
