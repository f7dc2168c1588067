from django.contrib import admin

from hamdel.webform.models import Submission, WebForm


@admin.register(WebForm)
class WebFormAdmin(admin.ModelAdmin[WebForm]):
    list_display = ["slug", "is_default", "team", "is_active"]


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin[Submission]):
    list_display = ["conversation", "form", "contact_kind", "language", "created_at"]
    raw_id_fields = ["conversation", "acknowledgement"]
