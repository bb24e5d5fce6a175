from django.urls import path

from plugins.quiz import views

urlpatterns = [
    path("<int:lesson_id>/<str:block_id>/submit/", views.quiz_submit_view, name="quiz_submit"),
]
