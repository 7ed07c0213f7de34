from django.urls import path

from crm import views

app_name = "crm"
urlpatterns = [
    path("prospects/", views.prospects, name="prospects"),
    path("pools/", views.pools, name="pools"),
]
