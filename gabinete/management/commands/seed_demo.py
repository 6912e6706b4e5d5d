from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils import timezone

from gabinete import demo
from gabinete.management.base import DevelopmentOnlyCommand
from gabinete.models import Directorate, Membership


class Command(DevelopmentOnlyCommand):
    help = "Crea datos de demostración (idempotente). Solo para desarrollo: las claves son públicas."

    def handle(self, *args, **options):
        User = get_user_model()
        ctx = demo.DemoContext(today=timezone.localdate(), stdout=self.stdout)
        created = []
        with transaction.atomic():
            for username, (first, last, slug, role, team, position) in demo.DEMO_USERS.items():
                user, was_created = User.objects.get_or_create(
                    username=username,
                    defaults={"first_name": first, "last_name": last, "email": f"{username}@demo.invalid"},
                )
                if was_created:
                    user.set_password(demo.DEMO_PASSWORD)
                    user.save(update_fields=["password"])
                    created.append(username)
                Membership.objects.get_or_create(
                    user=user,
                    directorate=Directorate.objects.get(slug=slug),
                    role=role,
                    defaults={"team": team, "position": position},
                )
                ctx.users[username] = user
            admin, was_created = User.objects.get_or_create(
                username="admin",
                defaults={"first_name": "Admin", "last_name": "Sistema", "is_staff": True, "is_superuser": True},
            )
            if was_created:
                admin.set_password(demo.DEMO_PASSWORD)
                admin.save(update_fields=["password"])
                created.append("admin")
            ctx.users["admin"] = admin
        for seed in demo.seeders():
            with transaction.atomic():
                seed(ctx)
        if connection.vendor == "postgresql":
            # Fresh statistics for the planner: the tables just grew from (nearly) empty, and until
            # autovacuum analyzes them PostgreSQL may plan Mi escritorio's aggregates for empty tables
            # (a login on CI once waited minutes for the late-indicators count).
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        if created:
            self.stdout.write(
                self.style.WARNING(
                    f"Usuarios de demostración creados ({', '.join(created)}); clave de todos: "
                    f"{demo.DEMO_PASSWORD}  (solo para demostración, nunca en producción)."
                )
            )
        self.stdout.write(self.style.SUCCESS("Datos de demostración listos."))
