-- expect schema, version 4: the next number of the INV-0001 series kept as
-- a counter.
--
-- `add-invoice` without --number took one more than the highest `INV-`
-- number, found by reading every invoice number (slow on a large book, and
-- on a server every new invoice then conflicted with every other write of
-- the invoices). The book now keeps it in `book` under `next_invoice`: set
-- here from the invoices there are, raised by every invoice written with an
-- `INV-` number (given or taken) and never lowered, so a number is never
-- used twice. No new table or column.
INSERT INTO book (key, value)
SELECT 'next_invoice', CAST(coalesce(max(CAST(substr(number, 5) AS INTEGER)), 0) + 1 AS TEXT)
  FROM invoices
 WHERE substr(number, 1, 4) = 'INV-'
   AND length(number) BETWEEN 5 AND 22
   AND substr(number, 5) NOT GLOB '*[^0-9]*';
