"""Working-age population figures: admin screen and CSV import with their source."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lms.org.models import PopulationFigure
from tests.conftest import PROJECT_ROOT
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
SAMPLE = PROJECT_ROOT / "tests" / "data" / "population" / "population_utf8_bom.csv"


@pytest.fixture
def admin_client(client, site):
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    return client


@pytest.fixture
def post_file(django_capture_on_commit_callbacks):
    """Upload a file, let its import task run (on commit, in this process), show its page."""

    def post(client, content: bytes, name="population.csv"):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                "/admin/org/population/import/", {"file": SimpleUploadedFile(name, content)}
            )
        if response.status_code != 302:
            return response
        return client.get(response["Location"])

    return post


@pytest.fixture
def post_sample(post_file):
    return lambda client: post_file(client, SAMPLE.read_bytes())


def test_import_adds_figures_and_reports_bad_rows(admin_client, units, post_sample):
    html = post_sample(admin_client).content.decode()
    assert "2 thêm mới, 0 cập nhật, 0 không đổi" in html
    assert "Dòng 4" in html and "XX-KHONG-CO" in html
    assert "Dòng 5" in html
    figure = PopulationFigure.objects.get(unit=units["BDG-TU-KB"], year=2024)
    assert (figure.working_age_count, figure.source) == (27_400, "Cục Thống kê (demo)")
    assert (
        PopulationFigure.objects.get(unit=units["BDG-TU-UH"], year=2024).working_age_count == 33_900
    )


def test_importing_again_changes_nothing(admin_client, units, post_sample):
    post_sample(admin_client)
    assert "0 thêm mới, 0 cập nhật, 2 không đổi" in post_sample(admin_client).content.decode()


def test_the_figures_have_an_admin_screen(admin_client, units):
    PopulationFigure.objects.create(
        unit=units["BDG-TU-KB"], year=2025, working_age_count=28_000, source="Điều tra"
    )
    html = admin_client.get("/admin/snippets/org/populationfigure/").content.decode()
    assert "Phường Khánh Bình" in html and "28000" in html.replace(".", "").replace(",", "")


def test_only_administrators_import_population(client, site, units, tanuyen_officer, post_sample):
    client.force_login(tanuyen_officer)
    post_sample(client)
    assert not PopulationFigure.objects.exists()


def test_a_reused_code_means_the_unit_that_held_it_that_year(
    admin_client, units, tmp_path, post_file
):
    import datetime

    from lms.org.models import OrgUnit

    old = units["BDG-TU-KB"]
    old.valid_to = datetime.date(2025, 6, 30)
    old.save(update_fields=["valid_to"])
    new = units["BDG-TU"].add_child(
        code="BDG-TU-KB",
        name="Phường Khánh Bình (mới)",
        kind=OrgUnit.Kind.COMMUNE,
        valid_from=datetime.date(2025, 7, 1),
    )
    path = tmp_path / "population.csv"
    path.write_text(
        "Mã đơn vị,Năm,Dân số trong độ tuổi lao động,Nguồn\n"
        "BDG-TU-KB,2024,100,A\nBDG-TU-KB,2026,200,B\n",
        encoding="utf-8",
    )
    post_file(admin_client, path.read_bytes())
    assert PopulationFigure.objects.get(year=2024).unit == old
    assert PopulationFigure.objects.get(year=2026).unit == new
