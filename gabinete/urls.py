from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import activity_views, job_views, lists_views, notification_views, views
from .accounts import views as accounts_views
from .forms import SignInForm

gabinete_patterns = (
    [
        path("", views.home, name="home"),
        path("nomina/", views.directory, name="directory"),
        path("nomina.pdf", views.directory_pdf, name="directory-pdf"),
        path("datos-personales/", views.privacy_inventory, name="privacy-inventory"),
        path("datos-personales/accesos/", activity_views.personal_data_access, name="personal-data-access"),
        path("healthz", views.healthz, name="healthz"),
        path("ping", views.ping, name="ping"),
        path("actividad/", activity_views.activity_list, name="activity"),
        path("actividad/exportar.csv", activity_views.activity_export, name="activity-export"),
        path("documentos/", job_views.job_list, name="job-list"),
        path("documentos/<int:pk>/", job_views.job_detail, name="job-detail"),
        path("documentos/<int:pk>/descargar/", job_views.job_download, name="job-download"),
        path("documentos/<int:pk>/reintentar/", job_views.job_retry, name="job-retry"),
        path("notificaciones/", notification_views.notification_list, name="notifications"),
        path("notificaciones/<int:pk>/", notification_views.notification_open, name="notification-open"),
        path("notificaciones/leidas/", notification_views.notification_read_all, name="notification-read-all"),
        path(
            "notificaciones/preferencias/",
            notification_views.notification_preferences,
            name="notification-preferences",
        ),
        path("listas/", lists_views.list_index, name="list-index"),
        path("listas/<slug:purpose>/", lists_views.list_detail, name="list-detail"),
        path("listas/<slug:purpose>/editar/", lists_views.list_edit, name="list-edit"),
        path("listas/<slug:purpose>/personas/", lists_views.list_add_people, name="list-add-people"),
        path(
            "listas/<slug:purpose>/personas/<int:user_id>/quitar/",
            lists_views.list_remove_person,
            name="list-remove-person",
        ),
        path("listas/<slug:purpose>/direcciones/", lists_views.list_add_address, name="list-add-address"),
        path(
            "listas/<slug:purpose>/direcciones/<int:pk>/quitar/",
            lists_views.list_remove_address,
            name="list-remove-address",
        ),
    ],
    "gabinete",
)

account_patterns = [
    path(
        "ingresar/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True, authentication_form=SignInForm),
        name="login",
    ),
    path("salir/", auth_views.LogoutView.as_view(), name="logout"),
    # Closes the person's other sessions (gabinete.accounts.services.password_change).
    path("clave/", accounts_views.password_change, name="password_change"),
    path("clave/lista/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
]

urlpatterns = [
    path("", include(gabinete_patterns)),
    path("cuenta/", include(account_patterns)),
    path("cuenta/", include("gabinete.accounts.urls")),
    path("despacho/", include("gabinete.office.urls")),
    path("proteccion-de-datos/", include("gabinete.dataprotection.urls")),
    path("datos-personales/derechos/", include("gabinete.dataprotection.public_urls")),
    path("agenda/", include("protocol.urls")),
    path("comunicaciones/", include("communications.urls")),
    path("noticias/", include("communications.public_urls")),
    path("archivo/", include("archive.urls")),
    path("indicadores/", include("indicators.urls")),
    path("transparencia/", include("transparency.urls")),
    path("transparencia-activa/", include("transparency.public_urls")),
    path("lobby/", include("protocol.public_urls")),
    # Open data: a read-only JSON API, public, versioned (transparency/api.py).
    path("api/v1/", include("transparency.api_urls", namespace="api")),
    path("admin/", admin.site.urls),
]

handler404 = "gabinete.views.page_not_found"
handler403 = "gabinete.views.permission_denied"
