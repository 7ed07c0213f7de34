from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET


@require_GET
def prospects(request: HttpRequest) -> HttpResponse:
    return render(request, "crm/prospects.html")


@require_GET
def pools(request: HttpRequest) -> HttpResponse:
    return render(request, "crm/pools.html")
