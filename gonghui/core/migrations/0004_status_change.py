import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0003_audit_client_request_id"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="StatusChange",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("object_id", models.PositiveBigIntegerField(verbose_name="对象编号")),
                (
                    "organization_path",
                    models.CharField(blank=True, max_length=255, verbose_name="组织路径"),
                ),
                ("workflow", models.CharField(max_length=50, verbose_name="流程")),
                ("step", models.CharField(max_length=50, verbose_name="步骤")),
                ("from_state", models.CharField(max_length=20, verbose_name="原状态")),
                ("to_state", models.CharField(blank=True, max_length=20, verbose_name="新状态")),
                (
                    "actor_name",
                    models.CharField(blank=True, max_length=150, verbose_name="操作人名称"),
                ),
                (
                    "at",
                    models.DateTimeField(default=django.utils.timezone.now, verbose_name="时间"),
                ),
                ("note", models.TextField(blank=True, verbose_name="说明")),
                (
                    "actor",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="操作人",
                    ),
                ),
                (
                    "content_type",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="contenttypes.contenttype",
                        verbose_name="对象类型",
                    ),
                ),
            ],
            options={
                "verbose_name": "状态记录",
                "verbose_name_plural": "状态记录",
                "ordering": ["at", "id"],
                "indexes": [
                    models.Index(
                        fields=["content_type", "object_id", "at"],
                        name="status_change_object_idx",
                    )
                ],
            },
        ),
    ]
