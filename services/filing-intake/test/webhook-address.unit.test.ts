/**
 * Webhook address policy (SSRF): which addresses are public (a table of the special ranges, and
 * properties over whole ranges), the resolver check that refuses a host when any of its addresses is
 * not public, the socket `lookup` used at delivery; and how a slice's rows are cut into payloads.
 */
import type { LookupAddress } from 'node:dns';
import fc from 'fast-check';
import { addressRange, isPublicAddress, NonPublicAddressError, publicOnlyLookup, resolvePublic, type LookupAll } from '../src/webhooks/address-policy';
import { rowPayloads, rowStatus, type RowStatus } from '../src/webhooks/webhook-service';
import { WEBHOOK_ROW_ERRORS_MAX } from '../src/definitions';

describe('isPublicAddress', () => {
  test.each([
    ['10.0.0.1', 'private'],
    ['10.255.255.255', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.254', 'private'],
    ['192.168.1.1', 'private'],
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['169.254.169.254', 'linkLocal'],
    ['169.254.0.1', 'linkLocal'],
    ['100.64.0.1', 'carrierGradeNat'],
    ['100.127.255.255', 'carrierGradeNat'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['240.0.0.1', 'reserved'],
    ['192.0.2.10', 'reserved'],
    ['198.51.100.7', 'reserved'],
    ['203.0.113.9', 'reserved'],
    ['198.18.0.1', 'reserved'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'linkLocal'],
    ['fc00::1', 'uniqueLocal'],
    ['fd12:3456:789a::1', 'uniqueLocal'],
    ['ff02::1', 'multicast'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:10.1.2.3', 'private'],
    ['::ffff:169.254.169.254', 'linkLocal'],
    ['::ffff:a9fe:a9fe', 'linkLocal'],
    ['64:ff9b::a00:1', 'rfc6052'],
    ['2002:a00:1::1', '6to4'],
    ['2001:db8::1', 'reserved'],
    ['::a00:1', 'reserved'], // IPv4-compatible ::10.0.0.1 as the URL parser writes it: outside 2000::/3
    ['not-an-address', 'invalid'],
  ])('%s is refused (%s)', (address, range) => {
    expect(isPublicAddress(address)).toBe(false);
    expect(addressRange(address)).toBe(range);
  });

  test.each(['93.184.215.14', '8.8.8.8', '1.1.1.1', '100.63.255.255', '100.128.0.1', '172.15.255.255', '172.32.0.1', '192.167.255.255', '2606:4700::1111', '2001:4860:4860::8888', '::ffff:8.8.8.8'])(
    '%s is public',
    (address) => {
      expect(isPublicAddress(address)).toBe(true);
    },
  );

  const octet = fc.integer({ min: 0, max: 255 });
  const v4 = (a: number, b: number, c: number, d: number) => `${a}.${b}.${c}.${d}`;
  test('every address in 10/8, 172.16/12, 192.168/16, 127/8, 169.254/16, 100.64/10 is refused, also IPv4-mapped', () => {
    const privateV4 = fc.oneof(
      fc.tuple(octet, octet, octet).map(([b, c, d]) => v4(10, b, c, d)),
      fc.tuple(fc.integer({ min: 16, max: 31 }), octet, octet).map(([b, c, d]) => v4(172, b, c, d)),
      fc.tuple(octet, octet).map(([c, d]) => v4(192, 168, c, d)),
      fc.tuple(octet, octet, octet).map(([b, c, d]) => v4(127, b, c, d)),
      fc.tuple(octet, octet).map(([c, d]) => v4(169, 254, c, d)),
      fc.tuple(fc.integer({ min: 64, max: 127 }), octet, octet).map(([b, c, d]) => v4(100, b, c, d)),
    );
    fc.assert(
      fc.property(privateV4, (a) => !isPublicAddress(a) && !isPublicAddress(`::ffff:${a}`)),
      { numRuns: 2000 },
    );
  });

  test('every address in fc00::/7 and fe80::/10 is refused', () => {
    const hextet = fc.integer({ min: 0, max: 0xffff }).map((n) => n.toString(16));
    const rest = fc.array(hextet, { minLength: 7, maxLength: 7 }).map((h) => h.join(':'));
    const ula = fc.tuple(fc.integer({ min: 0xfc00, max: 0xfdff }), rest).map(([f, r]) => `${f.toString(16)}:${r}`);
    const ll = fc.tuple(fc.integer({ min: 0xfe80, max: 0xfebf }), rest).map(([f, r]) => `${f.toString(16)}:${r}`);
    fc.assert(fc.property(fc.oneof(ula, ll), (a) => !isPublicAddress(a)), { numRuns: 1000 });
  });
});

const fakeDns =
  (table: Record<string, string[]>): LookupAll =>
  async (host) => {
    const answers = table[host];
    if (answers === undefined) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    return answers.map((address): LookupAddress => ({ address, family: address.includes(':') ? 6 : 4 }));
  };

describe('resolvePublic', () => {
  const dns = fakeDns({
    'public.example': ['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c'],
    'internal.example': ['10.0.0.7'],
    'mixed.example': ['93.184.215.14', '192.168.0.10'],
    'metadata.example': ['169.254.169.254'],
    'mapped.example': ['::ffff:127.0.0.1'],
  });
  test('a host with only public addresses passes with all of them', async () => {
    await expect(resolvePublic('public.example', dns)).resolves.toHaveLength(2);
    await expect(resolvePublic('93.184.215.14', dns)).resolves.toEqual([{ address: '93.184.215.14', family: 4 }]);
  });
  test.each(['internal.example', 'mixed.example', 'metadata.example', 'mapped.example', '127.0.0.1', '::1'])('%s is refused', async (host) => {
    await expect(resolvePublic(host, dns)).rejects.toBeInstanceOf(NonPublicAddressError);
  });
  test('a host that does not resolve is an error, not a pass', async () => {
    await expect(resolvePublic('nowhere.example', dns)).rejects.toMatchObject({ code: 'ENOTFOUND' });
  });
  test('a resolver that hangs is given up after the timeout (ETIMEOUT), not waited for', async () => {
    const hanging: LookupAll = () => new Promise(() => undefined);
    await expect(resolvePublic('slow.example', hanging, 50)).rejects.toMatchObject({ code: 'ETIMEOUT' });
  });
});

describe('publicOnlyLookup (the delivery socket resolver)', () => {
  const call = (lookup: ReturnType<typeof publicOnlyLookup>, host: string, options: { family?: number; all?: boolean } = {}) =>
    new Promise<{ err: NodeJS.ErrnoException | null; address: unknown; family?: number }>((resolve) => {
      lookup(host, options, (err, address, family) => resolve({ err, address, family }));
    });
  // A name that resolved publicly at registration and now answers with a private address (rebinding).
  const answers: Record<string, string[]> = { 'hooks.example': ['93.184.215.14'] };
  const lookup = publicOnlyLookup(async (host) => (answers[host] ?? []).map((address) => ({ address, family: address.includes(':') ? 6 : 4 })));

  test('yields the checked public address (single and all)', async () => {
    expect(await call(lookup, 'hooks.example')).toEqual({ err: null, address: '93.184.215.14', family: 4 });
    expect(await call(lookup, 'hooks.example', { all: true })).toEqual({ err: null, address: [{ address: '93.184.215.14', family: 4 }], family: undefined });
  });
  test('refuses once the name re-resolves to a private or metadata address', async () => {
    for (const rebound of [['10.0.0.7'], ['169.254.169.254'], ['93.184.215.14', '127.0.0.1'], ['::ffff:192.168.1.1']]) {
      answers['hooks.example'] = rebound;
      const r = await call(lookup, 'hooks.example', { all: true });
      expect(r.err).toBeInstanceOf(NonPublicAddressError);
      expect((r.err as NonPublicAddressError).code).toBe('WEBHOOK_URL_NOT_PUBLIC');
    }
  });
  test('honours a requested family', async () => {
    answers['hooks.example'] = ['93.184.215.14'];
    expect((await call(lookup, 'hooks.example', { family: 6 })).err).toMatchObject({ code: 'ENOTFOUND' });
  });
});

describe('filings.status-changed payloads', () => {
  const head = { batchId: '0190a2b4-5c6d-7e8f-9a0b-1c2d3e4f5a6b', arrivalNumber: '202507100000000001' };
  const row = (line: number): RowStatus => ({ line, filingId: `f-${line}`, arrivalNumber: String(202507100000000000 + line), formCode: '2225700', status: 'accepted' });
  test('rows keep line order and each appears in exactly one payload; parts respect the row and byte caps', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 400 }), fc.integer({ min: 1, max: 120 }), fc.integer({ min: 200, max: 8_000 }), (n, maxRows, maxBytes) => {
        const rows = Array.from({ length: n }, (_, i) => row(i + 6));
        const payloads = rowPayloads(head, rows, maxRows, maxBytes);
        const parsed = payloads.map((p) => JSON.parse(p) as { batchId: string; arrivalNumber: string; rows: RowStatus[] });
        expect(parsed.flatMap((p) => p.rows)).toEqual(rows);
        for (const [i, p] of parsed.entries()) {
          expect(p).toMatchObject(head);
          expect(p.rows.length).toBeGreaterThan(0);
          expect(p.rows.length).toBeLessThanOrEqual(maxRows);
          if (p.rows.length > 1) expect(Buffer.byteLength(payloads[i] as string)).toBeLessThanOrEqual(maxBytes);
        }
      }),
      { numRuns: 200 },
    );
  });
  test('a row carries error codes and field paths only, capped, with the total when cut', () => {
    const errors = Array.from({ length: WEBHOOK_ROW_ERRORS_MAX + 5 }, (_, i) => ({ code: `E${i}`, path: i === 0 ? '' : `/months/${i}`, message: { ja: '日本　太郎', en: 'x' } }));
    const r = rowStatus({ line: 9, filingId: 'f', arrivalNumber: 'a', formCode: '', status: 'rejected', errors });
    expect(r.errors).toHaveLength(WEBHOOK_ROW_ERRORS_MAX);
    expect(r.errors?.[0]).toEqual({ code: 'E0' });
    expect(r.errors?.[1]).toEqual({ code: 'E1', field: '/months/1' });
    expect(r.errorCount).toBe(WEBHOOK_ROW_ERRORS_MAX + 5);
    expect(r.formCode).toBeUndefined();
    expect(JSON.stringify(r)).not.toContain('日本');
  });
});
