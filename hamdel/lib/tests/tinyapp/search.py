from hamdel.lib.tests.tinyapp.models import Wave


def wave_texts(ids: list[int]) -> dict[int, str]:
    """The stored text of these waves, for search snippets."""
    return dict(Wave.objects.filter(pk__in=ids).values_list("pk", "text"))
