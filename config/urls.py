from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.templatetags.static import static
from django.urls import include, path
from django.utils.functional import lazy
from django.views.generic import RedirectView

from negotiation.views.health import health_view

admin.site.site_header = "Negotiation tracker – secretariat"
admin.site.site_title = "Negotiation tracker"

urlpatterns = [
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("health/", health_view, name="health"),
    # Browsers ask for /favicon.ico on every site, logged in or not: send them to the static icon.
    path("favicon.ico", login_not_required(RedirectView.as_view(url=lazy(static, str)("favicon.ico"))), name="favicon"),
    path("admin/", admin.site.urls),
    path("api/v1/", include("negotiation.api.urls", namespace="api")),
    path("", include("negotiation.urls")),
]
