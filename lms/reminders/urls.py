from django.urls import path

from . import views

urlpatterns = [
    path("opt-out/<str:token>/", views.opt_out_view, name="reminders_opt_out"),
]
