"""Certificate HTML and PDF.

A template is a Django template run in a sandbox (certificates.sandbox): only a short list of
harmless tags and filters, nothing that marks a value safe, and a context of plain strings. No
model object is reachable, so a template cannot print a password hash or another learner's
data. WeasyPrint then reads nothing but what the certificate carries in itself (data: URIs)
and the bundled fonts; a template that asks for anything else, or for an attached file, is
refused with the reason when it is saved or previewed, instead of being quietly ignored.
"""

import base64
import os
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

import segno
from django.template import Context
from django.utils.html import escape
from django.utils.translation import gettext as _

from .sandbox import TemplateRefused, template_compile
from .serials import serial_pattern_check

__all__ = ["TemplateRefused"]

PAGE_WIDTHS = {"A4": ("210mm", "297mm"), "A5": ("148mm", "210mm")}

# What a template can be previewed and checked with: the same keys as a real certificate.
SAMPLE_CONTEXT = {
    "recipient_name": "Nguyễn Thị Hồng Nhung",
    "recipient_birth_date": "14/05/1990",
    "recipient_unit": "Sở Thông tin và Truyền thông",
    "course_title": "Chuyển đổi số trong cơ quan nhà nước",
    "course_start": "02/03/2026",
    "course_end": "27/03/2026",
    "result": "Đạt (92 điểm)",
    "issue_day": "27",
    "issue_month": "03",
    "issue_year": "2026",
    "serial": "0001/2026/GCN-STTTT",
    "verification_url": "https://hoctap.example.gov.vn/certificates/verify/ABCD-EFGH-JKLM-NPQR/",
    "verify_page_url": "https://hoctap.example.gov.vn/certificates/verify/",
    "verification_code": "ABCD-EFGH-JKLM-NPQR",
}


def nfc(value: str) -> str:
    return unicodedata.normalize("NFC", value)


def frozen_strings(context: dict) -> dict[str, str]:
    """Only strings, NFC-normalised, reach a template."""
    return {str(key): nfc(str(value)) for key, value in context.items() if value is not None}


def _image_data_uri(image) -> str:
    if image is None:
        return ""
    with image.open_file() as handle:
        data = handle.read()
    kind = "png" if data[:8] == b"\x89PNG\r\n\x1a\n" else "jpeg"
    return f"data:image/{kind};base64,{base64.b64encode(data).decode()}"


def qr_data_uri(url: str) -> str:
    # A fixed mask pattern: any of the eight reads equally well from paper, and choosing the
    # "best" one costs more than the rest of the QR code.
    return segno.make(url, error="m", mask=0, micro=False).svg_data_uri(scale=4, border=2)


@cache
def _font_faces() -> str:
    """Be Vietnam Pro, installed with the project (fontpkg-be-vietnam-pro): full Vietnamese
    coverage, embedded in every PDF."""
    import fontpkg_be_vietnam_pro

    files = fontpkg_be_vietnam_pro.ROOT / "files"
    faces = []
    for weight, style, name in (
        ("normal", "normal", "Regular"),
        ("bold", "normal", "Bold"),
        ("normal", "italic", "Italic"),
        ("bold", "italic", "BoldItalic"),
    ):
        faces.append(
            "@font-face { font-family: 'Certificate'; "
            f"src: url('{(files / f'BeVietnamPro-{name}.ttf').as_uri()}'); "
            f"font-weight: {weight}; font-style: {style}; }}"
        )
    return "\n".join(faces)


@dataclass(frozen=True)
class Rendered:
    html: str
    title: str
    css: str = ""  # the template's own style, to name the field a refusal is about


def certificate_html(*, template, context: dict) -> Rendered:
    """The whole HTML document of a certificate from a template (or a template revision's
    object) and its frozen context."""
    strings = frozen_strings(context)
    images = {
        "qr": qr_data_uri(strings.get("verification_url", "")),
        "seal": _image_data_uri(template.seal_image),
    }
    context = Context({**strings, **images}, autoescape=True)
    body = template_compile(template.body_html).render(context)
    width, height = PAGE_WIDTHS.get(template.page_size, PAGE_WIDTHS["A4"])
    if template.orientation == "landscape":
        width, height = height, width
    background = _image_data_uri(template.background_image)
    page_background = (
        f"background: url('{background}') center / cover no-repeat;" if background else ""
    )
    title = nfc(f"GIẤY CHỨNG NHẬN {strings.get('serial', '')}".strip())
    html = f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>{escape(title)}</title>
<meta name="author" content="{escape(strings.get("issuing_body", ""))}">
<style>
{_font_faces()}
@page {{ size: {width} {height}; margin: 14mm 16mm; {page_background} }}
html {{ font-family: 'Certificate', sans-serif; }}
</style>
<style>{template.css}</style>
</head><body>{body}</body></html>"""
    return Rendered(html=nfc(html), title=title, css=template.css)


@cache
def bundled_font_files() -> frozenset[str]:
    """The real paths of the bundled font files: the only files a certificate may read."""
    import fontpkg_be_vietnam_pro

    folder = fontpkg_be_vietnam_pro.ROOT / "files"
    return frozenset(os.path.realpath(path) for path in folder.glob("*.ttf"))


def font_path(url: str) -> str | None:
    """The bundled font file a file: URL names, else None.

    The URL is decoded once, as a file: URL is meant to be, then resolved to its real path
    (".." and symbolic links followed), and only then compared: no spelling of a path
    (percent-encoding, mixed case, localhost, backslashes) reaches another file.
    """
    parts = urlsplit(url)
    if parts.scheme.lower() != "file" or parts.netloc.lower() not in {"", "localhost"}:
        return None
    path = url2pathname(parts.path)
    if not os.path.isabs(path):
        return None
    real = os.path.realpath(path)
    return real if real in bundled_font_files() else None


def refusal_field(url: str, css: str) -> str:
    return "css" if url and (url in css or url in unquote(css)) else "body_html"


# Relative references resolve against a host that cannot exist (RFC 2606), so that they are
# refused by name like any other instead of being dropped without a word.
BASE_URL = "https://certificate.invalid/"


@cache
def _fetcher_class():
    from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

    class Refused(FatalURLFetchingError):
        """Stops the rendering: nothing past a refused reference is read."""

    class CertificateFetcher(URLFetcher):
        """Every resource WeasyPrint reads comes through here (stylesheets, @import, fonts,
        images, <object>, SVG inside images, attachments). Only data: URIs and the bundled
        font files are read; anything else is recorded and stops the rendering, so the
        template is refused with the reason."""

        def __init__(self):
            super().__init__(allowed_protocols={"data"}, allow_redirects=False)
            self.refused: list[str] = []

        def fetch(self, url, headers=None):
            if url[:5].lower() == "data:":
                return super().fetch(url, headers)
            path = font_path(url)
            if path is None:
                self.refused.append(url)
                raise Refused(url)
            return URLFetcherResponse(
                Path(path).as_uri(), Path(path).read_bytes(), {"Content-Type": "font/ttf"}
            )

    return CertificateFetcher, Refused


def _shown(url: str) -> str:
    return url if len(url) <= 120 else url[:117] + "..."


def _refuse_reference(url: str, css: str):
    return TemplateRefused(
        refusal_field(url, css),
        _(
            "A certificate may use only pictures and styles written into it (data: URIs) "
            "and its own fonts. Not allowed: %(url)s"
        )
        % {"url": _shown(url)},
    )


def _attached_file(html) -> str | None:
    """The href of the first link that would attach a file (<link> or <a rel="attachment">)."""
    from weasyprint.html import element_has_link_type

    for wrapper in html.wrapper_element.query_all("link", "a"):
        if element_has_link_type(wrapper.etree_element, "attachment"):
            return wrapper.etree_element.get("href") or ""
    return None


def _attachments(document) -> bool:
    return bool(document.metadata.attachments) or any(
        link[0] == "attachment" for page in document.pages for link in page.links
    )


def _refuse_attachment(url: str):
    return TemplateRefused(
        "body_html",
        _('A certificate cannot carry attached files (rel="attachment"): %(url)s')
        % {"url": _shown(url)},
    )


def certificate_pdf(rendered: Rendered) -> bytes:
    """PDF/A-3b with the fonts embedded, and no attached file: the LMS attaches none, so
    none may come from a template."""
    from weasyprint import HTML

    fetcher_class, refused_error = _fetcher_class()
    fetcher = fetcher_class()
    html = HTML(string=rendered.html, base_url=BASE_URL, url_fetcher=fetcher)
    attached = _attached_file(html)  # refused before anything is fetched
    if attached is not None:
        raise _refuse_attachment(attached)
    try:
        document = html.render()
        if _attachments(document):  # however else WeasyPrint may come to attach one
            raise _refuse_attachment("")
        pdf = document.write_pdf(pdf_variant="pdf/a-3b")
    except refused_error:
        pass  # reported below, with every other refusal
    if fetcher.refused:  # also those WeasyPrint catches itself (an SVG's own images)
        raise _refuse_reference(fetcher.refused[0], rendered.css)
    return pdf


def sample_html(*, template) -> Rendered:
    """The template filled with sample data (for its check and its preview)."""
    return certificate_html(
        template=template,
        context={
            **SAMPLE_CONTEXT,
            "issuing_body": template.issuing_body,
            "parent_body": template.parent_body,
            "place": template.place,
            "signatory_title": template.signatory_title,
            "signatory_name": template.signatory_name,
        },
    )


def template_check(*, template) -> None:
    """Refuse a template that would not render (raised as TemplateRefused with the field)."""
    serial_pattern_check(template.serial_pattern, issuer_code=template.issuer_code)
    try:
        certificate_pdf(sample_html(template=template))
    except TemplateRefused:
        raise
    except Exception as error:  # a filter failing on the sample data, say
        raise TemplateRefused(
            "body_html", _("The template fails to render: %(error)s") % {"error": error}
        ) from None
