"""The public help centre, mounted at /help/: /help/<language>/<slug>/ for the default
help centre, /help/<brand>/<language>/<slug>/ for a brand's."""

from django.urls import path, register_converter

from hamdel.knowledge import public
from hamdel.knowledge.models import LANGUAGES


class LanguageConverter:
    regex = "|".join(LANGUAGES)

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(LanguageConverter, "language")

urlpatterns = [
    path("", public.entry, name="help"),
    path("sitemap.xml", public.sitemap, name="help-sitemap"),
    path("images/<str:token>.<str:extension>", public.image, name="help-image"),
    path("<language:language>/", public.home, name="help-home"),
    path("<language:language>/<str:slug>/", public.article, name="help-article"),
    path("<language:language>/<str:slug>/vote", public.vote, name="help-vote"),
    path("<slug:brand>/", public.entry, name="help-brand"),
    path("<slug:brand>/<language:language>/", public.home, name="help-brand-home"),
    path("<slug:brand>/<language:language>/<str:slug>/", public.article, name="help-brand-article"),
    path("<slug:brand>/<language:language>/<str:slug>/vote", public.vote, name="help-brand-vote"),
]
