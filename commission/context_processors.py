from django.utils.functional import SimpleLazyObject

from commission.models import Commission


def site(request):
    """The commission the site speaks for, for every page's header and footer.

    Lazy, so a response that never shows it never queries it; a view that
    fetched the commission already passes its own ``site_commission``.
    """
    return {"site_commission": SimpleLazyObject(Commission.objects.current)}
