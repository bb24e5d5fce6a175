from django.urls import path

from . import learner_views, views

urlpatterns = [
    path("verify/", views.verify_form_view, name="certificate_verify_form"),
    path("verify/<str:code>/", views.verify_view, name="certificate_verify"),
    path("<str:code>/download/", views.download_view, name="certificate_download"),
    path(
        "mine/<int:course_id>/status/",
        learner_views.certificate_status_view,
        name="certificate_status",
    ),
]
