-- expect schema, version 1.
--
-- Conventions: money is INTEGER cents; calendar dates are TEXT 'YYYY-MM-DD';
-- instants are INTEGER seconds since the Unix epoch (UTC), so they compare
-- and index as numbers; rules are TEXT in their canonical form.

-- Your side: team members. Member 'me' always exists.
CREATE TABLE members (
    id      INTEGER PRIMARY KEY,
    handle  TEXT NOT NULL UNIQUE,
    name    TEXT NOT NULL,
    email   TEXT
);

CREATE TABLE clients (
    id          INTEGER PRIMARY KEY,
    handle      TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    manager_id  INTEGER NOT NULL REFERENCES members(id),
    currency    TEXT NOT NULL,
    archived    INTEGER NOT NULL DEFAULT 0,
    created_at  INTEGER NOT NULL
);

-- The client's people. At most one primary contact per client.
CREATE TABLE contacts (
    id          INTEGER PRIMARY KEY,
    client_id   INTEGER NOT NULL REFERENCES clients(id),
    name        TEXT,
    email       TEXT,
    email_key   TEXT,               -- lower-cased e-mail, for matching
    is_primary  INTEGER NOT NULL DEFAULT 0,
    role        TEXT,
    phone       TEXT,
    CHECK (name IS NOT NULL OR email IS NOT NULL)
);
CREATE UNIQUE INDEX contacts_one_primary ON contacts(client_id) WHERE is_primary;
CREATE INDEX contacts_client ON contacts(client_id);

-- Versions of a client's rules. The first (effective NULL) holds every rule
-- and applies from the beginning of time; later ones hold only what their
-- edit named. A rule column is NULL when the version does not name it and
-- '' when the edit cleared it ('none').
CREATE TABLE rule_versions (
    id             INTEGER PRIMARY KEY,
    client_id      INTEGER NOT NULL REFERENCES clients(id),
    effective      TEXT,
    notified       TEXT,
    created_at     INTEGER NOT NULL,
    channels       TEXT,
    response       TEXT,
    terms          TEXT,
    grace          TEXT,
    late_fee       TEXT,
    interest       TEXT,
    suspend_after  TEXT,
    turnaround     TEXT,
    start_within   TEXT,
    cutoff         TEXT,
    rush_fee       TEXT,
    phase_gating   TEXT,
    notice_period  TEXT
);
CREATE UNIQUE INDEX rule_versions_client_effective
    ON rule_versions(client_id, coalesce(effective, ''));

-- Projects and their ordered phases (milestone payments).
CREATE TABLE projects (
    id         INTEGER PRIMARY KEY,
    client_id  INTEGER NOT NULL REFERENCES clients(id),
    name       TEXT NOT NULL,
    UNIQUE (client_id, name)
);

CREATE TABLE phases (
    id          INTEGER PRIMARY KEY,
    project_id  INTEGER NOT NULL REFERENCES projects(id),
    position    INTEGER NOT NULL,
    name        TEXT NOT NULL,
    amount      INTEGER NOT NULL,
    started_on  TEXT,
    UNIQUE (project_id, name),
    UNIQUE (project_id, position)
);

-- Invoices. `due` is computed from the terms in force on `issued` and kept.
-- `settled_on` is the date the principal was paid in full (NULL while a
-- principal balance remains), kept up to date by `pay` and `unpay` so the
-- overdue report reads an index instead of summing every payment.
CREATE TABLE invoices (
    id           INTEGER PRIMARY KEY,
    client_id    INTEGER NOT NULL REFERENCES clients(id),
    number       TEXT NOT NULL UNIQUE,
    amount       INTEGER NOT NULL CHECK (amount > 0),
    issued       TEXT NOT NULL,
    due          TEXT NOT NULL,
    terms        TEXT NOT NULL,
    phase_id     INTEGER REFERENCES phases(id),
    settled_on   TEXT,
    voided_at    INTEGER,
    void_reason  TEXT,
    created_at   INTEGER NOT NULL
);
CREATE INDEX invoices_client ON invoices(client_id);
CREATE INDEX invoices_open_due ON invoices(due) WHERE settled_on IS NULL AND voided_at IS NULL;
CREATE INDEX invoices_settled ON invoices(settled_on) WHERE settled_on IS NOT NULL AND voided_at IS NULL;
CREATE INDEX invoices_phase ON invoices(phase_id) WHERE phase_id IS NOT NULL;

CREATE TABLE payments (
    id          INTEGER PRIMARY KEY,
    invoice_id  INTEGER NOT NULL REFERENCES invoices(id),
    amount      INTEGER NOT NULL CHECK (amount > 0),
    paid_on     TEXT NOT NULL,
    created_at  INTEGER NOT NULL
);
CREATE INDEX payments_invoice ON payments(invoice_id, paid_on);

-- Reminders recorded as sent: one row per invoice and ladder step.
CREATE TABLE reminders (
    id          INTEGER PRIMARY KEY,
    invoice_id  INTEGER NOT NULL REFERENCES invoices(id),
    step        INTEGER NOT NULL,
    tone        TEXT NOT NULL,
    sent_at     INTEGER NOT NULL,
    UNIQUE (invoice_id, step)
);

-- Inbound messages and work requests. Deadlines are computed from the rules
-- in force at arrival, with the business calendar, and kept.
CREATE TABLE messages (
    id             INTEGER PRIMARY KEY,
    client_id      INTEGER NOT NULL REFERENCES clients(id),
    from_contact   INTEGER NOT NULL REFERENCES contacts(id),
    to_member      INTEGER NOT NULL REFERENCES members(id),
    via            TEXT NOT NULL,
    at             INTEGER NOT NULL,
    subject        TEXT NOT NULL,
    is_request     INTEGER NOT NULL DEFAULT 0,
    fyi            INTEGER NOT NULL DEFAULT 0,
    wants          INTEGER,
    bypassed       INTEGER NOT NULL DEFAULT 0,
    wrong_channel  INTEGER NOT NULL DEFAULT 0,
    clock_from     INTEGER,          -- the next opening when after a cutoff
    reply_target   INTEGER,
    reply_by       INTEGER,
    start_by       INTEGER,
    due            INTEGER,
    rush           INTEGER NOT NULL DEFAULT 0,
    replied_at     INTEGER,
    closed_at      INTEGER,
    started_at     INTEGER,
    delivered_at   INTEGER
);
CREATE INDEX messages_client ON messages(client_id, at);
CREATE INDEX messages_at ON messages(at);
CREATE INDEX messages_awaiting_reply ON messages(reply_by)
    WHERE fyi = 0 AND replied_at IS NULL AND closed_at IS NULL;
CREATE INDEX messages_awaiting_delivery ON messages(due)
    WHERE is_request = 1 AND delivered_at IS NULL;
-- check: open messages by reply target (target <= limit, so one range finds
-- both reply-due and late-reply), unstarted requests, and recent answers,
-- starts and deliveries (late-* events within --since, and --as-of replay).
CREATE INDEX messages_awaiting_reply_target ON messages(reply_target)
    WHERE fyi = 0 AND replied_at IS NULL AND closed_at IS NULL;
CREATE INDEX messages_awaiting_start ON messages(start_by)
    WHERE is_request = 1 AND started_at IS NULL AND delivered_at IS NULL;
CREATE INDEX messages_replied ON messages(replied_at) WHERE replied_at IS NOT NULL;
CREATE INDEX messages_closed ON messages(closed_at) WHERE closed_at IS NOT NULL;
CREATE INDEX messages_started ON messages(started_at) WHERE started_at IS NOT NULL;
CREATE INDEX messages_delivered ON messages(delivered_at) WHERE delivered_at IS NOT NULL;

-- Things the client owes you (content, feedback, approval).
CREATE TABLE waiting (
    id           INTEGER PRIMARY KEY,
    client_id    INTEGER NOT NULL REFERENCES clients(id),
    what         TEXT NOT NULL,
    due          TEXT NOT NULL,
    received_on  TEXT,
    created_at   INTEGER NOT NULL
);
CREATE INDEX waiting_client ON waiting(client_id);
CREATE INDEX waiting_open_due ON waiting(due) WHERE received_on IS NULL;
CREATE INDEX waiting_received ON waiting(received_on) WHERE received_on IS NOT NULL;

-- Signed agreements behind the rules.
CREATE TABLE contracts (
    id         INTEGER PRIMARY KEY,
    client_id  INTEGER NOT NULL REFERENCES clients(id),
    signed     TEXT NOT NULL,
    kind       TEXT,
    rate       INTEGER,
    expires    TEXT,
    covers     TEXT NOT NULL,        -- comma-separated topics
    file       TEXT
);
CREATE INDEX contracts_client ON contracts(client_id);

-- Flags hidden for good by `expect dismiss`.
CREATE TABLE dismissals (
    key           TEXT PRIMARY KEY,
    dismissed_at  INTEGER NOT NULL
);
