-- Up Migration
-- The transactional outbox: a service writes its events here in the same transaction as its domain
-- change; the relay publishes them to Kafka in id order and then deletes them. A row in this table is
-- an event committed but not yet published: the table is the backlog. Only the primary key is
-- indexed — every other index would be paid on the hot path of every domain write.
CREATE TABLE outbox (
  id            bigserial PRIMARY KEY,
  topic         text        NOT NULL,
  message_key   text        NOT NULL,
  envelope      jsonb       NOT NULL,
  headers       jsonb       NOT NULL DEFAULT '{}'::jsonb,
  created_at    timestamptz NOT NULL DEFAULT now()
);

-- The idempotent inbox: (consumer, event id) is written in the same transaction as the consumer's
-- effect, so a redelivered event finds its row and is skipped.
CREATE TABLE inbox (
  consumer        text        NOT NULL,
  event_id        uuid        NOT NULL,
  topic           text        NOT NULL,
  kafka_partition integer     NOT NULL,
  kafka_offset    bigint      NOT NULL,
  processed_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer, event_id)
);

-- Down Migration
DROP TABLE inbox;
DROP TABLE outbox;
