"""The admin's snippet choosers list, and let a user choose, only what their role and scope
allow: certificates (HR officers: their people's), certificate templates (their designers),
targets (HR officers: those counting their people) and population figures (HR officers:
their units'). Trainers need a template for a course, never a certificate.

The chooser modal is fetched with XMLHttpRequest, so a refusal is a 403 here.
"""

import re

import pytest
from django.urls import reverse

from certificates.models import Certificate, CertificateTemplate
from lms.org.models import PopulationFigure
from lms.targets.models import Target
from tests.security.world import role_clients_fixture, world_fixture  # noqa: F401

pytestmark = pytest.mark.django_db

XHR = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}
CHOOSERS = {
    Certificate: "wagtailsnippetchoosers_certificates_certificate",
    CertificateTemplate: "wagtailsnippetchoosers_certificates_certificatetemplate",
    Target: "wagtailsnippetchoosers_targets_target",
    PopulationFigure: "wagtailsnippetchoosers_org_populationfigure",
}


def listed(client, model) -> set[int]:
    """The primary keys the chooser offers, over all its pages."""
    namespace = CHOOSERS[model]
    found = set()
    for page in range(1, 100):
        response = client.get(reverse(f"{namespace}:choose_results"), {"p": page}, **XHR)
        if response.status_code == 404:  # past the last page
            return found
        assert response.status_code == 200, response.status_code
        found |= {int(pk) for pk in re.findall(r"/chosen/(\d+)/", response.content.decode())}
    raise AssertionError("more pages than a test world has")


def pks(queryset) -> set[int]:
    return set(queryset.values_list("pk", flat=True))


# --- Certificates -------------------------------------------------------------------------------


def test_administrators_choose_any_certificate(world, role_clients):
    assert listed(role_clients["admin"], Certificate) == pks(Certificate.objects.all())


def test_province_officer_chooses_the_certificates_of_the_whole_province(world, role_clients):
    both = {world.objects["certificate"], world.objects["certificate_outside"]}
    assert listed(role_clients["hr"], Certificate) == both


def test_tan_uyen_officer_chooses_only_tan_uyen_certificates(world, role_clients):
    client = role_clients["hr.tanuyen"]
    assert listed(client, Certificate) == {world.objects["certificate"]}
    outside = world.objects["certificate_outside"]
    chosen = reverse(f"{CHOOSERS[Certificate]}:chosen", args=[outside])
    assert client.get(chosen, **XHR).status_code == 404
    several = reverse(f"{CHOOSERS[Certificate]}:chosen_multiple")
    response = client.get(several, {"id": [outside, world.objects["certificate"]]}, **XHR)
    serials = Certificate.objects.in_bulk([outside, world.objects["certificate"]])
    assert serials[world.objects["certificate"]].serial in response.content.decode()
    assert serials[outside].serial not in response.content.decode()


@pytest.mark.parametrize("role", ["trainer"])
def test_trainers_choose_no_certificate(world, role_clients, role):
    client = role_clients[role]
    for view, args in [
        ("choose", []),
        ("choose_results", []),
        ("chosen", [world.objects["certificate"]]),
    ]:
        url = reverse(f"{CHOOSERS[Certificate]}:{view}", args=args)
        assert client.get(url, **XHR).status_code == 403, view


@pytest.mark.parametrize("role", ["learner", "citizen", "anonymous"])
def test_people_without_the_admin_are_sent_to_sign_in(world, role_clients, role):
    for namespace in CHOOSERS.values():
        response = role_clients[role].get(reverse(f"{namespace}:choose"))
        assert response.status_code == 302 and "/admin/login/" in response["Location"]


# --- Certificate templates ------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["trainer", "admin"])
def test_template_designers_choose_templates_for_their_courses(world, role_clients, role):
    assert listed(role_clients[role], CertificateTemplate) == {
        world.objects["certificate_template"]
    }


@pytest.mark.parametrize("role", ["hr", "hr.tanuyen"])
def test_hr_officers_choose_no_template(world, role_clients, role):
    url = reverse(f"{CHOOSERS[CertificateTemplate]}:choose")
    assert role_clients[role].get(url, **XHR).status_code == 403


def test_the_course_editor_offers_trainers_the_template_chooser(world, role_clients):
    html = role_clients["trainer"].get(f"/admin/pages/{world.objects['course']}/edit/")
    assert reverse(f"{CHOOSERS[CertificateTemplate]}:choose") in html.content.decode()


# --- Targets ------------------------------------------------------------------------------------


def test_administrators_and_the_province_officer_choose_every_target(world, role_clients):
    every = pks(Target.objects.all())
    assert world.objects["target_outside"] in every
    assert listed(role_clients["admin"], Target) == every
    assert listed(role_clients["hr"], Target) == every


def test_tan_uyen_officer_chooses_the_targets_that_count_their_people(world, role_clients):
    """The province's targets (no scope) do; a department's target outside Tân Uyên does not."""
    expected = pks(Target.objects.filter(scope__isnull=True))
    assert listed(role_clients["hr.tanuyen"], Target) == expected
    chosen = reverse(f"{CHOOSERS[Target]}:chosen", args=[world.objects["target_outside"]])
    assert role_clients["hr.tanuyen"].get(chosen, **XHR).status_code == 404


def test_a_target_for_a_ward_of_tan_uyen_is_theirs_and_one_for_the_province_too(
    world, role_clients
):
    from lms.org.models import OrgUnit
    from tests.targets.conftest import make_target

    ward = make_target("T-TU-2026", year=2026, scope=OrgUnit.objects.get(code="HCM-TU"))
    city = make_target("T-HCM-2026", year=2026, scope=OrgUnit.objects.get(code="HCM"))
    assert {ward.pk, city.pk} <= listed(role_clients["hr.tanuyen"], Target)


def test_trainers_choose_no_target(world, role_clients):
    url = reverse(f"{CHOOSERS[Target]}:choose_results")
    assert role_clients["trainer"].get(url, **XHR).status_code == 403


# --- Population figures -------------------------------------------------------------------------


def test_administrators_choose_any_population_figure(world, role_clients):
    assert listed(role_clients["admin"], PopulationFigure) == pks(PopulationFigure.objects.all())


def test_tan_uyen_officer_chooses_only_the_figures_of_their_units(world, role_clients):
    mine = PopulationFigure.objects.filter(
        unit__code__in=[
            "BDG-TU",
            "BDG-TU-KB",
            "BDG-TU-UH",
            "BDG-TU-TPK",
            "BDG-TU-THH",
            "HCM-TK",
            "HCM-TU",
        ]
    )
    assert listed(role_clients["hr.tanuyen"], PopulationFigure) == pks(mine)
    outside = world.objects["population_figure_outside"]  # Hồ Chí Minh City's
    chosen = reverse(f"{CHOOSERS[PopulationFigure]}:chosen", args=[outside])
    assert role_clients["hr.tanuyen"].get(chosen, **XHR).status_code == 404


def test_trainers_choose_no_population_figure(world, role_clients):
    url = reverse(f"{CHOOSERS[PopulationFigure]}:choose")
    assert role_clients["trainer"].get(url, **XHR).status_code == 403


# --- Creating from a chooser still needs the right to add ------------------------------------


@pytest.mark.parametrize("model", [Target, PopulationFigure, Certificate])
@pytest.mark.parametrize("role", ["hr", "hr.tanuyen", "trainer"])
def test_choosing_is_not_creating(world, role_clients, model, role):
    url = reverse(f"{CHOOSERS[model]}:create")
    assert role_clients[role].post(url, {}, **XHR).status_code == 403
