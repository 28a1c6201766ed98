from django.shortcuts import render

from clinic.accounts.access import owner_required


@owner_required
def home(request):
    return render(request, "portal/home.html", {})
