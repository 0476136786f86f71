-- expect schema for PostgreSQL, version 3, as ../0003_currency_minor_units.sql: amounts in their currency's own minor unit, and
-- the day an invoice owed nothing more.
--
-- Up to version 2 every amount was kept in hundredths, whatever its
-- currency. From version 3 an amount (invoices, payments, phases, contract
-- rates) is kept in its client's currency's minor unit (ISO 4217 exponent:
-- JPY 0 decimals, KWD 3, most 2). The amounts of clients whose currency
-- does not have two decimals are converted by this step's Rust part
-- (src/store/migrations.rs) on SQLite; no server book predates this
-- version (the PostgreSQL engine came after it), so here it is the
-- schema alone.

-- For a settled invoice whose late fee or interest outlived the day its
-- principal was paid: the first day nothing was owed any more, or
-- '9999-12-31' while something still is; NULL when nothing was owed once
-- the principal was paid (most invoices), so they take no index entry.
-- Derived like `settled_on`, kept by the operations that change payments,
-- waivers and rules (and computed on import and by this upgrade), so
-- `check` finds the charges still owed by reading this index rather than
-- every settled invoice.
ALTER TABLE invoices ADD COLUMN owed_until TEXT COLLATE "C";
CREATE INDEX invoices_owed ON invoices(owed_until) WHERE owed_until IS NOT NULL AND voided_at IS NULL;
