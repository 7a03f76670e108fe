/** Tunables and fixed vocabulary of the records service, named in one place. */

/** Consumer names (the consumer group is `records.<name>`, the inbox key is the name). */
export const FILING_CONSUMER = 'filing-accepted';

/** Lock stripes serialising identity creation across partitions (advisory locks per birth date etc.). */
export const IDENTITY_LOCK_STRIPES = 64;
/** Namespace of the identity advisory locks (first key of pg_advisory_xact_lock(int, int)). */
export const IDENTITY_LOCK_NAMESPACE = 0x5245_4344; // 'RECD'

/** Kana keys within this edit distance (same birth date) are "possible duplicates", never merged. */
export const FUZZY_KANA_MAX_DISTANCE = 1;

/** Most decisions listed in one record.filing-applied (the contract's maxItems). */
export const MAX_DECISIONS = 20;

/** Access log page size. */
export const ACCESS_LOG_LIMIT = 200;

/** Audit purposes. */
export const AuditPurposes = {
  SELF: 'self-service',
  STAFF: 'staff-inquiry',
  EMPLOYER_INSURED_LIST: 'employer-insured-list',
  EXEMPTION_REVIEW: 'exemption-review',
} as const;

/** Staff exemption queue page size. */
export const EXEMPTION_LIST_LIMIT = 200;

/**
 * Events are written to the outbox in chunks of this many filings (one INSERT per event type per
 * chunk), so that no run of outbox rows holds more than ~this many events of one key: the relay
 * publishes up to 1,000 rows per produce request, and a batch of 1,000 outcomes of one employer (one
 * partition) would exceed the broker's 1 MB message.max.bytes (see docs/records.md).
 */
export const EMIT_CHUNK_FILINGS = 100;

/** 持ち主不明記録検索: searches per caller per minute (the search reveals that records exist). */
export const UNCLAIMED_SEARCH_PER_MINUTE = 10;

/**
 * `loss_cause` of a 国民年金 period ended by 種別変更 (the contract's lossCause holds at most 8
 * characters): the category the person changed to.
 */
export const CATEGORY_CHANGE = { TO_1: 'to-cat1', TO_2: 'to-cat2', TO_3: 'to-cat3' } as const;
