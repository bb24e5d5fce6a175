from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from lms.org.admin_menu import AdminMenuItem, HrMenuItem
from lms.org.selectors import is_hr_officer
from lms.permissions import PolicyChooserViewSet

from . import admin_views
from .models import Certificate, CertificateBatch, CertificateBundle, CertificateTemplate
from .permissions import (
    CertificateBatchPolicy,
    CertificateBundlePolicy,
    CertificatePolicy,
    CertificateTemplatePolicy,
)

# Before any view asks for them (Wagtail falls back to plain model permissions otherwise).
register_permission_policy(Certificate, CertificatePolicy(Certificate))
register_permission_policy(CertificateTemplate, CertificateTemplatePolicy(CertificateTemplate))
register_permission_policy(CertificateBatch, CertificateBatchPolicy(CertificateBatch))
register_permission_policy(CertificateBundle, CertificateBundlePolicy(CertificateBundle))


class TemplateEditorMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("certificates.change_certificatetemplate")


class CertificatesSubmenu(SubmenuMenuItem):
    """HR officers (bulk downloads), template editors (trainers) and administrators."""

    def is_shown(self, request):
        return is_hr_officer(request.user) or request.user.has_perm(
            "certificates.change_certificatetemplate"
        )


class CertificateTemplateViewSet(SnippetViewSet):
    model = CertificateTemplate
    icon = "doc-full"
    menu_label = _("Certificate templates")
    add_to_admin_menu = False
    preview_on_add_view_class = admin_views.TemplatePreviewOnCreateView
    preview_on_edit_view_class = admin_views.TemplatePreviewOnEditView
    chooser_viewset_class = PolicyChooserViewSet
    list_display = ["name", "issuing_body", "page_size", "orientation"]
    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("page_size"), FieldPanel("orientation")]),
        MultiFieldPanel(
            [
                FieldPanel("parent_body"),
                FieldPanel(
                    "issuing_body",
                    help_text=_(
                        "e.g. SỞ THÔNG TIN VÀ TRUYỀN THÔNG. Used for courses that name no "
                        "issuing unit: a course that names one gets certificates in that unit's "
                        "name, as its page shows it."
                    ),
                ),
                FieldPanel("issuer_code"),
                FieldPanel("place"),
                FieldPanel("serial_pattern"),
            ],
            heading=_("Issuing body"),
        ),
        MultiFieldPanel(
            [FieldPanel("signatory_title"), FieldPanel("signatory_name"), FieldPanel("seal_image")],
            heading=_("Signature"),
        ),
        FieldPanel("background_image"),
        FieldPanel("body_html"),
        FieldPanel("css"),
    ]


class CertificateViewSet(SnippetViewSet):
    model = Certificate
    icon = "doc-full-inverse"
    menu_label = _("Issued certificates")
    add_to_admin_menu = False
    chooser_viewset_class = PolicyChooserViewSet
    inspect_view_enabled = True
    copy_view_enabled = False  # frozen: see CertificatePolicy
    list_display = ["serial", "admin_link", "status", "issued_at"]
    list_filter = ["status", "year"]
    search_fields = ["serial", "code"]


register_snippet(CertificateTemplateViewSet)
register_snippet(CertificateViewSet)


@hooks.register("register_admin_menu_item")
def register_certificates_menu():
    submenu = Menu(
        items=[
            TemplateEditorMenuItem(
                _("Certificate templates"),
                reverse("wagtailsnippets_certificates_certificatetemplate:list"),
                icon_name="doc-full",
                order=100,
            ),
            HrMenuItem(
                _("Certificates in bulk"),
                reverse("certificate_bulk"),
                icon_name="download",
                order=300,
            ),
            AdminMenuItem(
                _("Issued certificates"),
                reverse("wagtailsnippets_certificates_certificate:list"),
                icon_name="doc-full-inverse",
                order=200,
            ),
        ]
    )
    return CertificatesSubmenu(
        _("Certificates"), submenu, icon_name="doc-full", name="certificates", order=260
    )


@hooks.register("register_admin_urls")
def register_certificate_admin_urls():
    return [
        path(
            "certificates/<int:pk>/",
            admin_views.CertificateView.as_view(),
            name="certificate_admin",
        ),
        path("certificates/bulk/", admin_views.BulkView.as_view(), name="certificate_bulk"),
        path(
            "certificates/batches/<int:pk>/",
            admin_views.BatchView.as_view(),
            name="certificate_batch",
        ),
        path(
            "certificates/bundles/<int:pk>/",
            admin_views.BundleView.as_view(),
            name="certificate_bundle",
        ),
        path(
            "certificates/bundles/<int:pk>/download/",
            admin_views.BundleDownloadView.as_view(),
            name="certificate_bundle_download",
        ),
    ]
