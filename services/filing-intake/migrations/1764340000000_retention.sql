-- Up Migration
-- Retention: the pruner deletes expired Idempotency-Keys and old finished webhook deliveries in
-- bounded batches, oldest first; these indexes find them without scanning the tables.
CREATE INDEX idempotency_keys_expiry ON idempotency_keys (created_at) WHERE state = 'done';
CREATE INDEX webhook_deliveries_finished ON webhook_deliveries (created_at) WHERE state IN ('delivered', 'failed');

-- Down Migration
DROP INDEX webhook_deliveries_finished;
DROP INDEX idempotency_keys_expiry;
