-- expect schema for PostgreSQL, version 6, as ../0006_open_invoices_covering.sql:
-- the index of unsettled invoices carries every column the reports read
-- (INCLUDE), so that a vacuumed table is answered from the index alone.
DROP INDEX invoices_open_due;
CREATE INDEX invoices_open_due ON invoices(due) INCLUDE (
    client_id, number, amount, issued, terms, phase_id, settled_on, voided_at, void_reason,
    created_at, changed_at
) WHERE settled_on IS NULL AND voided_at IS NULL;
