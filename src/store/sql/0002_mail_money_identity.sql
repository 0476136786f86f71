-- expect schema, version 2: mail read from the mailbox, money owed beyond
-- the principal, the book's own identity, and when records last changed.

-- The book's own facts, one row per key: `id`, a random id made when the
-- book is created (calendar UIDs stay unique across databases), kept by
-- export and import.
CREATE TABLE book (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);

-- A client's mail domains (lower-case, no subdomains): mail from a new
-- address there is theirs. A domain belongs to one client.
CREATE TABLE client_domains (
    id         INTEGER PRIMARY KEY,
    client_id  INTEGER NOT NULL REFERENCES clients(id),
    domain     TEXT NOT NULL UNIQUE
);
CREATE INDEX client_domains_client ON client_domains(client_id);

-- A message read from mail is known by its Message-ID (or, without one, a
-- digest of its From, Date, Subject and first 4 KiB of body), so the same
-- mail is never recorded twice; a follow-up points at the open message it
-- chases and has no reply clock of its own.
ALTER TABLE messages ADD COLUMN message_id TEXT;
ALTER TABLE messages ADD COLUMN follow_up_of INTEGER REFERENCES messages(id);
CREATE UNIQUE INDEX messages_message_id ON messages(message_id) WHERE message_id IS NOT NULL;
CREATE INDEX messages_follow_up_of ON messages(follow_up_of) WHERE follow_up_of IS NOT NULL;

-- A reminder keeps the text it sent (`remind --again`) and, when written as
-- an e-mail, its Message-ID (a client's answer to it is theirs).
ALTER TABLE reminders ADD COLUMN text TEXT;
ALTER TABLE reminders ADD COLUMN message_id TEXT;
CREATE UNIQUE INDEX reminders_message_id ON reminders(message_id) WHERE message_id IS NOT NULL;

-- A late fee or interest forgone for an invoice, from the day it was waived.
CREATE TABLE waivers (
    id          INTEGER PRIMARY KEY,
    invoice_id  INTEGER NOT NULL REFERENCES invoices(id),
    charge      TEXT NOT NULL CHECK (charge IN ('fee', 'interest')),
    waived_on   TEXT NOT NULL,
    reason      TEXT,
    created_at  INTEGER NOT NULL,
    UNIQUE (invoice_id, charge)
);

-- The as-of time of the command that last changed a record (NULL: not
-- changed since it was made): the DTSTAMP of its calendar events.
ALTER TABLE invoices ADD COLUMN changed_at INTEGER;
ALTER TABLE messages ADD COLUMN changed_at INTEGER;
ALTER TABLE waiting ADD COLUMN changed_at INTEGER;
ALTER TABLE contracts ADD COLUMN changed_at INTEGER;
ALTER TABLE rule_versions ADD COLUMN changed_at INTEGER;
