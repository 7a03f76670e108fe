/**
 * The outbox relay: publishes committed outbox rows to Kafka in id order, in batches, with the
 * idempotent producer, then deletes them. At-least-once: a crash between publish and delete
 * re-publishes that batch on restart (consumers' inboxes absorb the duplicates); nothing committed is
 * ever skipped, because the relay reads what is still in the table, not a high-water mark. (Deleting
 * is cheaper than marking: an UPDATE would rewrite every envelope once more.)
 *
 * One active relay per service database: the active one holds a session advisory lock; standbys retry
 * it. Woken by LISTEN/NOTIFY at commit, with a poll as fallback for lost notifications.
 */
import type { Producer } from 'kafkajs';
import type { Pool, PoolClient } from '../db';
import {
  OUTBOX_NOTIFY_CHANNEL,
  RELAY_BATCH_SIZE,
  RELAY_MAX_REQUEST_BYTES,
  RELAY_POLL_INTERVAL_MS,
  RELAY_STANDBY_RETRY_MS,
  RETRY_BACKOFF_MAX_MS,
  RETRY_BACKOFF_MIN_MS,
} from '../definitions';
import type { Logger } from '../logger';
import type { Metrics } from '../metrics';
import { errorMessage } from './errors';

/** Advisory lock key shared by every relay of one database (one database = one service). */
const RELAY_LOCK_KEY = 741_852_963;
/** Record framing and our headers (event type, version, correlation id, traceparent), generously. */
const MESSAGE_OVERHEAD_BYTES = 300;

type OutboxRow = { id: number; topic: string; message_key: string; envelope: string; headers: Record<string, string> };

export type RelayDeps = { pool: Pool; producer: Producer; logger: Logger; metrics?: Metrics; batchSize?: number };

/** kafkajs errors (connection, protocol, request timeout …) all carry a `KafkaJS…` name. */
const isBrokerError = (err: unknown): boolean => err instanceof Error && err.name.startsWith('KafkaJS');

export const backoff = (attempt: number): number =>
  Math.min(RETRY_BACKOFF_MAX_MS, RETRY_BACKOFF_MIN_MS * 2 ** Math.min(attempt, 16));

export const createRelay = ({ pool, producer, logger, metrics, batchSize = RELAY_BATCH_SIZE }: RelayDeps) => {
  const log = logger.child({ component: 'outbox-relay' });
  let stopping = false;
  let running: Promise<void> | undefined;
  let wake: (() => void) | undefined;
  let active = false;
  /** A NOTIFY arrived while the relay was busy: the next sleep returns at once. */
  let pending = false;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      if (pending) {
        pending = false;
        resolve();
        return;
      }
      const t = setTimeout(() => {
        wake = undefined;
        resolve();
      }, ms);
      wake = () => {
        clearTimeout(t);
        wake = undefined;
        resolve();
      };
    });

  /** A backoff that only `stop()` cuts short (a NOTIFY must not turn it into a busy loop). */
  let cutPause: (() => void) | undefined;
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        cutPause = undefined;
        resolve();
      }, ms);
      cutPause = () => {
        clearTimeout(t);
        cutPause = undefined;
        resolve();
      };
    });

  /**
   * Reads the lowest-id rows still in the outbox, leaving out those already on their way to the
   * broker (`inflight`). Always from the lowest id: a row that committed late with a lower id than
   * rows already published is picked up by the very next read, however busy the outbox is.
   */
  const fetchBatch = async (client: PoolClient, inflight: readonly number[]): Promise<OutboxRow[]> =>
    (
      await client.query<OutboxRow>({
        name: 'platform.relay-fetch',
        // envelope::text: the stored JSON text goes to Kafka as is, without a parse and a re-serialisation.
        text: `SELECT id, topic, message_key, envelope::text AS envelope, headers FROM outbox
                WHERE NOT (id = ANY($1::bigint[])) ORDER BY id LIMIT $2`,
        values: [inflight, batchSize],
      })
    ).rows;

  /** One produce request: the rows grouped by topic, order kept within each topic. */
  const sendRequest = async (rows: readonly OutboxRow[]): Promise<void> => {
    const byTopic = new Map<string, { key: string; value: string; headers: Record<string, string> }[]>();
    for (const r of rows) {
      const list = byTopic.get(r.topic) ?? [];
      list.push({ key: r.message_key, value: r.envelope, headers: r.headers });
      byTopic.set(r.topic, list);
    }
    await producer.sendBatch({
      acks: -1,
      topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
    });
    for (const [topic, messages] of byTopic) metrics?.eventsPublished.inc({ topic }, messages.length);
  };

  /**
   * Sends rows in consecutive requests of at most RELAY_MAX_REQUEST_BYTES, one after the other (order
   * holds). A request's rows may all share one key, hence one partition and one record batch: keeping
   * the request under the broker's message size limit keeps every record batch under it too.
   */
  const send = async (rows: readonly OutboxRow[]): Promise<void> => {
    let start = 0;
    let bytes = 0;
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i] as OutboxRow;
      const size = Buffer.byteLength(row.envelope) + Buffer.byteLength(row.message_key) + MESSAGE_OVERHEAD_BYTES;
      if (i > start && bytes + size > RELAY_MAX_REQUEST_BYTES) {
        await sendRequest(rows.slice(start, i));
        start = i;
        bytes = 0;
      }
      bytes += size;
    }
    if (start < rows.length) await sendRequest(rows.slice(start));
  };

  /**
   * Publishes everything in the outbox, pipelined: while batch k is on its way to the broker, batch
   * k+1 is read; batch k is deleted only once the broker acknowledged it.
   */
  const drain = async (client: PoolClient): Promise<void> => {
    let batch = await fetchBatch(client, []);
    while (batch.length > 0 && !stopping) {
      const ids = batch.map((r) => r.id);
      // allSettled: a failed read must not leave the send running into the next round.
      const [sent, next] = await Promise.allSettled([send(batch), fetchBatch(client, ids)]);
      if (sent.status === 'rejected') throw sent.reason;
      if (next.status === 'rejected') throw next.reason;
      await client.query({ name: 'platform.relay-delete', text: 'DELETE FROM outbox WHERE id = ANY($1::bigint[])', values: [ids] });
      onProgress();
      batch = next.value;
    }
  };

  const reportBacklog = async (client: PoolClient): Promise<void> => {
    const { rows } = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM outbox');
    metrics?.outboxBacklog.set(rows[0]?.n ?? 0);
  };

  /** Drain passes started so far; a flush waits for a pass that started after it asked. */
  let passes = 0;
  let idleWaiters: { after: number; resolve: () => void }[] = [];
  const notifyIdle = (all = false) => {
    const ready = idleWaiters.filter((w) => all || passes > w.after);
    idleWaiters = idleWaiters.filter((w) => !ready.includes(w));
    for (const w of ready) w.resolve();
  };

  let attempt = 0;
  /** A batch went out: the broker and the database work, so failures start backing off afresh. */
  const onProgress = () => {
    attempt = 0;
  };

  /** Holds the lock and publishes until stopped or the connection fails. */
  const serve = async (client: PoolClient, failure: () => unknown): Promise<void> => {
    const onNotify = () => {
      pending = true;
      wake?.();
    };
    client.on('notification', onNotify);
    await client.query(`LISTEN ${OUTBOX_NOTIFY_CHANNEL}`);
    try {
      while (!stopping) {
        pending = false;
        passes++;
        try {
          await drain(client);
        } catch (err) {
          // The broker refused or is away while the database is fine: keep the session and its lock
          // (a standby taking over would meet the same broker) and try again after a backoff.
          if (!isBrokerError(err) || failure() !== undefined) throw err;
          log.warn({ err: errorMessage(err), attempt }, 'publishing failed; retrying');
          await pause(backoff(attempt++));
          continue;
        }
        await reportBacklog(client);
        notifyIdle();
        if (!stopping) await sleep(RELAY_POLL_INTERVAL_MS);
        const failed = failure();
        if (failed !== undefined) throw failed;
      }
    } finally {
      client.off('notification', onNotify);
    }
  };

  const loop = async (): Promise<void> => {
    while (!stopping) {
      let client: PoolClient | undefined;
      let broken = false;
      // A checked-out client has no pool error listener: without ours, a dropped connection (server
      // restart, failover) would be an unhandled 'error' event and take the process down.
      let connectionError: unknown;
      const onError = (err: unknown) => {
        connectionError = err;
        wake?.();
      };
      try {
        client = await pool.connect();
        client.on('error', onError);
        const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [RELAY_LOCK_KEY]);
        if (!rows[0]?.ok) {
          if (active) log.info('relay lost the lock; standing by');
          active = false;
          notifyIdle(true); // a standby has nothing to flush
          client.off('error', onError);
          client.release();
          client = undefined;
          await sleep(RELAY_STANDBY_RETRY_MS);
          continue;
        }
        if (!active) log.info('relay active');
        active = true;
        await serve(client, () => connectionError);
      } catch (err) {
        broken = true;
        log.warn({ err: errorMessage(err), attempt }, 'relay round failed; retrying');
        if (!stopping) await sleep(backoff(attempt++));
      } finally {
        // Destroy the connection rather than return it: the session advisory lock must not leak into
        // the pool (releasing with `true` closes the connection, which frees the lock).
        client?.off('error', onError);
        client?.release(true);
        if (broken) active = false;
      }
    }
    active = false;
    notifyIdle(true);
  };

  return {
    start(): void {
      if (running) return;
      stopping = false;
      running = loop();
    },
    /**
     * Resolves once a drain pass that started after this call has finished — so everything committed
     * before the call is published — or at once on a standby, or after `timeoutMs`.
     */
    async flush(timeoutMs = 30_000): Promise<void> {
      if (!running || !active) return;
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, timeoutMs);
        idleWaiters.push({
          after: passes,
          resolve: () => {
            clearTimeout(t);
            resolve();
          },
        });
        pending = true;
        wake?.();
      });
    },
    isActive: (): boolean => active,
    async stop(): Promise<void> {
      stopping = true;
      wake?.();
      cutPause?.();
      await running;
      running = undefined;
    },
  };
};

export type Relay = ReturnType<typeof createRelay>;
