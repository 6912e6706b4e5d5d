"""`manage.py privacy_retention [--dry-run]`: the retention job by hand (the periodic job runs it daily).

With --dry-run it only says what would go, processing by processing; without it, it anonymises or
deletes what passed its term and writes each rule applied to the activity log."""

from django.core.management.base import BaseCommand

from gabinete.dataprotection import selectors, services


class Command(BaseCommand):
    help = "Aplica los plazos de conservación de datos personales (Ley 21.719); --dry-run solo muestra qué se haría."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="No cambia nada: muestra qué se haría.")

    def handle(self, *args, dry_run: bool = False, **options):
        plan = selectors.retention_plan() if dry_run else services.retention_apply(by=None)
        verb = "se anonimizarían o eliminarían" if dry_run else "se anonimizaron o eliminaron"
        for row in plan.rows:
            if row.acts and row.rule is not None:
                action = row.rule.get_action_display()
                self.stdout.write(f"{row.label}: {row.count} · {action} (anteriores al {row.cutoff:%d-%m-%Y})")
            else:
                self.stdout.write(f"{row.label}: {row.reason or 'nada vencido'}")
        self.stdout.write(self.style.SUCCESS(f"Total: {plan.total} registros {verb}."))
