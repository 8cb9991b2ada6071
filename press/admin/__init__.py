"""The press admin. Django's autodiscover imports this package: importing its modules registers their ModelAdmins."""

from press.admin import releases

__all__ = ["releases"]
