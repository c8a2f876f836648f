from django.urls import include, path

from territoires.api.urls import api

urlpatterns = [
    path("", include("territoires.core.urls")),
    path("territoires/", include("territoires.geo.urls")),
    path("observatoire/", include("territoires.observatory.urls")),
    path("observatoire/", include("territoires.observatory.public.urls")),
    path("", include("territoires.accounts.urls")),
    path("api/v1/", api.urls),
]

handler403 = "territoires.core.views.permission_denied"
handler404 = "territoires.core.views.page_not_found"
handler500 = "territoires.core.views.server_error"
