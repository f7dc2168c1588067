"""The organisation's default form at /contact/, there from the first start."""

from typing import Any

from django.db import migrations


def create_default_form(apps: Any, schema_editor: Any) -> None:
    WebForm = apps.get_model("webform", "WebForm")
    if not WebForm.objects.filter(is_default=True).exists():
        WebForm.objects.create(slug="default", is_default=True)


class Migration(migrations.Migration):
    dependencies = [("webform", "0001_initial")]

    operations = [migrations.RunPython(create_default_form, migrations.RunPython.noop)]
