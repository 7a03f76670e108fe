/**
 * Webhooks: status changes of a subscriber's filings POSTed to its URL. At-least-once: a delivery row
 * is written in the same transaction as the status change, then a worker sends it, retrying with
 * exponential backoff (capped) up to WEBHOOK_MAX_ATTEMPTS; every attempt is in the delivery log.
 *
 * Signature (docs/filing-intake.md): header `X-Nenkin-Signature: t=<unix s>,v1=<hex>` where hex =
 * HMAC-SHA256(secret, `<t>.<raw body>`); `X-Nenkin-Delivery` is the delivery id (the same on every
 * retry: receivers dedupe on it).
 *
 * Events: `filing.status-changed` (one filing), `filings.status-changed` (the rows of one committed
 * vendor-file slice, accepted or rejected — split when large, never one delivery per row) and
 * `batch.completed`.
 *
 * Addresses (address-policy.ts): unless WEBHOOK_ALLOW_PRIVATE_NETWORKS, a URL must be https and its
 * host must resolve only to public addresses, at registration (422 WEBHOOK_URL_NOT_PUBLIC) and
 * again when each delivery connects (the socket's resolver refuses non-public answers).
 */
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import type { Principal } from '@nenkin/contracts/auth';
import { Roles } from '@nenkin/contracts/auth';
import type { Clock } from '@nenkin/platform/clock';
import type { PiiProtector } from '@nenkin/platform/crypto';
import { withTransaction, type Pool, type Queryable } from '@nenkin/platform/db';
import { forbidden, notFound, unprocessable, validationFailed } from '@nenkin/platform/errors';
import type { Logger } from '@nenkin/platform/logger';
import { startLoop, type Loop } from '@nenkin/platform/loop';
import { parseOfficeCodeString } from '@nenkin/rules/identifiers';
import {
  WEBHOOK_BACKOFF_BASE_MS,
  WEBHOOK_BACKOFF_MAX_MS,
  WEBHOOK_BATCH,
  WEBHOOK_DELIVERY_HEADER,
  WEBHOOK_EVENT_HEADER,
  WEBHOOK_MAX_ATTEMPTS,
  WEBHOOK_POLL_MS,
  WEBHOOK_ROW_ERRORS_MAX,
  WEBHOOK_ROWS_MAX_BYTES,
  WEBHOOK_ROWS_PER_DELIVERY,
  WEBHOOK_SIGNATURE_HEADER,
  WEBHOOK_TIMEOUT_MS,
} from '../definitions';
import type { Access } from '../shared/access';
import { AddressErrorCodes, addressRange, hostOf, NonPublicAddressError, publicOnlyLookup, resolvePublic, systemLookupAll, type LookupAll } from './address-policy';
import type { WebhookRepository, WebhookRow } from './webhook-repository';

export const WebhookEventTypes = {
  FILING_STATUS_CHANGED: 'filing.status-changed',
  FILINGS_STATUS_CHANGED: 'filings.status-changed',
  BATCH_COMPLETED: 'batch.completed',
} as const;
export type WebhookEventType = (typeof WebhookEventTypes)[keyof typeof WebhookEventTypes];

/** One vendor-file row in a `filings.status-changed` delivery: codes and field paths only, no personal data. */
export type RowStatus = {
  line: number;
  filingId?: string;
  arrivalNumber?: string;
  formCode?: string;
  status: 'accepted' | 'rejected';
  errors?: { code: string; field?: string }[];
  /** Present when `errors` was cut to WEBHOOK_ROW_ERRORS_MAX: the row's number of errors. */
  errorCount?: number;
};

/** A row's entry from its filing's fields (errors reduced to code + path, at most WEBHOOK_ROW_ERRORS_MAX). */
export const rowStatus = (r: { line: number; filingId?: string; arrivalNumber?: string; formCode?: string; status: 'accepted' | 'rejected'; errors?: readonly { code: string; path?: string }[] }): RowStatus => {
  const errors = r.errors ?? [];
  return {
    line: r.line,
    ...(r.filingId === undefined ? {} : { filingId: r.filingId }),
    ...(r.arrivalNumber === undefined ? {} : { arrivalNumber: r.arrivalNumber }),
    ...(r.formCode === undefined || r.formCode === '' ? {} : { formCode: r.formCode }),
    status: r.status,
    ...(errors.length === 0
      ? {}
      : { errors: errors.slice(0, WEBHOOK_ROW_ERRORS_MAX).map((e) => ({ code: e.code, ...(e.path === undefined || e.path === '' ? {} : { field: e.path }) })) }),
    ...(errors.length > WEBHOOK_ROW_ERRORS_MAX ? { errorCount: errors.length } : {}),
  };
};

/**
 * The `filings.status-changed` payloads (JSON texts) of one slice's rows, in line order: each with
 * at most `maxRows` rows and, beyond its first row, at most about `maxBytes` of JSON.
 */
export const rowPayloads = (head: { batchId: string; arrivalNumber: string }, rows: readonly RowStatus[], maxRows = WEBHOOK_ROWS_PER_DELIVERY, maxBytes = WEBHOOK_ROWS_MAX_BYTES): string[] => {
  const prefix = `{"batchId":${JSON.stringify(head.batchId)},"arrivalNumber":${JSON.stringify(head.arrivalNumber)},"rows":[`;
  const payloads: string[] = [];
  let part: string[] = [];
  let bytes = prefix.length + 2;
  for (const r of rows) {
    const json = JSON.stringify(r);
    const size = Buffer.byteLength(json) + 1;
    if (part.length > 0 && (part.length >= maxRows || bytes + size > maxBytes)) {
      payloads.push(`${prefix}${part.join(',')}]}`);
      part = [];
      bytes = prefix.length + 2;
    }
    part.push(json);
    bytes += size;
  }
  if (part.length > 0) payloads.push(`${prefix}${part.join(',')}]}`);
  return payloads;
};

/** POSTs `body`; resolves with the status once the answer is read (bounded by WEBHOOK_TIMEOUT_MS). */
const post = (url: URL, headers: Record<string, string>, body: string, agents: { http: http.Agent; https: https.Agent }, lookup: LookupFunction | undefined): Promise<number> =>
  new Promise((resolve, reject) => {
    const client = url.protocol === 'https:' ? https : http;
    const req = client.request(
      url,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        agent: url.protocol === 'https:' ? agents.https : agents.http,
        signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
        ...(lookup === undefined ? {} : { lookup }),
      },
      (res) => {
        res.once('error', reject);
        res.once('end', () => resolve(res.statusCode ?? 0));
        res.once('close', () => {
          if (!res.complete) reject(new Error('response aborted'));
        });
        res.resume();
      },
    );
    req.once('error', reject);
    req.end(body);
  });

export const signPayload = (secret: string, timestamp: number, body: string): string =>
  `t=${timestamp},v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;

export const backoffMs = (attempt: number): number => Math.min(WEBHOOK_BACKOFF_MAX_MS, WEBHOOK_BACKOFF_BASE_MS * 2 ** Math.max(0, attempt - 1));

/** https; http only to the loopback interface, and only where private networks are allowed (local receivers, tests). */
const HTTPS_URL = /^https:\/\/[^\s]+$/;
const LOOPBACK_HTTP_URL = /^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?(\/[^\s]*)?$/;

const view = (w: WebhookRow) => ({
  webhookId: w.webhook_id,
  url: w.url,
  ...(w.office_code === null ? {} : { officeCode: w.office_code }),
  createdAt: w.created_at.toISOString(),
});

export type WebhookServiceDeps = {
  db: Pool;
  clock: Clock;
  pii: PiiProtector;
  access: Access;
  repo: WebhookRepository;
  logger: Logger;
  /** WEBHOOK_ALLOW_PRIVATE_NETWORKS: no address checks, http:// to loopback allowed (development, tests). */
  allowPrivateNetworks: boolean;
  /** The resolver behind the address checks (default: dns.lookup, all addresses). */
  lookupAll?: LookupAll;
};

const urlError = (code: string, detail: string, ja: string, en: string) => unprocessable(code, detail, [{ path: '/url', code, message: { ja, en } }]);

export const webhookService = (deps: WebhookServiceDeps) => {
  const { db, clock, pii, access, repo, allowPrivateNetworks } = deps;
  const lookupAll = deps.lookupAll ?? systemLookupAll;
  /** Every delivery socket resolves through this (unless private networks are allowed). */
  const deliveryLookup = allowPrivateNetworks ? undefined : publicOnlyLookup(lookupAll);
  const agents = { http: new http.Agent({ keepAlive: true, maxSockets: WEBHOOK_BATCH }), https: new https.Agent({ keepAlive: true, maxSockets: WEBHOOK_BATCH }) };

  /** Scheme, then (strict mode) every address of the host must be public. */
  const checkUrl = async (raw: string): Promise<void> => {
    const schemeOk = HTTPS_URL.test(raw) || (allowPrivateNetworks && LOOPBACK_HTTP_URL.test(raw));
    let url: URL | undefined;
    try {
      url = new URL(raw);
    } catch {
      url = undefined;
    }
    if (!schemeOk || url === undefined) {
      throw validationFailed([
        {
          path: '/url',
          code: 'WEBHOOK_URL',
          message: allowPrivateNetworks
            ? { ja: 'URLはhttps://で始まること（http://はループバックのみ）', en: 'The URL must be https:// (http:// only for the loopback interface)' }
            : { ja: 'URLはhttps://で始まること', en: 'The URL must be https://' },
        },
      ]);
    }
    if (allowPrivateNetworks) return;
    try {
      await resolvePublic(hostOf(url), lookupAll);
    } catch (err) {
      if (err instanceof NonPublicAddressError) {
        throw urlError(
          AddressErrorCodes.WEBHOOK_URL_NOT_PUBLIC,
          'The URL’s host is or resolves to a private, loopback, link-local or otherwise non-public address',
          'URLのホストがプライベート・ループバック・リンクローカル等の公開されていないアドレスです',
          'the host is, or resolves to, an address that is not public (private, loopback, link-local, CGNAT, unique-local, multicast, reserved)',
        );
      }
      throw urlError(AddressErrorCodes.WEBHOOK_URL_NOT_RESOLVABLE, 'The URL’s host does not resolve', 'URLのホスト名を解決できません', 'the host name does not resolve');
    }
  };

  const create = async (p: Principal, input: { url: string; officeCode?: string }) => {
    await checkUrl(input.url);
    let officeCode: string | undefined;
    if (input.officeCode !== undefined) {
      const parsed = parseOfficeCodeString(input.officeCode, { path: '/officeCode' });
      if (!parsed.ok) throw validationFailed([...parsed.errors]);
      officeCode = parsed.value.key;
      if (!(await access.canActForOffice(db, p, officeCode))) throw forbidden('EMPLOYER_FORBIDDEN', 'The caller may not act for this employer');
    }
    const secret = randomBytes(32).toString('base64url');
    const webhookId = randomUUID();
    const at = clock.now();
    await repo.insert(db, { webhookId, ownerSub: p.sub, ...(officeCode === undefined ? {} : { officeCode }), url: input.url, secret: pii.encrypt(secret, webhookId), at });
    // The secret is shown once, here.
    return { webhookId, url: input.url, ...(officeCode === undefined ? {} : { officeCode }), createdAt: at.toISOString(), secret };
  };

  const owned = async (p: Principal, id: string): Promise<WebhookRow> => {
    const w = await repo.get(db, id);
    if (w === undefined || (w.owner_sub !== p.sub && !(p.roles as readonly string[]).includes(Roles.STAFF))) throw notFound('WEBHOOK_NOT_FOUND', 'No such webhook');
    return w;
  };

  const list = async (p: Principal) => ({ items: (await repo.listByOwner(db, p.sub)).map(view) });

  const remove = async (p: Principal, id: string): Promise<void> => {
    await owned(p, id);
    await repo.delete(db, id, clock.now());
  };

  const deliveries = async (p: Principal, id: string) => {
    await owned(p, id);
    const rows = await repo.deliveries(db, id, 200);
    return {
      items: rows.map((d) => ({
        deliveryId: d.delivery_id,
        eventType: d.event_type,
        state: d.state,
        attempts: d.attempts,
        ...(d.last_status === null ? {} : { lastStatus: d.last_status }),
        ...(d.last_error === null ? {} : { lastError: d.last_error }),
        createdAt: d.created_at.toISOString(),
        ...(d.delivered_at === null ? {} : { deliveredAt: d.delivered_at.toISOString() }),
        ...(d.state === 'pending' ? { nextAttemptAt: d.next_attempt_at.toISOString() } : {}),
        payload: d.payload,
      })),
    };
  };

  /** Status-change hook: enqueue deliveries in the caller's transaction. */
  const enqueue = async (
    tx: Queryable,
    e: { officeCode: string | null; submitter: string; eventType: string; payload: Record<string, unknown>; at: Date },
  ): Promise<void> => {
    await repo.enqueue(tx, e);
  };

  /**
   * The rows of a committed vendor-file slice, in the slice's transaction: `filings.status-changed`
   * deliveries (split by rowPayloads), one per part and subscription. `rows` is only built when
   * someone subscribes.
   */
  const enqueueRows = async (
    tx: Queryable,
    e: { officeCode: string | null; submitter: string; batchId: string; arrivalNumber: string; rows: () => readonly RowStatus[]; at: Date },
  ): Promise<number> => {
    if (!(await repo.hasSubscribers(tx, e.officeCode, e.submitter))) return 0;
    const payloads = rowPayloads({ batchId: e.batchId, arrivalNumber: e.arrivalNumber }, e.rows());
    if (payloads.length === 0) return 0;
    return repo.enqueueEach(tx, { officeCode: e.officeCode, submitter: e.submitter, eventType: WebhookEventTypes.FILINGS_STATUS_CHANGED, payloadsJson: `[${payloads.join(',')}]`, at: e.at });
  };

  /** Refuses (strict mode) a URL that is no longer https or names a non-public address literally; names are checked by deliveryLookup. */
  const deliverable = (url: URL): void => {
    if (allowPrivateNetworks) return;
    if (url.protocol !== 'https:') throw new NonPublicAddressError(url.host, 'http');
    const host = hostOf(url);
    if (isIP(host) !== 0 && addressRange(host) !== 'unicast') throw new NonPublicAddressError(host, addressRange(host));
  };

  /** Sends what is due; returns the number attempted. */
  const deliverDue = async (): Promise<number> => {
    const now = clock.now();
    const due = await withTransaction(db, (tx) => repo.leaseDue(tx, now, new Date(now.getTime() + WEBHOOK_TIMEOUT_MS * 3), WEBHOOK_BATCH));
    await Promise.all(
      due.map(async (d) => {
        const body = JSON.stringify({ deliveryId: d.delivery_id, type: d.event_type, createdAt: d.created_at.toISOString(), data: d.payload });
        const t = Math.floor(clock.now().getTime() / 1000);
        let status: number | undefined;
        let error: string | undefined;
        try {
          const secret = pii.decrypt(d.secret, d.webhook_id);
          const url = new URL(d.url);
          deliverable(url);
          // Redirects are not followed (a 3xx is a failed attempt).
          status = await post(
            url,
            {
              'content-type': 'application/json',
              [WEBHOOK_SIGNATURE_HEADER]: signPayload(secret, t, body),
              [WEBHOOK_DELIVERY_HEADER]: d.delivery_id,
              [WEBHOOK_EVENT_HEADER]: d.event_type,
            },
            body,
            agents,
            deliveryLookup,
          );
          if (status < 200 || status >= 300) error = `HTTP ${status}`;
        } catch (err) {
          // The log shows the kind of failure only (no addresses): the address code, or the error's name.
          const name = (err as { name?: unknown } | null)?.name;
          error = err instanceof NonPublicAddressError ? err.code : typeof name === 'string' ? name : 'error';
        }
        const attempts = d.attempts + 1;
        const at = clock.now();
        const state = error === undefined ? 'delivered' : attempts >= WEBHOOK_MAX_ATTEMPTS ? 'failed' : 'pending';
        await repo.recordAttempt(db, d.delivery_id, {
          state,
          ...(status === undefined ? {} : { status }),
          ...(error === undefined ? {} : { error }),
          nextAt: new Date(at.getTime() + backoffMs(attempts)),
          at,
        });
      }),
    );
    return due.length;
  };

  /** The delivery loop (start/stop with the app). */
  const startWorker = (): Loop =>
    startLoop({ name: 'webhooks', intervalMs: WEBHOOK_POLL_MS, logger: deps.logger, round: async () => (await deliverDue()) > 0 });

  /** Closes the delivery connections kept alive (on app close, after the worker stopped). */
  const close = (): void => {
    agents.http.destroy();
    agents.https.destroy();
  };

  return { create, list, remove, deliveries, enqueue, enqueueRows, deliverDue, startWorker, close };
};
export type WebhookService = ReturnType<typeof webhookService>;
