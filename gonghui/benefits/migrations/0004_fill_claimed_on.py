"""Vouchers claimed before ``claimed_on`` existed get the local day of their claim (0003
added the column with a placeholder day). Data only; reversible (the day stays)."""

from typing import Any

from django.db import migrations
from django.utils import timezone


def fill(apps: Any, schema_editor: Any) -> None:
    Voucher = apps.get_model("benefits", "Voucher")
    for voucher in Voucher.objects.only("pk", "claimed_at").iterator(chunk_size=2000):
        day = timezone.localdate(voucher.claimed_at)
        Voucher.objects.filter(pk=voucher.pk).update(claimed_on=day)


class Migration(migrations.Migration):
    dependencies = [("benefits", "0003_voucher_indexes")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
