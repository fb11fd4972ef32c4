import os

from django.core.asgi import get_asgi_application

from morpheus.database_login import refuse_a_login_that_bypasses_row_level_security

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "morpheus.settings")
application = get_asgi_application()
refuse_a_login_that_bypasses_row_level_security()
