"""The organisation's place in the Wagtail admin: its URLs, menu, snippets and the
permission policy of population figures. Admin shaping only: the screens are in views,
import_views and link_views."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu
from wagtail.admin.panels import FieldPanel
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from lms.permissions import PolicyChooserViewSet

from . import import_views, link_views, views
from .admin_menu import AdminMenuItem, HrMenuItem, HrSubmenu
from .models import PopulationFigure
from .permissions import PopulationFigurePolicy

# Before any view asks for it (Wagtail falls back to plain model permissions otherwise).
register_permission_policy(PopulationFigure, PopulationFigurePolicy(PopulationFigure))


@hooks.register("register_admin_urls")
def register_org_admin_urls():
    units = [
        path("", views.unit_index_view, name="index"),
        path("add/", views.unit_form_view, name="add_root"),
        path("<int:pk>/", views.unit_index_view, name="children"),
        path("<int:parent_pk>/add/", views.unit_form_view, name="add"),
        path("<int:pk>/edit/", views.unit_form_view, name="edit"),
        path("<int:pk>/merge/", views.unit_merge_view, name="merge"),
        path("<int:pk>/split/", views.unit_split_view, name="split"),
    ]
    people = [
        path("", views.people_index_view, name="index"),
        path("<int:pk>/", views.person_detail_view, name="detail"),
        path("<int:pk>/assign/", views.person_assign_view, name="assign"),
    ]
    imports = [
        path("", import_views.import_index_view, name="index"),
        path("new/", import_views.import_new_view, name="new"),
        path("<int:pk>/", import_views.import_detail_view, name="detail"),
        path("<int:pk>/confirm/", import_views.import_confirm_view, name="confirm"),
        path("<int:pk>/cancel/", import_views.import_cancel_view, name="cancel"),
        path("<int:pk>/rejected.csv", import_views.import_rejected_view, name="rejected"),
        path("<int:pk>/invite/", import_views.import_invite_view, name="invite"),
    ]
    link_requests = [
        path("", link_views.link_request_index_view, name="index"),
        path("<int:pk>/approve/", link_views.link_request_approve_view, name="approve"),
        path("<int:pk>/reject/", link_views.link_request_reject_view, name="reject"),
    ]
    return [
        path(
            "org/link-requests/",
            include((link_requests, "org_link_requests"), namespace="org_link_requests"),
        ),
        path("org/imports/", include((imports, "org_imports"), namespace="org_imports")),
        path("org/units/", include((units, "org_units"), namespace="org_units")),
        path("org/people/", include((people, "org_people"), namespace="org_people")),
        path(
            "org/population/import/",
            import_views.population_import_view,
            name="org_population_import",
        ),
        path(
            "org/population/import/<int:pk>/",
            import_views.population_import_detail_view,
            name="org_population_import_detail",
        ),
    ]


@hooks.register("register_admin_menu_item")
def register_org_menu():
    submenu = Menu(
        items=[
            HrMenuItem(_("Org units"), reverse("org_units:index"), icon_name="site", order=100),
            HrMenuItem(_("People"), reverse("org_people:index"), icon_name="group", order=200),
            HrMenuItem(
                _("Roster imports"), reverse("org_imports:index"), icon_name="upload", order=300
            ),
            HrMenuItem(
                _("Link requests"),
                reverse("org_link_requests:index"),
                icon_name="link",
                order=350,
            ),
            AdminMenuItem(
                _("Population figures"),
                reverse("wagtailsnippets_org_populationfigure:list"),
                icon_name="group",
                order=400,
            ),
            AdminMenuItem(
                _("Import population figures"),
                reverse("org_population_import"),
                icon_name="upload",
                order=410,
            ),
        ]
    )
    return HrSubmenu(_("Organisation"), submenu, icon_name="group", name="organisation", order=250)


class PopulationFigureViewSet(SnippetViewSet):
    model = PopulationFigure
    icon = "group"
    menu_label = _("Population figures")
    add_to_admin_menu = False
    chooser_viewset_class = PolicyChooserViewSet
    list_display = ["unit", "year", "working_age_count", "source"]
    list_filter = ["year"]
    ordering = ["-year", "unit__code"]
    panels = [
        FieldPanel("unit"),
        FieldPanel("year"),
        FieldPanel("working_age_count"),
        FieldPanel("source"),
    ]


register_snippet(PopulationFigureViewSet)
