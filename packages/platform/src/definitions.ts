/**
 * Tunables of the service kit, named in one place (batch sizes, retries, timeouts, header names).
 */

// bus
/** How long creating topics may wait for every new partition's leader. */
export const TOPIC_CREATION_TIMEOUT_MS = 30_000;
/** Outbox rows the relay reads and publishes per round trip. */
export const RELAY_BATCH_SIZE = 2_000;
/** Largest event (envelope + headers as JSON): well under the broker's 1 MiB message limit. */
export const MAX_EVENT_BYTES = 512_000;
/** Largest produce request the relay sends: under the broker's default message.max.bytes (1 MiB). */
export const RELAY_MAX_REQUEST_BYTES = 900_000;
/** Poll fallback when no NOTIFY arrives (a lost notification must not stall the outbox). */
export const RELAY_POLL_INTERVAL_MS = 1_000;
/** How often a standby relay retries the advisory lock held by the active one. */
export const RELAY_STANDBY_RETRY_MS = 2_000;
/** Backoff bounds when the broker or the database is unavailable. */
export const RETRY_BACKOFF_MIN_MS = 100;
export const RETRY_BACKOFF_MAX_MS = 5_000;
/** In-process attempts for an unclassified handler error before the message is dead-lettered. */
export const HANDLER_MAX_ATTEMPTS = 3;
/** The NOTIFY channel that wakes the relay when an outbox row commits. */
export const OUTBOX_NOTIFY_CHANNEL = 'nenkin_outbox';
/** Consumer group session timeout: how fast a dead instance's partitions move to the living. */
export const CONSUMER_SESSION_TIMEOUT_MS = 10_000;
export const CONSUMER_HEARTBEAT_INTERVAL_MS = 1_000;
/** Partitions a bulk consumer works on at once (each in its own transaction). */
export const CONSUMER_PARTITIONS_CONCURRENTLY = 4;
/** Longest error text kept in a dead letter's headers. */
export const DLQ_ERROR_MAX_CHARS = 2_000;

// http
/** Request / correlation id headers: accepted from the caller when well-formed, always echoed back. */
export const REQUEST_ID_HEADER = 'x-request-id';
export const CORRELATION_ID_HEADER = 'x-correlation-id';
/** What a caller-supplied request or correlation id may look like (else a fresh UUID is used). */
export const REQUEST_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;
/** Default body limit: 1 MiB. File uploads raise it per route (`bodyLimit` route option). */
export const DEFAULT_BODY_LIMIT_BYTES = 1_048_576;
/** Default rate limit per client (token `sub`, else IP) per RATE_LIMIT_WINDOW_MS. */
export const DEFAULT_RATE_LIMIT_MAX = 600;
export const RATE_LIMIT_WINDOW_MS = 60_000;
/** Readiness checks (DB, Kafka) that take longer than this count as failed. */
export const READINESS_TIMEOUT_MS = 2_000;
/** Load shedding (@fastify/under-pressure): thresholds, sampling and the Retry-After it sends. */
export const UNDER_PRESSURE_MAX_EVENT_LOOP_DELAY_MS = 1_000;
export const UNDER_PRESSURE_MAX_EVENT_LOOP_UTILIZATION = 0.98;
export const UNDER_PRESSURE_RETRY_AFTER_SEC = 10;
/** At most this many field errors are returned for one request (ajv runs with allErrors). */
export const MAX_VALIDATION_ERRORS = 100;
/** RFC 7807 `type` URIs are this prefix plus the kebab-cased error code. */
export const PROBLEM_TYPE_PREFIX = 'urn:nenkin:problem:';
/** Where the OpenAPI document and its UI are served (public, no auth). */
export const OPENAPI_JSON_PATH = '/openapi.json';
export const DOCS_PREFIX = '/docs';

// auth
/** Signature algorithms accepted by default (the key's type narrows this further). */
export const DEFAULT_JWT_ALGORITHMS = ['ES256', 'RS256'] as const;
/** Clock skew tolerated on exp / nbf / iat. */
export const JWT_CLOCK_TOLERANCE_SEC = 30;
/** Longest bearer token accepted before any parsing (Node caps all headers at 16 KiB by default). */
export const MAX_BEARER_TOKEN_CHARS = 16_384;
/** JWKS fetch timeout and how long fetched keys are cached (jose createRemoteJWKSet). */
export const JWKS_TIMEOUT_MS = 5_000;
export const JWKS_CACHE_MAX_AGE_MS = 600_000;
/**
 * Verified tokens remembered per process (an API client sends the same token on every request):
 * how many, and for how long at most — never past the token's own `exp`. A key removed from the
 * JWKS stops its tokens after JWKS_CACHE_MAX_AGE_MS (jose's key cache) plus this time.
 */
export const JWT_VERIFIED_CACHE_MAX = 10_000;
export const JWT_VERIFIED_CACHE_TTL_MS = 60_000;
/** Local development tokens (`npm run token`): key location, defaults for iss / aud / lifetime. */
export const DEV_KEYS_DIR = '.data/dev-keys';
export const DEV_TOKEN_ISSUER = 'nenkin-dev';
export const DEV_TOKEN_AUDIENCE = 'nenkin-api';
export const DEV_TOKEN_TTL_SEC = 3_600;
