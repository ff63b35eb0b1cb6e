from datetime import date
from decimal import Decimal

from django.db import migrations


def install(apps, schema_editor):
    Policy = apps.get_model("bargaining", "Policy")
    if not Policy.objects.exists():
        Policy.objects.create(
            effective_from=date(2012, 4, 13),
            manager_cap=Decimal("20.00"),
            assembly_below=100,
            renewal_lead_days=90,
            basis="企业民主管理规定（总工发〔2012〕12号）",
        )


class Migration(migrations.Migration):
    dependencies = [("bargaining", "0001_initial")]
    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
