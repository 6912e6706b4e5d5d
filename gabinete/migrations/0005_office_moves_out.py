"""The office's models leave the core app (issue 14 point 1): they become the `office` app's
(`gabinete/office/migrations/0001_initial.py`).

State only: the tables keep their names (`gabinete_matter`, …) and their rows. The historical models go
first, then the models that point to others, so no state ever holds a reference to a removed model.
"""

from django.db import migrations

#: In the order they leave the state (whoever points to a model leaves before it).
MOVED_MODELS = (
    "HistoricalAnnualReport",
    "HistoricalAssignment",
    "HistoricalDispatchMeeting",
    "HistoricalJobDescriptor",
    "HistoricalJobDescriptorVersion",
    "HistoricalManualVersion",
    "HistoricalMatter",
    "HistoricalMatterAttachment",
    "HistoricalProcedureManual",
    "AssignmentNote",
    "MatterNote",
    "MatterAttachment",
    "ManualVersion",
    "JobDescriptorVersion",
    "AnnualReport",
    "Assignment",
    "Matter",
    "ProcedureManual",
    "JobDescriptor",
    "DispatchMeeting",
)


class Migration(migrations.Migration):
    dependencies = [
        ("gabinete", "0004_membership_press_approvers"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name=name) for name in MOVED_MODELS],
            database_operations=[],
        ),
    ]
