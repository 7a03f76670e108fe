/**
 * Webhooks: status changes of a subscriber's filings POSTed to its URL. At-least-once: a delivery row
 * is written in the same transaction as the status change, then a worker sends it, retrying with
 * exponential backoff (capped) up to WEBHOOK_MAX_ATTEMPTS; every attempt is in the delivery log.
 *
 * Signature (docs/filing-intake.md): header `X-Nenkin-Signature: t=<unix s>,v1=<hex>` where hex =
 * HMAC-SHA256(secret, `<t>.<raw body>`); `X-Nenkin-Delivery` is the delivery id (the same on every
 * retry: receivers dedupe on it).
 */
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import type { Principal } from '@nenkin/contracts/auth';
import { Roles } from '@nenkin/contracts/auth';
import type { Clock } from '@nenkin/platform/clock';
import type { PiiProtector } from '@nenkin/platform/crypto';
import { withTransaction, type Pool, type Queryable } from '@nenkin/platform/db';
import { forbidden, notFound, validationFailed } from '@nenkin/platform/errors';
import type { Logger } from '@nenkin/platform/logger';
import { parseOfficeCodeString } from '@nenkin/rules/identifiers';
import {
  WEBHOOK_BACKOFF_BASE_MS,
  WEBHOOK_BACKOFF_MAX_MS,
  WEBHOOK_BATCH,
  WEBHOOK_DELIVERY_HEADER,
  WEBHOOK_EVENT_HEADER,
  WEBHOOK_MAX_ATTEMPTS,
  WEBHOOK_POLL_MS,
  WEBHOOK_SIGNATURE_HEADER,
  WEBHOOK_TIMEOUT_MS,
} from '../definitions';
import type { Access } from '../shared/access';
import type { WebhookRepository, WebhookRow } from './webhook-repository';

export const signPayload = (secret: string, timestamp: number, body: string): string =>
  `t=${timestamp},v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;

export const backoffMs = (attempt: number): number => Math.min(WEBHOOK_BACKOFF_MAX_MS, WEBHOOK_BACKOFF_BASE_MS * 2 ** Math.max(0, attempt - 1));

/** http only to the loopback interface (local receivers, tests); https everywhere else. */
const URL_OK = /^(https:\/\/[^\s]+|http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?(\/[^\s]*)?)$/;

const view = (w: WebhookRow) => ({
  webhookId: w.webhook_id,
  url: w.url,
  ...(w.office_code === null ? {} : { officeCode: w.office_code }),
  createdAt: w.created_at.toISOString(),
});

export type WebhookServiceDeps = { db: Pool; clock: Clock; pii: PiiProtector; access: Access; repo: WebhookRepository; logger: Logger };

export const webhookService = (deps: WebhookServiceDeps) => {
  const { db, clock, pii, access, repo } = deps;

  const create = async (p: Principal, input: { url: string; officeCode?: string }) => {
    if (!URL_OK.test(input.url)) {
      throw validationFailed([{ path: '/url', code: 'WEBHOOK_URL', message: { ja: 'URLはhttps://で始まること', en: 'The URL must be https:// (http:// only for the loopback interface)' } }]);
    }
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
          const res = await fetch(d.url, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              [WEBHOOK_SIGNATURE_HEADER]: signPayload(secret, t, body),
              [WEBHOOK_DELIVERY_HEADER]: d.delivery_id,
              [WEBHOOK_EVENT_HEADER]: d.event_type,
            },
            body,
            redirect: 'manual',
            signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
          });
          status = res.status;
          await res.body?.cancel().catch(() => undefined);
          if (status < 200 || status >= 300) error = `HTTP ${status}`;
        } catch (err) {
          error = err instanceof Error ? err.name : 'error';
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
  const startWorker = () => {
    let stopped = false;
    let timer: NodeJS.Timeout | undefined;
    let running: Promise<void> = Promise.resolve();
    const tick = () => {
      running = (async () => {
        try {
          while (!stopped && (await deliverDue()) > 0) {
            /* drain what is due */
          }
        } catch (err) {
          deps.logger.warn({ err }, 'webhook delivery round failed');
        }
        if (!stopped) timer = setTimeout(tick, WEBHOOK_POLL_MS);
      })();
    };
    tick();
    return {
      stop: async () => {
        stopped = true;
        if (timer) clearTimeout(timer);
        await running;
      },
    };
  };

  return { create, list, remove, deliveries, enqueue, deliverDue, startWorker };
};
export type WebhookService = ReturnType<typeof webhookService>;
