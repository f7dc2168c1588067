"""The public survey page (/feedback/<token>/, no login) and the agents' pages: results,
NPS campaigns with their progress, the survey settings. Thin: writes in actions.py."""

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from hamdel.feedback import actions, queries
from hamdel.feedback.forms import AnswerForm, CampaignForm, SettingsForm
from hamdel.feedback.models import Kind, Survey, SurveySettings
from hamdel.lib.web import attempt, back
from hamdel.people.permissions import agent_required, me, my_agent, require_admin
from hamdel.people.permissions import require_supervisor as supervisor_only

DASHBOARD_DAYS = (7, 30, 90, 365)
CAMPAIGNS_LISTED = 50


# ----- the customer's page ----------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def survey(request: HttpRequest, token: str) -> HttpResponse:
    found = actions.survey_for_token(token)
    language = _language_of(request, found)
    with translation.override(language):
        if found is None:
            return render(request, "feedback/invalid.html", {"language": language}, status=404)
        form = AnswerForm(request.POST or None, survey=found)
        if request.method == "POST" and form.is_valid():
            answered = actions.answer_survey(
                found, form.cleaned_data["score"], form.cleaned_data["comment"]
            )
            return render(request, "feedback/thanks.html", _context(answered, language, form))
        status = 400 if request.method == "POST" else 200
        return render(
            request, "feedback/survey.html", _context(found, language, form), status=status
        )


def _language_of(request: HttpRequest, survey: Survey | None) -> str:
    """?lang= (one of the four), else the survey's language, else the browser's."""
    asked = request.GET.get("lang", "")
    if asked in actions.LANGUAGES:
        return asked
    if survey is not None:
        return survey.language
    return translation.get_language_from_request(request)


def _context(survey: Survey, language: str, form: AnswerForm) -> dict[str, object]:
    low, high = survey.scale
    return {
        "survey": survey,
        "form": form,
        "language": language,
        "languages": settings.LANGUAGES,
        "scores": list(range(low, high + 1)),
        "is_nps": survey.kind == Kind.NPS,
    }


# ----- agents' pages ----------------------------------------------------------------------


@agent_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """CSAT for the chosen days: everyone, per team, per agent; low scores; NPS."""
    days = int(request.GET.get("days", "30")) if request.GET.get("days", "").isdigit() else 30
    days = days if days in DASHBOARD_DAYS else 30
    until = timezone.now()
    since = until - timedelta(days=days)
    surveys = queries.visible_surveys(me(request))
    if not my_agent(request).sees_everything:
        surveys = surveys.filter(agent=me(request))  # an agent's own results
    overall, teams, agents = queries.csat_results(surveys, since, until)
    context = {
        "days": days,
        "choices": DASHBOARD_DAYS,
        "overall": overall,
        "teams": teams,
        "agents": agents,
        "low": queries.low_scores(surveys, since),
        "nps": queries.net_promoter(surveys.filter(sent_at__gte=since)),
        "rules": SurveySettings.load(),
    }
    return render(request, "feedback/dashboard.html", context)


@agent_required
@require_http_methods(["GET", "POST"])
def campaigns(request: HttpRequest) -> HttpResponse:
    supervisor_only(request)
    form = CampaignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        created = attempt(
            request,
            actions.create_campaign,
            form.cleaned_data["name"],
            form.segment(),
            form.cleaned_data["scheduled_at"],
            me(request),
        )
        if created:
            messages.success(request, _("Campaign saved."))
            return redirect("feedback-campaign", pk=created.pk)
    listed = list(queries.campaigns()[:CAMPAIGNS_LISTED])
    return render(request, "feedback/campaigns.html", {"form": form, "campaigns": listed})


@agent_required
def campaign(request: HttpRequest, pk: int) -> HttpResponse:
    supervisor_only(request)
    found = queries.campaign_for(pk)
    nps = queries.net_promoter(found.surveys.all())
    return render(request, "feedback/campaign.html", {"campaign": found, "nps": nps})


@agent_required
def campaign_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress bar alone: the campaign page polls it while the campaign sends."""
    supervisor_only(request)
    found = queries.campaign_for(pk)
    return render(request, "feedback/_progress.html", {"campaign": found})


@agent_required
@require_POST
def cancel_campaign(request: HttpRequest, pk: int) -> HttpResponse:
    supervisor_only(request)
    found = queries.campaign_for(pk)
    if attempt(request, actions.cancel_campaign, found, me(request)):
        messages.success(request, _("Campaign cancelled."))
    return back(request, reverse("feedback-campaigns"))


@agent_required
@require_http_methods(["GET", "POST"])
def survey_settings(request: HttpRequest) -> HttpResponse:
    require_admin(request)
    rules = SurveySettings.load()
    form = SettingsForm(request.POST or None, instance=rules)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in actions.SETTINGS_FIELDS}
        if attempt(request, actions.update_settings, me(request), **fields):
            messages.success(request, _("Survey settings saved."))
            return redirect("feedback-settings")
    return render(request, "feedback/settings.html", {"form": form})
