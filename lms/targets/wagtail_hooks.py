"""The targets' admin: the Target snippet, the Coverage report's pages and menu. Only the
admin's shape lives here; every change and figure goes through lms.targets' services and
selectors."""

from django import forms
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from lms.org.admin_menu import AdminMenuItem, HrMenuItem, HrSubmenu
from lms.permissions import PolicyChooserViewSet

from . import views
from .forms import TargetForm
from .models import Target
from .permissions import TargetPolicy
from .services import target_saved

# Before any view asks for it (Wagtail falls back to plain model permissions otherwise).
register_permission_policy(Target, TargetPolicy(Target))


class TargetViewSet(SnippetViewSet):
    model = Target
    icon = "tasks"
    menu_label = _("Targets")
    add_to_admin_menu = False
    chooser_viewset_class = PolicyChooserViewSet
    list_display = ["code", "name", "population", "required_percentage", "period_end", "deadline"]
    list_filter = ["population"]
    search_fields = ["code", "name", "name_en"]
    ordering = ["-period_start", "code"]
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("code"), FieldPanel("required_percentage")]),
            FieldPanel("name"),
            FieldPanel("name_en"),
            MultiFieldPanel(
                [FieldPanel("population"), FieldPanel("position_categories"), FieldPanel("scope")],
                heading=_("Who counts"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("courses", widget=forms.CheckboxSelectMultiple),
                    FieldPanel("competency_areas", widget=forms.CheckboxSelectMultiple),
                ],
                heading=_("What qualifies"),
            ),
            FieldRowPanel(
                [FieldPanel("period_start"), FieldPanel("period_end"), FieldPanel("deadline")],
                heading=_("When"),
            ),
        ],
        base_form_class=TargetForm,
    )


register_snippet(TargetViewSet)


@hooks.register("after_create_snippet")
def target_created(request, instance):
    if isinstance(instance, Target):
        target_saved(target=instance)


@hooks.register("after_edit_snippet")
def target_edited(request, instance):
    if isinstance(instance, Target):
        target_saved(target=instance)


@hooks.register("register_admin_urls")
def register_coverage_urls():
    urls = [
        path("", views.coverage_view, name="index"),
        path("not-trained/", views.not_trained_view, name="not_trained"),
    ]
    return [path("coverage/", include((urls, "coverage"), namespace="coverage"))]


@hooks.register("register_admin_menu_item")
def register_coverage_menu():
    submenu = Menu(
        items=[
            HrMenuItem(
                _("Coverage report"), reverse("coverage:index"), icon_name="table", order=100
            ),
            AdminMenuItem(
                _("Targets"),
                reverse("wagtailsnippets_targets_target:list"),
                icon_name="tasks",
                order=200,
            ),
        ]
    )
    return HrSubmenu(_("Coverage"), submenu, icon_name="table", name="coverage", order=240)
