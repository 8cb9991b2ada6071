"""The commission the site speaks for, as every page's header and footer show it."""

from commission.models import Commission
from commission.web.cache import per_content_version


def current_commission(request=None) -> Commission | None:
    """The site's commission with its media contacts, read once per content version.

    An edit bumps the version, so it is never stale. Given the request, it is read once for that
    request, however many parts of the page ask.
    """
    if request is not None and hasattr(request, "_site_commission"):
        return request._site_commission
    commission = per_content_version("commission", Commission.objects.current)
    if request is not None:
        request._site_commission = commission
    return commission
