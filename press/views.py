from django.shortcuts import get_object_or_404, render

from press.models import PressRelease


def release_detail(request, slug):
    release = get_object_or_404(PressRelease.objects.published(), slug=slug)
    return render(request, "press/release_detail.html", {"release": release})
