from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("dispatch", "0001_initial")]

    operations = [
        migrations.RenameField("delivery", "message_id", "idempotency_key"),
    ]
