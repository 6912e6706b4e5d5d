from django.shortcuts import render


def index(request):
    """Landing page of the app."""
    return render(request, "communications/index.html")
