"""The public contact form (/contact/, /contact/<slug>/) and the administrators' pages
(/webforms/). Thin: spam checks in throttle.py and tokens.py, the write in inbound.py."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from hamdel.lib.localise import digits
from hamdel.people.permissions import agent_required, me, require_admin
from hamdel.security.middleware import HEADER, POLICY
from hamdel.tickets.actions import NewAttachment
from hamdel.webform import actions, inbound, queries, throttle, tokens
from hamdel.webform.forms import HONEYPOT, ContactForm, SettingsForm
from hamdel.webform.models import LANGUAGE_CODES, ContactKind, WebForm
from hamdel.webform.promise import when_we_answer


@require_http_methods(["GET", "POST"])
def contact(request: HttpRequest, slug: str = "") -> HttpResponse:
    form = queries.public_form(slug) if slug else queries.default_form()
    language = language_of(request)
    with translation.override(language):
        if request.method == "POST":
            response = _submitted(request, form, language)
        else:
            response = _form_page(request, form, ContactForm(), language)
    return _embeddable(request, form, response, language)


def language_of(request: HttpRequest) -> str:
    """?lang= (kept through the POST), else the browser's Accept-Language."""
    asked = request.GET.get("lang") or request.POST.get("lang") or ""
    if asked in LANGUAGE_CODES:
        return asked
    return translation.get_language_from_request(request)


def _submitted(request: HttpRequest, form: WebForm, language: str) -> HttpResponse:
    address = throttle.address_of(request)
    if throttle.is_throttled(form, address):
        problem = _("You have sent several messages in a short time. Please try again later.")
        kept = {name: request.POST.get(name, "") for name in ("name", "contact", "message")}
        return _form_page(request, form, ContactForm(initial=kept), language, problem, status=429)
    throttle.record_attempt(form, address)
    bound = ContactForm(request.POST, request.FILES)
    token = tokens.read(request.POST.get("token", ""), form)
    problem = ""
    if request.POST.get(HONEYPOT):
        problem = _("Not sent: a field meant to stay empty was filled in.")
    elif token is None:
        problem = _("This page was open too long. Please send your message again.")
    elif token.age() < form.min_seconds:
        problem = _("That was very quick. Please check your message and send it again.")
    if problem or token is None or not bound.is_valid():
        return _form_page(request, form, bound, language, problem, status=400)
    try:
        accepted = inbound.submit(form, _entry_of(bound, language), token.nonce)
    except ValidationError as error:
        bound.add_error(None, error.messages)
        return _form_page(request, form, bound, language, status=400)
    context = {
        "form": form,
        "language": language,
        "number": digits(accepted.conversation.number, language),
        "when": when_we_answer(accepted.due, language),
        "contact": accepted.submission.contact,
        "by_email": accepted.submission.contact_kind == ContactKind.EMAIL,
    }
    return render(request, "webform/thanks.html", context)


def _entry_of(bound: ContactForm, language: str) -> inbound.Entry:
    data = bound.cleaned_data
    kind, contact = data["contact"]
    upload = data.get("attachment")
    return inbound.Entry(
        name=data["name"].strip(),
        contact_kind=kind,
        contact=contact,
        message=data["message"],
        language=language,
        attachment=NewAttachment.from_upload(upload) if upload else None,
    )


def _form_page(
    request: HttpRequest,
    form: WebForm,
    contact_form: ContactForm,
    language: str,
    problem: str = "",
    status: int = 200,
) -> HttpResponse:
    context = {
        "form": form,
        "contact_form": contact_form,
        "token": tokens.issue(form),
        "language": language,
        "languages": settings.LANGUAGES,
        "title": form.text(language, "title") or _("Write to us"),
        "intro": form.text(language, "intro")
        or _("We answer every message. Tell us how to reach you: an email or a phone number."),
        "problem": problem,
        "max_mb": digits(settings.MAX_ATTACHMENT_MB, language),
    }
    return render(request, "webform/form.html", context, status=status)


def _embeddable(
    request: HttpRequest, form: WebForm, response: HttpResponse, language: str
) -> HttpResponse:
    """Only the sites the administrator listed may frame the form (CSP frame-ancestors;
    X-Frame-Options stays DENY when none is listed)."""
    origins = form.allowed_origins
    ancestors = " ".join(["'self'", *origins]) if origins else "'none'"
    response.headers[HEADER] = POLICY.replace(
        "frame-ancestors 'none'", f"frame-ancestors {ancestors}"
    )
    response.headers["Content-Language"] = language
    patch_vary_headers(response, ["Accept-Language", "Cookie"])
    if origins:
        response.xframe_options_exempt = True
        if request.is_secure():
            _cross_site_csrf_cookie(request, response)
    return response


def _cross_site_csrf_cookie(request: HttpRequest, response: HttpResponse) -> None:
    """A form framed by another site gets its CSRF cookie only if it is SameSite=None
    (which needs HTTPS): set it so here, and tell CsrfViewMiddleware it is set."""
    get_token(request)
    response.set_cookie(
        settings.CSRF_COOKIE_NAME,
        request.META["CSRF_COOKIE"],
        max_age=settings.CSRF_COOKIE_AGE,
        domain=settings.CSRF_COOKIE_DOMAIN,
        path=settings.CSRF_COOKIE_PATH,
        secure=True,
        httponly=settings.CSRF_COOKIE_HTTPONLY,
        samesite="None",
    )
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = False


# --- administrators ------------------------------------------------------------------------


@agent_required
def settings_list(request: HttpRequest) -> HttpResponse:
    require_admin(request)
    queries.default_form()
    rows = [
        (form, request.build_absolute_uri(_public_path(form)))
        for form in queries.forms_for_settings()
    ]
    return render(request, "webform/settings_list.html", {"rows": rows})


@agent_required
def settings_edit(request: HttpRequest, slug: str = "") -> HttpResponse:
    require_admin(request)
    found = queries.form_for_settings(slug) if slug else None
    initial = SettingsForm.initial_of(found) if found else {"min_seconds": 2, "max_per_ip": 10}
    if found is None:
        initial["is_active"] = True
    editing = SettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and editing.is_valid():
        data = editing.cleaned_data
        fields = {name: data[name] for name in actions.SETTINGS_FIELDS if name in data}
        fields["texts"] = editing.texts()
        try:
            saved = actions.save_form(found or WebForm(), fields, me(request))
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                editing.add_error(field if field in editing.fields else None, problems)
        else:
            messages.success(request, _("Saved."))
            return redirect("webform-edit", saved.slug)
    url = request.build_absolute_uri(_public_path(found)) if found else ""
    context = {"found": found, "editing": editing, "url": url}
    return render(request, "webform/settings_edit.html", context)


def _public_path(form: WebForm) -> str:
    return "/contact/" if form.is_default else f"/contact/{form.slug}/"
