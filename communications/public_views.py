from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render


@login_not_required
def news_list(request):
    """The public news page (no login)."""
    return render(request, "communications/public/news_list.html")
