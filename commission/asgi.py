from django.core.asgi import get_asgi_application

from commission.web.startup import application_or_exit

application = application_or_exit(get_asgi_application)
