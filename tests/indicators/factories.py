from datetime import date, timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from gabinete.models import Directorate
from indicators.models import Indicator, IndicatorYear, Measurement, Period


def open_month() -> tuple[int, int]:
    """The month whose reporting period is open today (the previous month)."""
    last = timezone.localdate().replace(day=1) - timedelta(days=1)
    return last.year, last.month


def period(year: int, number: int, periodicity: str = "monthly") -> Period:
    Period.objects.ensure_year(year)
    return Period.objects.get(year=year, periodicity=periodicity, number=number)


def open_period() -> Period:
    year, month = open_month()
    return period(year, month)


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    directorate = factory.LazyFunction(lambda: Directorate.objects.get(slug="aseo"))
    code = factory.Sequence(lambda n: f"T-{n:03d}")
    name = factory.Sequence(lambda n: f"Reclamos resueltos en plazo {n}")


class IndicatorYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IndicatorYear
        skip_postgeneration_save = True

    indicator = factory.SubFactory(IndicatorFactory)
    year = factory.LazyFunction(lambda: open_month()[0])
    definition = "Porcentaje de reclamos resueltos dentro de cinco días hábiles."
    unit = "percent"
    periodicity = "monthly"
    target = Decimal(90)
    tolerance = Decimal(5)
    direction = "higher"

    @factory.post_generation
    def periods(obj, create, extracted, **kwargs):
        if create:
            Period.objects.ensure_year(obj.year)


def measurement(indicator_year, period_, *, value="85", status="draft", by, **fields) -> Measurement:
    m = Measurement(
        indicator_year=indicator_year, period=period_, value=Decimal(value), status=status, entered_by=by, **fields
    )
    m.refresh_judgement()
    m.save()
    return m


def year_start(year: int) -> date:
    return date(year, 1, 1)
