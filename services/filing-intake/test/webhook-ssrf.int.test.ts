/**
 * Webhook SSRF protection with the production setting (WEBHOOK_ALLOW_PRIVATE_NETWORKS off): a URL on
 * a private / loopback / link-local / … address, or a host resolving to one, is refused at
 * registration (422 WEBHOOK_URL_NOT_PUBLIC on `/url`), http:// is refused even to loopback; and at
 * delivery a subscription whose host now resolves privately (DNS rebinding) is never connected to.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { LookupAddress } from 'node:dns';
import { createPiiProtector } from '@nenkin/platform/crypto';
import { isAppError } from '@nenkin/platform/errors';
import { createAccess } from '../src/shared/access';
import { delegationRepository } from '../src/delegations/delegation-repository';
import { webhookRepository } from '../src/webhooks/webhook-repository';
import { webhookService } from '../src/webhooks/webhook-service';
import { createContext, OFFICE, type Claims } from './helpers';

let t: Awaited<ReturnType<typeof createContext>>;
let server: Server;
let port = 0;
let connections = 0;
beforeAll(async () => {
  t = await createContext({ WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'false', WEBHOOK_WORKER_ENABLED: 'false' });
  // A receiver on loopback that counts every TCP connection it gets.
  server = createServer((_req, res) => res.end());
  server.on('connection', () => connections++);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const a = server.address();
  port = typeof a === 'object' && a ? a.port : 0;
});
afterAll(async () => {
  await t.close();
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const EMPLOYER: Claims = { sub: 'emp-ssrf', roles: ['employer'], employers: [OFFICE] };
const register = async (url: string) => t.app.inject({ method: 'POST', url: '/v1/webhooks', headers: await t.ctx.auth.headers(EMPLOYER), payload: { url, officeCode: OFFICE } });

test.each([
  'https://127.0.0.1/hook',
  'https://127.1.2.3:8443/hook',
  'https://10.1.2.3/hook',
  'https://172.20.0.5/hook',
  'https://192.168.1.10/hook',
  'https://169.254.169.254/latest/meta-data/',
  'https://100.64.0.1/hook',
  'https://0.0.0.0/hook',
  'https://[::1]/hook',
  'https://[fd00::1]/hook',
  'https://[fe80::1]/hook',
  'https://[::ffff:192.168.0.1]/hook',
  'https://[::ffff:169.254.169.254]/hook',
  'https://0x7f.1/hook', // the URL parser reads it as 127.0.0.1
  'https://localhost/hook', // resolves to loopback
])('registration refuses %s: 422 WEBHOOK_URL_NOT_PUBLIC on /url', async (url) => {
  const res = await register(url);
  expect(res.statusCode).toBe(422);
  expect(res.headers['content-type']).toContain('application/problem+json');
  const body = res.json<{ code: string; errors: { path: string; code: string }[] }>();
  expect(body.code).toBe('WEBHOOK_URL_NOT_PUBLIC');
  expect(body.errors).toEqual([expect.objectContaining({ path: '/url', code: 'WEBHOOK_URL_NOT_PUBLIC' })]);
});

test('http:// is refused even to loopback (400 WEBHOOK_URL); a public https address is accepted', async () => {
  const http = await register(`http://127.0.0.1:${port}/hook`);
  expect(http.statusCode).toBe(400);
  expect(http.json<{ errors: { path: string; code: string }[] }>().errors).toEqual([expect.objectContaining({ path: '/url', code: 'WEBHOOK_URL' })]);
  expect((await register('https://93.184.215.14/hook')).statusCode).toBe(201);
  expect((await register('https://[2606:4700::1111]/hook')).statusCode).toBe(201);
});

/** Name → addresses, changeable by the test (as a rebinding DNS server would change its answer). */
const dnsAnswers: Record<string, string[]> = {};
const fakeLookup = async (host: string): Promise<LookupAddress[]> => {
  const a = dnsAnswers[host];
  if (a === undefined) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
  return a.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
};
const strictService = (allowPrivateNetworks = false) => {
  const { config, db, clock, logger } = t.ctx.deps;
  const pii = createPiiProtector({ encryptionKey: config.PII_ENCRYPTION_KEY, hashKey: config.PII_HASH_KEY });
  return { pii, svc: webhookService({ db, clock, pii, access: createAccess(delegationRepository()), repo: webhookRepository(), logger, allowPrivateNetworks, lookupAll: fakeLookup }) };
};

test('registration resolves the host: a single private answer refuses it, only-public answers pass, no answer is 422 too', async () => {
  const { svc } = strictService();
  dnsAnswers['hooks.internal.example'] = ['10.0.0.7'];
  dnsAnswers['hooks.mixed.example'] = ['93.184.215.14', '192.168.0.3'];
  dnsAnswers['hooks.public.example'] = ['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c'];
  const principal = { sub: 'emp-ssrf', roles: ['employer'], employers: [OFFICE] } as never;
  for (const host of ['hooks.internal.example', 'hooks.mixed.example']) {
    const err: unknown = await svc.create(principal, { url: `https://${host}/hook` }).catch((e: unknown) => e);
    expect(isAppError(err) && err.status === 422 && err.code === 'WEBHOOK_URL_NOT_PUBLIC').toBe(true);
  }
  const missing: unknown = await svc.create(principal, { url: 'https://nowhere.example/hook' }).catch((e: unknown) => e);
  expect(isAppError(missing) && missing.status === 422 && missing.code === 'WEBHOOK_URL_NOT_RESOLVABLE').toBe(true);
  await expect(svc.create(principal, { url: 'https://hooks.public.example/hook' })).resolves.toMatchObject({ url: 'https://hooks.public.example/hook' });
});

test('delivery re-resolves: a host that now resolves to loopback is never connected to (and neither is a loopback literal)', async () => {
  const { pii, svc } = strictService();
  const db = t.ctx.db.pool;
  const now = t.ctx.deps.clock.now();
  // Subscriptions stored before (registered when the names resolved publicly, or under the permissive setting).
  const hook = async (url: string): Promise<string> => {
    const id = randomUUID();
    await db.query(`INSERT INTO webhooks (webhook_id, owner_sub, office_code, url, secret, created_at) VALUES ($1, 'emp-ssrf', $2, $3, $4, $5)`, [id, OFFICE, url, pii.encrypt('s', id), now]);
    return id;
  };
  // Only these subscriptions get deliveries in this test.
  await db.query(`UPDATE webhooks SET deleted_at = now() WHERE deleted_at IS NULL`);
  dnsAnswers['rebind.example'] = ['127.0.0.1'];
  dnsAnswers['rebind6.example'] = ['93.184.215.14', '::ffff:127.0.0.1'];
  dnsAnswers.localhost = ['127.0.0.1', '::1'];
  const ids = [await hook(`https://rebind.example:${port}/hook`), await hook(`https://rebind6.example:${port}/hook`), await hook(`https://127.0.0.1:${port}/hook`), await hook(`https://localhost:${port}/hook`), await hook(`http://127.0.0.1:${port}/hook`)];
  await webhookRepository().enqueue(db, { officeCode: OFFICE, submitter: 'x', eventType: 'filing.status-changed', payload: { test: true }, at: now });
  connections = 0;
  expect(await svc.deliverDue()).toBe(ids.length);
  const log = (await db.query<{ webhook_id: string; state: string; attempts: number; last_error: string | null }>('SELECT webhook_id, state, attempts, last_error FROM webhook_deliveries WHERE webhook_id = ANY($1) ORDER BY array_position($1, webhook_id)', [ids])).rows;
  expect(log).toHaveLength(ids.length);
  expect(log).toEqual(ids.map((id) => ({ webhook_id: id, state: 'pending', attempts: 1, last_error: 'WEBHOOK_URL_NOT_PUBLIC' })));
  expect(connections).toBe(0);

  // Control: with private networks allowed, the same receiver is reached (the refusal above was the policy's).
  const { svc: permissive } = strictService(true);
  await db.query(`UPDATE webhook_deliveries SET next_attempt_at = $2 WHERE webhook_id = $1`, [ids[4], now]);
  await db.query(`UPDATE webhook_deliveries SET state = 'failed' WHERE webhook_id <> $1`, [ids[4]]);
  expect(await permissive.deliverDue()).toBe(1);
  expect(connections).toBe(1);
  expect((await db.query<{ state: string }>('SELECT state FROM webhook_deliveries WHERE webhook_id = $1', [ids[4]])).rows[0]?.state).toBe('delivered');
  permissive.close();
  svc.close();
});
