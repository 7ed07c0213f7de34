from django.urls import path

from recruit.accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.notification_list, name="notifications"),
    path("<int:pk>/", views.notification_open, name="notification-open"),
    path("read-all/", views.notifications_read_all, name="notifications-read-all"),
]
