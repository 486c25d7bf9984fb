from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from negotiation.views.health import health_view

admin.site.site_header = "Negotiation tracker – secretariat"
admin.site.site_title = "Negotiation tracker"

urlpatterns = [
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("health/", health_view, name="health"),
    path("admin/", admin.site.urls),
    path("api/v1/", include("negotiation.api.urls", namespace="api")),
    path("", include("negotiation.urls")),
]
