-- Up Migration
-- filing-intake's own tables. The platform's outbox / inbox are migrated separately.

-- 到達番号 = receipt date (JST, YYYYMMDD) + a 10-digit global sequence: 18 digits, unique, and
-- string order = arrival order.
CREATE SEQUENCE arrival_seq AS bigint MINVALUE 1 MAXVALUE 9999999999 CACHE 1;

-- Vendor files (SHFD0006). The raw upload is kept in batch_chunks until every row is processed, so a
-- crashed worker re-reads it and resumes after `checkpoint_line`.
CREATE TABLE batches (
  batch_id          uuid PRIMARY KEY,
  arrival_number    char(18)    NOT NULL UNIQUE,
  office_code       text,
  submitted_by_sub  text        NOT NULL,
  submitted_by_role text        NOT NULL,
  encoding          text,
  status            text        NOT NULL CHECK (status IN ('receiving', 'processing', 'completed', 'failed')),
  byte_size         bigint      NOT NULL DEFAULT 0,
  total             integer     NOT NULL DEFAULT 0,
  processed         integer     NOT NULL DEFAULT 0,
  accepted          integer     NOT NULL DEFAULT 0,
  rejected          integer     NOT NULL DEFAULT 0,
  checkpoint_line   integer     NOT NULL DEFAULT 0,
  file_errors       jsonb,
  correlation_id    text        NOT NULL,
  received_at       timestamptz NOT NULL,
  received_on       date        NOT NULL,
  completed_at      timestamptz
);
CREATE INDEX batches_office ON batches (office_code, arrival_number);
CREATE INDEX batches_open ON batches (status) WHERE status IN ('receiving', 'processing');

CREATE TABLE batch_chunks (
  batch_id uuid    NOT NULL REFERENCES batches (batch_id) ON DELETE CASCADE,
  seq      integer NOT NULL,
  data     bytea   NOT NULL,
  PRIMARY KEY (batch_id, seq)
);

-- One row per filing (a JSON filing, or one data record of a vendor file). `body` is the normalised
-- form without any マイナンバー; `my_numbers` the protected numbers ({path, hash, cipher}).
CREATE TABLE filings (
  filing_id          uuid PRIMARY KEY,
  arrival_number     char(18)    NOT NULL UNIQUE,
  form_code          text        NOT NULL,
  channel            text        NOT NULL,
  office_code        text,
  person_id          text,
  submitted_by_sub   text        NOT NULL,
  submitted_by_role  text        NOT NULL,
  batch_id           uuid REFERENCES batches (batch_id),
  batch_line         integer,
  status             text        NOT NULL,
  body               jsonb,
  my_numbers         jsonb,
  errors             jsonb,
  amends_filing_id   uuid REFERENCES filings (filing_id),
  amended_by         uuid,
  identity           text,
  record_person_id   text,
  decisions          jsonb,
  reason             jsonb,
  timeline           jsonb       NOT NULL,
  correlation_id     text        NOT NULL,
  received_at        timestamptz NOT NULL,
  received_on        date        NOT NULL,
  updated_at         timestamptz NOT NULL,
  CHECK (office_code IS NOT NULL OR person_id IS NOT NULL),
  UNIQUE (batch_id, batch_line)
);
CREATE INDEX filings_office ON filings (office_code, arrival_number) WHERE office_code IS NOT NULL;
CREATE INDEX filings_person ON filings (person_id, arrival_number) WHERE person_id IS NOT NULL;
CREATE INDEX filings_submitter ON filings (submitted_by_sub, arrival_number);

-- Notices (公文書) delivered about a filing.
CREATE TABLE filing_notices (
  filing_id       uuid        NOT NULL REFERENCES filings (filing_id),
  notice_id       uuid        NOT NULL,
  notice_type     text        NOT NULL,
  channel         text        NOT NULL,
  document_url    text,
  available_until text,
  delivered_at    timestamptz NOT NULL,
  PRIMARY KEY (filing_id, notice_id)
);

-- Idempotency-Key per caller: `in-flight` while the first request runs, then `done` with the
-- response it gave, replayed to every retry with the same body.
CREATE TABLE idempotency_keys (
  principal_sub  text        NOT NULL,
  idem_key       text        NOT NULL,
  request_hash   text        NOT NULL,
  state          text        NOT NULL CHECK (state IN ('in-flight', 'done')),
  status_code    integer,
  response       jsonb,
  created_at     timestamptz NOT NULL,
  PRIMARY KEY (principal_sub, idem_key)
);

-- An employer's grant to a 社労士 or a vendor to file (and see filings) for it.
CREATE TABLE delegations (
  delegation_id uuid PRIMARY KEY,
  office_code   text        NOT NULL,
  delegate_sub  text        NOT NULL,
  delegate_role text        NOT NULL CHECK (delegate_role IN ('sharoushi', 'vendor')),
  granted_by    text        NOT NULL,
  granted_at    timestamptz NOT NULL,
  revoked_at    timestamptz
);
CREATE UNIQUE INDEX delegations_active ON delegations (office_code, delegate_sub) WHERE revoked_at IS NULL;
CREATE INDEX delegations_delegate ON delegations (delegate_sub) WHERE revoked_at IS NULL;

-- Webhook subscriptions: status changes of the filings of `office_code` (or of the filings the
-- owner submitted, when office_code is null) are POSTed to `url`, signed with `secret`.
CREATE TABLE webhooks (
  webhook_id  uuid PRIMARY KEY,
  owner_sub   text        NOT NULL,
  office_code text,
  url         text        NOT NULL,
  secret      text        NOT NULL,
  created_at  timestamptz NOT NULL,
  deleted_at  timestamptz
);
CREATE INDEX webhooks_office ON webhooks (office_code) WHERE deleted_at IS NULL;
CREATE INDEX webhooks_owner ON webhooks (owner_sub) WHERE deleted_at IS NULL;

-- One delivery per (webhook, status change); the log of every attempt's outcome.
CREATE TABLE webhook_deliveries (
  delivery_id     uuid PRIMARY KEY,
  webhook_id      uuid        NOT NULL REFERENCES webhooks (webhook_id),
  event_type      text        NOT NULL,
  payload         jsonb       NOT NULL,
  state           text        NOT NULL CHECK (state IN ('pending', 'delivered', 'failed')),
  attempts        integer     NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL,
  last_status     integer,
  last_error      text,
  created_at      timestamptz NOT NULL,
  delivered_at    timestamptz
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE state = 'pending';
CREATE INDEX webhook_deliveries_hook ON webhook_deliveries (webhook_id, created_at);

-- Down Migration
DROP TABLE webhook_deliveries;
DROP TABLE webhooks;
DROP TABLE delegations;
DROP TABLE idempotency_keys;
DROP TABLE filing_notices;
DROP TABLE filings;
DROP TABLE batch_chunks;
DROP TABLE batches;
DROP SEQUENCE arrival_seq;
