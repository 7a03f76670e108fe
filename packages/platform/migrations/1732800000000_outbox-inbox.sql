-- Up Migration
-- The transactional outbox: a service writes its events here in the same transaction as its domain
-- change; the relay publishes them to Kafka in id order and marks them published.
CREATE TABLE outbox (
  id            bigserial PRIMARY KEY,
  event_id      uuid        NOT NULL UNIQUE,
  topic         text        NOT NULL,
  message_key   text        NOT NULL,
  event_type    text        NOT NULL,
  envelope      jsonb       NOT NULL,
  headers       jsonb       NOT NULL DEFAULT '{}'::jsonb,
  created_at    timestamptz NOT NULL DEFAULT now(),
  published_at  timestamptz
);
CREATE INDEX outbox_unpublished_idx ON outbox (id) WHERE published_at IS NULL;
CREATE INDEX outbox_published_at_idx ON outbox (published_at) WHERE published_at IS NOT NULL;

-- The idempotent inbox: (consumer, event id) is written in the same transaction as the consumer's
-- effect, so a redelivered event finds its row and is skipped.
CREATE TABLE inbox (
  consumer      text        NOT NULL,
  event_id      uuid        NOT NULL,
  topic         text        NOT NULL,
  kafka_partition integer   NOT NULL,
  kafka_offset  bigint      NOT NULL,
  processed_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer, event_id)
);

-- Down Migration
DROP TABLE inbox;
DROP TABLE outbox;
