"""Articles (one per topic, a translation per language, every saved version kept), help
centres (one per brand), reader feedback, images, and canned replies (macros)."""

from django.conf import settings
from django.contrib.auth.models import User
from django.db import models
from django.utils.translation import gettext_lazy as _

from hamdel.people.models import Team

LANGUAGES = [code for code, _name in settings.LANGUAGES]


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public: in the help centre")
    INTERNAL = "internal", _("Internal: staff only")


class HelpCentre(models.Model):
    """A brand's help centre: the default one at /help/, others at /help/<slug>/."""

    slug = models.SlugField(_("address"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=200)
    team = models.ForeignKey(
        Team, verbose_name=_("team"), null=True, blank=True, on_delete=models.SET_NULL
    )
    is_default = models.BooleanField(_("default"), default=False)

    class Meta:
        verbose_name = _("help centre")
        verbose_name_plural = _("help centres")
        ordering = ["-is_default", "slug"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"],
                condition=models.Q(is_default=True),
                name="one_default_help_centre",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Article(models.Model):
    """One topic; what readers see is one of its translations."""

    visibility = models.CharField(
        _("visibility"), max_length=16, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    # The help centres that show it; none means every one.
    help_centres = models.ManyToManyField(
        HelpCentre, verbose_name=_("help centres"), blank=True, related_name="articles"
    )
    created_by = models.ForeignKey(
        User, verbose_name=_("author"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")

    def __str__(self) -> str:
        return f"article {self.pk}"


class Translation(models.Model):
    """An article in one language: the current text; `Version` keeps every saved one."""

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="translations"
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    title = models.CharField(_("title"), max_length=200)
    # Clean URLs: /help/<language>/<slug>/; unique within a language.
    slug = models.SlugField(_("address"), max_length=120, allow_unicode=True)
    body = models.TextField(_("text (Markdown)"))
    body_html = models.TextField(_("text as HTML"), editable=False)  # sanitised on save
    version = models.PositiveIntegerField(_("version"), default=1)
    updated_by = models.ForeignKey(
        User, verbose_name=_("changed by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("changed"), auto_now=True)
    helpful = models.PositiveIntegerField(_("helpful"), default=0)
    not_helpful = models.PositiveIntegerField(_("not helpful"), default=0)

    class Meta:
        verbose_name = _("translation")
        verbose_name_plural = _("translations")
        constraints = [
            models.UniqueConstraint(fields=["article", "language"], name="one_translation_each"),
            models.UniqueConstraint(fields=["language", "slug"], name="translation_slug_unique"),
        ]

    def __str__(self) -> str:
        return self.title


class Version(models.Model):
    """A saved state of a translation: the history of who changed what."""

    translation = models.ForeignKey(
        Translation,
        verbose_name=_("translation"),
        on_delete=models.CASCADE,
        related_name="versions",
    )
    number = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text (Markdown)"))
    edited_by = models.ForeignKey(
        User, verbose_name=_("changed by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    edited_at = models.DateTimeField(_("changed"), auto_now_add=True)

    class Meta:
        verbose_name = _("version")
        verbose_name_plural = _("versions")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["translation", "number"], name="version_once")
        ]

    def __str__(self) -> str:
        return f"{self.title} v{self.number}"


class Vote(models.Model):
    """A reader's "did this help?"; one per reader per translation (a signed cookie)."""

    translation = models.ForeignKey(
        Translation, verbose_name=_("translation"), on_delete=models.CASCADE, related_name="votes"
    )
    reader = models.CharField(_("reader"), max_length=64)
    helpful = models.BooleanField(_("helpful"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [
            models.UniqueConstraint(fields=["translation", "reader"], name="one_vote_per_reader")
        ]

    def __str__(self) -> str:
        return "yes" if self.helpful else "no"


def image_path(image: "Image", filename: str) -> str:
    return f"knowledge/{image.token}.{image.extension}"


class Image(models.Model):
    """A picture an article shows; stored under a random name, served at /help/images/."""

    token = models.CharField(_("name"), max_length=32, unique=True)
    extension = models.CharField(_("type"), max_length=8)
    file = models.FileField(_("file"), upload_to=image_path)
    uploaded_by = models.ForeignKey(
        User, verbose_name=_("uploaded by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("image")
        verbose_name_plural = _("images")

    def __str__(self) -> str:
        return f"{self.token}.{self.extension}"


class Macro(models.Model):
    """A canned reply: text per language with placeholders, and what it also does."""

    name = models.CharField(_("name"), max_length=120)
    # Empty: leave the status; else the status the conversation gets.
    set_status = models.CharField(_("set status"), max_length=16, blank=True)
    add_tags = models.JSONField(_("add tags"), default=list, blank=True)
    # A promise the macro makes (a kind of hamdel.promises), due this many minutes later.
    promise_kind = models.CharField(_("promise"), max_length=16, blank=True)
    promise_minutes = models.PositiveIntegerField(_("promise due in (minutes)"), default=0)
    # The phrases of good conduct new staff are trained on are marked, for the training view.
    good_conduct = models.BooleanField(_("phrase of good conduct"), default=False)
    created_by = models.ForeignKey(
        User, verbose_name=_("author"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("canned reply")
        verbose_name_plural = _("canned replies")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class MacroText(models.Model):
    macro = models.ForeignKey(
        Macro, verbose_name=_("canned reply"), on_delete=models.CASCADE, related_name="texts"
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    body = models.TextField(_("text"))

    class Meta:
        verbose_name = _("canned reply text")
        verbose_name_plural = _("canned reply texts")
        constraints = [
            models.UniqueConstraint(fields=["macro", "language"], name="one_macro_text_each")
        ]

    def __str__(self) -> str:
        return f"{self.macro_id} {self.language}"
