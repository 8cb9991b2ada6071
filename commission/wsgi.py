from django.core.wsgi import get_wsgi_application

from commission.web.startup import application_or_exit

application = application_or_exit(get_wsgi_application)
