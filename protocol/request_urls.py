"""Staff addresses of the audience requests, included in protocol/urls.py (namespace `protocol`)."""

from django.urls import path

from . import request_views as views

urlpatterns = [
    path("", views.audience_request_list, name="audience-request-list"),
    path("nueva/", views.audience_request_create, name="audience-request-create"),
    path("<int:pk>/", views.audience_request_detail, name="audience-request-detail"),
    path("<int:pk>/conceder/", views.audience_request_grant, name="audience-request-grant"),
    path("<int:pk>/denegar/", views.audience_request_deny, name="audience-request-deny"),
    path("<int:pk>/registrar-audiencia/", views.audience_request_record, name="audience-request-record"),
]
