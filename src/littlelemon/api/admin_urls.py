"""The admin site's routes, imported when a path first reaches `/admin/` (or `reverse()`).

Importing them runs the admin's autodiscovery (every app's `admin.py`: model admins, the
admin's forms, simplejwt's token admin) then, instead of at every cold start
(littlelemon.api.core.adminapp.AdminConfig).
"""

from __future__ import annotations

from django.contrib import admin

admin.autodiscover()

urlpatterns = admin.site.get_urls()
