-- expect schema for PostgreSQL, version 4, as ../0004_invoice_counter.sql:
-- the next number of the INV-0001 series kept as a counter in `book`
-- (key `next_invoice`), set here from the invoices there are, raised by
-- every invoice written with an `INV-` number and never lowered. No new
-- table or column.
INSERT INTO book (key, value)
SELECT 'next_invoice', CAST(coalesce(max(CAST(substr(number, 5) AS BIGINT)), 0) + 1 AS TEXT)
  FROM invoices
 WHERE number ~ '^INV-[0-9]{1,18}$';
