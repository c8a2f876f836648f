"""Pages of the catalogue of communs and of the experience reports."""

from django.shortcuts import get_object_or_404, render

from territoires.commons.models import Commun, ExperienceReport


def catalogue(request):
    return render(request, "commons/catalogue.html", {"communs": Commun.objects.listed()})


def commun_detail(request, slug):
    commun = get_object_or_404(Commun.objects.listed(), slug=slug)
    return render(request, "commons/commun.html", {"commun": commun})


def report_detail(request, slug):
    report = get_object_or_404(ExperienceReport.objects.listed(), slug=slug)
    return render(request, "commons/report.html", {"report": report})
