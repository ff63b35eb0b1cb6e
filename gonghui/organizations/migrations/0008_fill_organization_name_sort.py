"""Fill ``Organization.name_sort`` (the pinyin sort key of the name, ``core.collation``) for
the nodes written before the services kept it."""

from typing import Any

from django.db import migrations

from gonghui.core.collation import pinyin_key

BATCH = 500


def fill(apps: Any, schema_editor: Any) -> None:
    Organization = apps.get_model("organizations", "Organization")
    nodes = list(Organization.objects.only("pk", "name"))
    for node in nodes:
        node.name_sort = pinyin_key(node.name)
    Organization.objects.bulk_update(nodes, ["name_sort"], batch_size=BATCH)


def clear(apps: Any, schema_editor: Any) -> None:
    apps.get_model("organizations", "Organization").objects.update(name_sort="")


class Migration(migrations.Migration):
    dependencies = [("organizations", "0007_organization_name_sort")]

    operations = [migrations.RunPython(fill, clear)]
