/**
 * Tunables of filing-intake, in one place. Limits that operators change per environment are also
 * configuration (src/config.ts) with these as defaults.
 */

/** Header that carries the client's idempotency key on POST /v1/filings. */
export const IDEMPOTENCY_HEADER = 'idempotency-key';
/** Idempotency keys: printable ASCII, like Stripe's and the IETF draft's examples. */
export const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;
/**
 * How long a request waits for another one holding the same Idempotency-Key (the key row is written
 * in the first one's transaction) before it answers 409 in flight.
 */
export const IDEMPOTENCY_LOCK_TIMEOUT_MS = 200;
/** Default retention of an Idempotency-Key (hours); after it the same key starts a new request. */
export const DEFAULT_IDEMPOTENCY_KEY_TTL_HOURS = 24;
/** Header of e-Gov's trial submissions: validate and answer, file nothing. */
export const TRIAL_HEADER = 'x-trial';

/** Default largest vendor file (bytes). e-Gov refuses ≥ 4.5 MB; counters and media take more. */
export const DEFAULT_BATCH_MAX_BYTES = 512 * 1024 * 1024;
/** Default most data records in one vendor file. */
export const DEFAULT_BATCH_MAX_ROWS = 1_000_000;
/** Header records before the data records (媒体管理, [kanri], 事業所数, 事業所情報, [data]). */
export const SHFD0006_HEADER_LINES = 5;
/** Bytes of the uploaded file stored per row of batch_chunks. */
export const BATCH_CHUNK_BYTES = 1024 * 1024;
/** Data records applied per transaction by the batch worker (the crash-resume checkpoint unit). */
export const BATCH_ROWS_PER_TX = 1_000;
/**
 * Slice transactions of one batch open at once (each on its own connection): slice k+1 inserts its
 * filings while slice k commits; they still commit in file order.
 */
export const BATCH_SLICES_IN_FLIGHT = 2;
/** An upload still `receiving` after this long lost its process (no 202 was sent): it is deleted. */
export const STALE_UPLOAD_MS = 6 * 60 * 60 * 1000;
/** How often an idle worker looks for batches left unfinished (e.g. by a crashed instance). */
export const BATCH_POLL_MS = 2_000;

/** Page size of listings when the caller gives none, and the largest it may ask for. */
export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;
/** Largest per-row error page (JSON) — the CSV export streams everything. */
export const MAX_ERRORS_PAGE = 5_000;

/** Webhook deliveries: attempts, backoff base and cap, request timeout, poll interval. */
export const WEBHOOK_MAX_ATTEMPTS = 8;
export const WEBHOOK_BACKOFF_BASE_MS = 1_000;
export const WEBHOOK_BACKOFF_MAX_MS = 60 * 60 * 1000;
export const WEBHOOK_TIMEOUT_MS = 5_000;
/** How long resolving a webhook host may take (a hanging resolver must not hold a registration). */
export const WEBHOOK_DNS_TIMEOUT_MS = 3_000;
export const WEBHOOK_POLL_MS = 1_000;
export const WEBHOOK_BATCH = 50;
/** Signature header: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`. */
export const WEBHOOK_SIGNATURE_HEADER = 'x-nenkin-signature';
export const WEBHOOK_DELIVERY_HEADER = 'x-nenkin-delivery';
export const WEBHOOK_EVENT_HEADER = 'x-nenkin-event';

/** Default retention of delivered / failed webhook deliveries (days, from their creation). */
export const DEFAULT_WEBHOOK_DELIVERY_RETENTION_DAYS = 30;
/**
 * A status-changed delivery for the rows of one vendor-file slice holds at most this many rows and
 * roughly this many bytes of JSON (a slice that exceeds either is split into several deliveries);
 * each row carries at most WEBHOOK_ROW_ERRORS_MAX error codes (`errorCount` gives the total).
 */
export const WEBHOOK_ROWS_PER_DELIVERY = 1_000;
export const WEBHOOK_ROWS_MAX_BYTES = 256 * 1024;
export const WEBHOOK_ROW_ERRORS_MAX = 20;

/** Retention pruner: rows deleted per statement (bounded locks and WAL), and the pause between rounds. */
export const PRUNE_BATCH_ROWS = 5_000;
export const PRUNE_INTERVAL_MS = 10 * 60 * 1000;
