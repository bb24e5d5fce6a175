from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import import_views, views
from .admin_menu import AdminMenuItem, HrMenuItem, HrSubmenu
from .models import PopulationFigure


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
    ]
    return [
        path("org/imports/", include((imports, "org_imports"), namespace="org_imports")),
        path("org/units/", include((units, "org_units"), namespace="org_units")),
        path("org/people/", include((people, "org_people"), namespace="org_people")),
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


@hooks.register("register_admin_urls")
def register_population_import_url():
    return [
        path("org/population/import/", views.population_import_view, name="org_population_import")
    ]
