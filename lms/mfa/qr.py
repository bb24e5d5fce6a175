"""What the set-up page shows of a new authenticator: its QR code and its secret as text."""

from base64 import b32encode

import segno
from django.utils.safestring import SafeString, mark_safe
from django_otp.plugins.otp_totp.models import TOTPDevice


def authenticator_qr_svg(*, device: TOTPDevice, title: str) -> SafeString:
    """The otpauth:// address as an inline SVG QR code (no image request, nothing cached)."""
    code = segno.make(device.config_url, error="m")
    # segno escapes the title and writes only its own markup.
    return mark_safe(  # noqa: S308
        code.svg_inline(
            scale=4, dark="#000", light="#fff", title=title, svgclass="mfa-qr", omitsize=True
        )
    )


def authenticator_secret(*, device: TOTPDevice) -> str:
    """The secret in base32, as the apps' "enter a key" screens take it, in groups of four
    so that it can be read and typed without losing one's place."""
    secret = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
