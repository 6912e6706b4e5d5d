from django.conf import settings

from .permissions import primary_membership


def organisation(request):
    user = getattr(request, "user", None)
    return {
        "municipality_name": settings.MUNICIPALITY_NAME,
        "office_name": settings.OFFICE_NAME,
        "current_membership": primary_membership(user) if user is not None else None,
    }
