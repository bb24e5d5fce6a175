"""Certificate HTML and PDF.

A template is a Django template run in a sandbox: its own engine with no loaders (nothing to
include or extend), only a short list of harmless tags, and a context of plain strings. No
model object is reachable, so a template cannot print a password hash or another learner's
data, and a bad one is refused when saved instead of crashing the worker.
"""

import base64
import re
import string
import unicodedata
from dataclasses import dataclass
from functools import cache

import segno
from django.template import Context, Engine, TemplateSyntaxError
from django.template.base import Lexer, TokenType
from django.utils.html import escape
from django.utils.translation import gettext as _

ALLOWED_TAGS = {
    "if", "elif", "else", "endif", "for", "empty", "endfor", "with", "endwith", "firstof",
    "spaceless", "endspaceless", "comment", "endcomment",
    "verbatim", "endverbatim", "filter", "endfilter", "cycle", "templatetag", "now",
}  # fmt: skip
# Escaping stays on: a learner's name must never become markup.
UNSAFE_FILTERS = re.compile(r"\|\s*safe(seq)?\b")
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
}


class TemplateRefused(Exception):
    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field, self.message = field, message


@cache
def sandbox() -> Engine:
    return Engine(dirs=[], app_dirs=False, loaders=[], libraries={}, debug=False)


def _check_tags(source: str) -> None:
    for token in Lexer(source).tokenize():
        if token.token_type is TokenType.VAR and UNSAFE_FILTERS.search(token.contents):
            raise TemplateRefused(
                "body_html",
                _("Values are always escaped in a certificate: the filter safe is not allowed."),
            )
        if token.token_type is TokenType.BLOCK:
            name = token.contents.split()[0] if token.contents.split() else ""
            if name not in ALLOWED_TAGS:
                raise TemplateRefused(
                    "body_html",
                    _("The tag {%% %(tag)s %%} is not allowed in a certificate template.")
                    % {"tag": name},
                )


def _compile(source: str):
    _check_tags(source)
    try:
        return sandbox().from_string(source)
    except TemplateSyntaxError as error:
        raise TemplateRefused(
            "body_html", _("Template error: %(error)s") % {"error": error}
        ) from None


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


def certificate_html(*, template, context: dict) -> Rendered:
    """The whole HTML document of a certificate from a template (or a template revision's
    object) and its frozen context."""
    strings = frozen_strings(context)
    images = {
        "qr": qr_data_uri(strings.get("verification_url", "")),
        "seal": _image_data_uri(template.seal_image),
    }
    body = _compile(template.body_html).render(Context({**strings, **images}, autoescape=True))
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
    return Rendered(html=nfc(html), title=title)


@cache
def _url_fetcher():
    """Only data: URIs and the bundled font files: a template cannot make the renderer read
    a file of the server or call another host (images come in as data: URIs)."""
    import fontpkg_be_vietnam_pro
    from weasyprint.urls import URLFetcher

    fonts = (fontpkg_be_vietnam_pro.ROOT / "files").as_uri() + "/"

    class CertificateFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("data:") or (url.startswith(fonts) and ".." not in url):
                return super().fetch(url, headers)
            raise ValueError(f"A certificate may not load {url[:80]}")

    return CertificateFetcher(allowed_protocols={"data", "file"})


def certificate_pdf(rendered: Rendered) -> bytes:
    """PDF/A-3b with the fonts embedded."""
    from weasyprint import HTML

    return HTML(string=rendered.html, url_fetcher=_url_fetcher()).write_pdf(pdf_variant="pdf/a-3b")


SERIAL_FIELDS = {"seq", "year", "issuer"}
SERIAL_SPEC = re.compile(r"^0?\d{0,2}d?$")  # {seq:04d} and the like, nothing wider


def serial_pattern_check(pattern: str) -> None:
    """A serial pattern numbers each certificate ({seq}) with the fields it knows only."""

    def refuse(message):
        raise TemplateRefused("serial_pattern", message)

    try:
        fields = [
            (name, spec)
            for _, name, spec, _ in string.Formatter().parse(pattern)
            if name is not None
        ]
    except ValueError as error:
        refuse(_("Invalid serial number pattern: %(error)s") % {"error": error})
    names = {name for name, _ in fields}
    if "seq" not in names:
        refuse(_("The pattern must contain {seq}, the certificate's number in the year."))
    for name, spec in fields:
        if name not in SERIAL_FIELDS or not SERIAL_SPEC.match(spec or ""):
            refuse(_("Only {seq}, {year} and {issuer} may be used, as in {seq:04d}."))


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
    serial_pattern_check(template.serial_pattern)
    try:
        certificate_pdf(sample_html(template=template))
    except TemplateRefused:
        raise
    except Exception as error:  # a filter failing on the sample data, say
        raise TemplateRefused(
            "body_html", _("The template fails to render: %(error)s") % {"error": error}
        ) from None
