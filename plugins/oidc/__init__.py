"""Bundled plugin: the OpenID Connect providers named by environment variables.

    LMS_OIDC_PROVIDERS=vneid,staff
    LMS_OIDC_VNEID_ISSUER=https://id.example.gov.vn
    LMS_OIDC_VNEID_CLIENT_ID=...   LMS_OIDC_VNEID_CLIENT_SECRET=...
    LMS_OIDC_VNEID_LABEL=VNeID     LMS_OIDC_VNEID_POPULATION=citizens   (or staff)
    LMS_OIDC_VNEID_SCOPES="openid profile"   LMS_OIDC_VNEID_SIGN_ALGO=RS256
    LMS_OIDC_VNEID_CLAIM_NATIONAL_ID=cccd    (any field of LMS_OIDC_CLAIMS)
    LMS_OIDC_VNEID_LINKS_STAFF=1   (may link staff records; default 1 for staff, 0 for citizens)

README "Sign-in" lists them all.
"""

LMS_PLUGIN = {
    "version": "1.0.0",
    "description": "Sign-in through OpenID Connect providers configured by LMS_OIDC_* variables.",
    "lms_versions": ">=0.4,<1.0",
}
