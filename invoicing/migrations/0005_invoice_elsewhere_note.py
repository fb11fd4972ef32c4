"""An invoice to a buyer who declared "Elsewhere" says why it charges no VAT, as a
reverse-charge invoice does: `invoicing_issue_invoice` as in 0004, with that note passed in
(`p_elsewhere_note`, for a buyer whose declared country is `p_elsewhere`). Invoices issued
before keep what they say. The two parameters have defaults: a web process still running the
previous release between `migrate` and its restart calls with 0004's five arguments, and
issues its invoices through this function (without the note) instead of failing to."""

from django.db import migrations

ISSUE_INVOICE_SQL = """
CREATE FUNCTION public.invoicing_issue_invoice(
  p_order_id bigint, p_series text, p_issued_at timestamptz, p_seller jsonb,
  p_reverse_charge_note text, p_elsewhere text DEFAULT 'ZZ', p_elsewhere_note text DEFAULT '',
  OUT invoice_id bigint, OUT issued boolean
)
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  v_order record;
  v_year integer := extract(year FROM p_issued_at AT TIME ZONE 'UTC');
  v_lines jsonb;
  v_sequence integer;
  v_reference text;
BEGIN
  SELECT i.id INTO invoice_id FROM public.invoicing_invoice i
  WHERE i.order_id = p_order_id AND i.kind = 'invoice';
  issued := NOT FOUND;
  IF NOT issued THEN
    RETURN;
  END IF;

  SELECT o.email, o.currency, o.customer_id,
         btrim(u.first_name || ' ' || u.last_name) AS name,
         coalesce(e.vat_number, '') AS vat_number,
         coalesce(e.reverse_charge, false) AS reverse_charge,
         coalesce(e.declared_country, '') AS declared_country
  INTO STRICT v_order
  FROM public.orders_order o JOIN public.auth_user u ON u.id = o.customer_id
  LEFT JOIN public.tax_ordertaxevidence e ON e.order_id = o.id
  WHERE o.id = p_order_id;

  SELECT p.stripe_payment_intent_id INTO v_reference FROM public.payments_payment p
  WHERE p.order_id = p_order_id AND p.stripe_payment_intent_id IS NOT NULL
  ORDER BY p.attempt DESC LIMIT 1;

  SELECT coalesce(jsonb_agg(jsonb_build_object(
           'title', item.title,
           'gross', coalesce(t.gross, item.unit_amount - item.discount_amount),
           'net', coalesce(t.net, item.unit_amount - item.discount_amount),
           'tax', coalesce(t.tax, 0),
           'rate', coalesce(t.rate::text, '0'),
           'country', coalesce(t.country, '')
         )
         || CASE WHEN t.id IS NOT NULL AND item.discount_amount > 0
                 THEN jsonb_build_object('discount', item.discount_amount) ELSE '{}' END
         || CASE WHEN t.id IS NOT NULL AND v_order.reverse_charge
                 THEN '{"reverse_charge": true}'::jsonb ELSE '{}' END
         ORDER BY item.id), '[]'::jsonb)
  INTO v_lines
  FROM public.orders_orderitem item
  LEFT JOIN public.tax_itemtax t ON t.item_id = item.id AND t.order_id = p_order_id
  WHERE item.order_id = p_order_id;

  INSERT INTO public.invoicing_documentcounter (series, year, last_number)
  VALUES (p_series, v_year, 1)
  ON CONFLICT (series, year)
  DO UPDATE SET last_number = invoicing_documentcounter.last_number + 1
  RETURNING last_number INTO v_sequence;

  INSERT INTO public.invoicing_invoice (
    kind, series, year, sequence, number, order_id, issued_at, currency,
    net_amount, tax_amount, total_amount, lines, seller, buyer, payment_reference, tax_note,
    customer_id
  )
  SELECT 'invoice', p_series, v_year, v_sequence,
         p_series || '-' || v_year || '-' || lpad(v_sequence::text, greatest(6, length(v_sequence::text)), '0'),
         p_order_id, p_issued_at, v_order.currency,
         coalesce(sum((line ->> 'net')::bigint), 0),
         coalesce(sum((line ->> 'tax')::bigint), 0),
         coalesce(sum((line ->> 'gross')::bigint), 0),
         v_lines, p_seller,
         jsonb_build_object(
           'name', v_order.name, 'email', v_order.email, 'vat_id', v_order.vat_number,
           'country', coalesce(
             (SELECT l ->> 'country' FROM jsonb_array_elements(v_lines) WITH ORDINALITY AS e(l, n)
              WHERE l ->> 'country' <> '' ORDER BY n LIMIT 1), '')
         ),
         coalesce(v_reference, ''),
         CASE WHEN v_order.reverse_charge THEN p_reverse_charge_note
              WHEN v_order.declared_country = p_elsewhere THEN p_elsewhere_note
              ELSE '' END,
         v_order.customer_id
  FROM jsonb_array_elements(v_lines) AS line
  RETURNING id INTO invoice_id;
END
$$;
"""

DROP_SQL = "DROP FUNCTION public.invoicing_issue_invoice(bigint, text, timestamptz, jsonb, text{});"

# 0004's function, for the way back.
WITHOUT_ELSEWHERE_NOTE_SQL = (
    ISSUE_INVOICE_SQL.replace(
        """  p_reverse_charge_note text, p_elsewhere text DEFAULT 'ZZ', p_elsewhere_note text DEFAULT '',
  OUT invoice_id bigint""",
        "  p_reverse_charge_note text, OUT invoice_id bigint",
    )
    .replace(
        """,
         coalesce(e.declared_country, '') AS declared_country""",
        "",
    )
    .replace(
        """
              WHEN v_order.declared_country = p_elsewhere THEN p_elsewhere_note
              ELSE '' END,""",
        " ELSE '' END,",
    )
)


class Migration(migrations.Migration):
    dependencies = [("invoicing", "0004_invoice_buyer_full_name_only")]

    operations = [
        migrations.RunSQL(
            [DROP_SQL.format(""), ISSUE_INVOICE_SQL],
            [DROP_SQL.format(", text, text"), WITHOUT_ELSEWHERE_NOTE_SQL],
        )
    ]
