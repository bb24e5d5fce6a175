from django.urls import path

from . import views

urlpatterns = [
    # My learning composes courses and certificates, so it is served here, above both.
    path("me/", views.my_learning_view, name="my_learning"),
]
