from django.utils.functional import SimpleLazyObject

from commission.models import Commission


def _current_commission():
    return Commission.objects.prefetch_related("media_contacts").order_by("pk").first()


def site(request):
    """The commission the site speaks for, for every page's header and footer.

    Lazy, so a response that never shows it never queries it.
    """
    return {"site_commission": SimpleLazyObject(_current_commission)}
