import os

from django.core.wsgi import get_wsgi_application

from morpheus.database_login import refuse_a_login_that_bypasses_row_level_security

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "morpheus.settings")
application = get_wsgi_application()
refuse_a_login_that_bypasses_row_level_security()
