from typing import Any

from django.db import migrations


def add(apps: Any, schema_editor: Any) -> None:
    from hamdel.knowledge.defaults import GOOD_CONDUCT

    Macro = apps.get_model("knowledge", "Macro")
    MacroText = apps.get_model("knowledge", "MacroText")
    HelpCentre = apps.get_model("knowledge", "HelpCentre")
    HelpCentre.objects.get_or_create(
        slug="default", defaults={"name": "Help centre", "is_default": True}
    )
    for entry in GOOD_CONDUCT:
        macro = Macro.objects.create(
            name=entry["name"],
            set_status=entry.get("set_status", ""),
            promise_kind=entry.get("promise_kind", ""),
            promise_minutes=entry.get("promise_minutes", 0),
            good_conduct=True,
        )
        for language, body in entry["texts"].items():
            MacroText.objects.create(macro=macro, language=language, body=body)


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0001_initial")]
    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
