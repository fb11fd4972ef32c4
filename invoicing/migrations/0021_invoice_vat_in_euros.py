"""A document in another currency than the euro states its VAT in euros (Article 230 of the
VAT directive; outside probe GU-1: a USD invoice of a shop declaring in euros gave none).

The rate is frozen in the document when it is numbered, by the database: the ECB's reference
rate of its currency last published before its issue time (Article 91(2): the last rate
published when the tax became chargeable), within a week. The ECB publishes a day's rates at
about 16:00 in Frankfurt (outside probe GY-2: a rate typed that morning was taken), on the
days its payment system is open: a Monday morning's document takes the Friday's. None
recorded: both columns stay empty, and the dashboard names the quarter's documents left
without. Once numbered, a document never changes (`invoicing_keep_number`), so neither does
its rate, whatever is recorded later."""

from django.db import migrations, models

FREEZE_EURO_RATE_SQL = """
CREATE FUNCTION public.invoicing_freeze_euro_rate() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  -- The last day whose rates the ECB had published (at 16:00, Frankfurt time) when issued.
  v_published date := ((NEW.issued_at AT TIME ZONE 'Europe/Berlin') - interval '16 hours')::date;
BEGIN
  NEW.euro_rate_day := NULL;
  NEW.units_per_euro := NULL;
  IF NEW.currency <> 'EUR' THEN
    SELECT r.day, r.units_per_euro INTO NEW.euro_rate_day, NEW.units_per_euro
    FROM public.invoicing_eurorate r
    WHERE r.currency = NEW.currency AND r.day <= v_published AND r.day > v_published - 7
    ORDER BY r.day DESC
    LIMIT 1;
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER invoicing_freeze_euro_rate BEFORE UPDATE OF sequence ON public.invoicing_invoice
FOR EACH ROW WHEN (OLD.sequence IS NULL AND NEW.sequence IS NOT NULL)
EXECUTE FUNCTION public.invoicing_freeze_euro_rate();
"""

DROP_SQL = """
DROP TRIGGER invoicing_freeze_euro_rate ON public.invoicing_invoice;
DROP FUNCTION public.invoicing_freeze_euro_rate();
"""


class Migration(migrations.Migration):
    dependencies = [("invoicing", "0020_euro_rates")]

    operations = [
        migrations.AddField(
            model_name="invoice",
            name="euro_rate_day",
            field=models.DateField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="invoice",
            name="units_per_euro",
            field=models.DecimalField(
                blank=True, decimal_places=6, editable=False, max_digits=14, null=True
            ),
        ),
        migrations.AddConstraint(
            model_name="invoice",
            constraint=models.CheckConstraint(
                condition=models.Q(euro_rate_day__isnull=True, units_per_euro__isnull=True)
                | (
                    models.Q(euro_rate_day__isnull=False, units_per_euro__gt=0)
                    & ~models.Q(currency="EUR")
                ),
                name="invoice_euro_rate_whole_and_foreign",
            ),
        ),
        migrations.RunSQL(FREEZE_EURO_RATE_SQL, DROP_SQL),
    ]
