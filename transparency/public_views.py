from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render


@login_not_required
def public_index(request):
    """Transparencia Activa — the public page (no login)."""
    return render(request, "transparency/public/index.html")
