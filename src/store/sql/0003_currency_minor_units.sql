-- expect schema, version 3: amounts in their currency's own minor unit, and
-- the day an invoice owed nothing more.
--
-- Up to version 2 every amount was kept in hundredths, whatever its
-- currency. From version 3 an amount (invoices, payments, phases, contract
-- rates) is kept in its client's currency's minor unit (ISO 4217 exponent:
-- JPY 0 decimals, KWD 3, most 2). The amounts of clients whose currency
-- does not have two decimals are converted by this step's Rust part
-- (src/store/migrations.rs), rounding half away from zero, which also
-- rewrites flat fees in the rules with the currency's decimals.

-- The day everything an invoice owed (principal, late fee, interest) was
-- paid or waived; NULL while something may still be owed. Derived like
-- `settled_on`, kept by the operations that change payments, waivers and
-- rules, so `check` finds the charges still owed after the principal was
-- paid by reading these indexes rather than every settled invoice. NULL is
-- always safe: such an invoice is simply looked at.
ALTER TABLE invoices ADD COLUMN cleared_on TEXT;
CREATE INDEX invoices_uncleared ON invoices(settled_on)
    WHERE cleared_on IS NULL AND settled_on IS NOT NULL AND voided_at IS NULL;
CREATE INDEX invoices_cleared ON invoices(cleared_on) WHERE cleared_on IS NOT NULL AND voided_at IS NULL;
