from django.urls import path

from courses import views

urlpatterns = [
    path("learning/enrol/<int:course_id>/", views.enrol_view, name="course_enrol"),
    path("learning/lessons/<int:lesson_id>/done/", views.lesson_done_view, name="lesson_done"),
    # "me/" itself (My learning) is lms.home's: it shows certificates too.
    path("me/link/", views.link_record_view, name="link_record"),
    path("me/link/request/", views.link_request_view, name="link_request"),
]
