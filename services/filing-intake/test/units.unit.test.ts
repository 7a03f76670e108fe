/** Pure pieces: CSV-injection-safe cells, マイナンバー protection, webhook signatures and backoff, channels. */
import { createHmac, randomBytes } from 'node:crypto';
import { createPiiProtector } from '@nenkin/platform/crypto';
import { csvCell, errorCsvLine } from '../src/batches/csv-export';
import { protectMyNumbers, stripMyNumbers } from '../src/filings/protect';
import { channelOf } from '../src/filings/filing-service';
import { backoffMs, signPayload } from '../src/webhooks/webhook-service';
import { WEBHOOK_BACKOFF_MAX_MS } from '../src/definitions';

describe('csvCell', () => {
  test.each(['=1+2', '+cmd', '-1', '@SUM(A1)', '\tx', '\rx', '＝１', '＋', '－', '＠'])('neutralises %j', (v) => {
    const cell = csvCell(v);
    expect(cell.startsWith(`"'`)).toBe(true);
  });
  test('quotes and doubles quotes, flattens line breaks, leaves plain text alone', () => {
    expect(csvCell('a"b')).toBe('"a""b"');
    expect(csvCell('a\r\nb')).toBe('"a b"');
    expect(csvCell('日本　太郎')).toBe('"日本　太郎"');
    expect(csvCell(7)).toBe('"7"');
    expect(csvCell(undefined)).toBe('""');
  });
  test('an error line has six cells and CRLF', () => {
    expect(errorCsvLine({ line: 7, column: 6, code: 'X', path: '/nameKana', message: { ja: '=危険', en: 'e' } })).toBe(`"7","6","X","/nameKana","'=危険","e"\r\n`);
  });
});

describe('protectMyNumbers', () => {
  const pii = createPiiProtector({ encryptionKey: randomBytes(32), hashKey: randomBytes(32) });
  test('removes every myNumber, keeps the rest, hashes and encrypts by JSON pointer', () => {
    const body = { formCode: 'X', applicant: { myNumber: '123456789018', name: 'a' }, related: [{ myNumber: '111111111118' }], myNumber: '123456789018' };
    const { body: out, myNumbers } = protectMyNumbers(pii, body);
    expect(JSON.stringify(out)).not.toContain('123456789018');
    expect(out).toEqual({ formCode: 'X', applicant: { name: 'a' }, related: [{}] });
    expect(myNumbers.map((m) => m.path)).toEqual(['/applicant/myNumber', '/related/0/myNumber', '/myNumber']);
    expect(myNumbers[0]?.hash).toBe(pii.hash('123456789018'));
    expect(myNumbers[0]?.hash).toBe(myNumbers[2]?.hash);
    expect(pii.decrypt(myNumbers[1]?.cipher ?? '')).toBe('111111111118');
    expect(body.myNumber).toBe('123456789018'); // the input is not mutated
  });
  test('copies only what holds a myNumber: untouched subtrees are shared, the input is not mutated', () => {
    const body = { a: { b: [1, 2] }, list: [{ x: 1 }, { myNumber: '123456789018', y: 2 }, { z: 3 }], c: { d: 1 } };
    const { body: out, myNumbers } = protectMyNumbers(pii, body);
    expect(out).toEqual({ a: { b: [1, 2] }, list: [{ x: 1 }, { y: 2 }, { z: 3 }], c: { d: 1 } });
    expect(myNumbers.map((m) => m.path)).toEqual(['/list/1/myNumber']);
    const o = out as typeof body;
    expect(o.a).toBe(body.a);
    expect(o.list[0]).toBe(body.list[0]);
    expect(o.list).not.toBe(body.list);
    expect(body.list[1]).toEqual({ myNumber: '123456789018', y: 2 });
    const none = { formCode: 'X', office: { symbol: 'ｹｲﾄ' } };
    expect(protectMyNumbers(pii, none)).toEqual({ body: none, myNumbers: [] });
    expect(protectMyNumbers(pii, none).body).toBe(none);
  });
  test('stripMyNumbers', () => {
    expect(stripMyNumbers({ a: [{ myNumber: '1', b: 2 }] })).toEqual({ a: [{ b: 2 }] });
  });
});

describe('webhooks', () => {
  test('signature = HMAC-SHA256(secret, "<t>.<body>") as t=…,v1=…', () => {
    const sig = signPayload('s3cret', 1_700_000_000, '{"a":1}');
    expect(sig).toBe(`t=1700000000,v1=${createHmac('sha256', 's3cret').update('1700000000.{"a":1}').digest('hex')}`);
    expect(signPayload('s3cret', 1_700_000_001, '{"a":1}')).not.toBe(sig);
  });
  test('backoff doubles and is capped', () => {
    expect(backoffMs(1)).toBe(1000);
    expect(backoffMs(2)).toBe(2000);
    expect(backoffMs(5)).toBe(16000);
    expect(backoffMs(40)).toBe(WEBHOOK_BACKOFF_MAX_MS);
  });
});

describe('channelOf', () => {
  test('derived from the role; only integrations and staff may name it', () => {
    expect(channelOf({ sub: 's', roles: ['staff'], employers: [] }, undefined)).toBe('counter');
    expect(channelOf({ sub: 'p', roles: ['person'], employers: [] }, undefined)).toBe('mynaportal');
    expect(channelOf({ sub: 'e', roles: ['employer'], employers: [] }, undefined)).toBe('egov-api');
    expect(channelOf({ sub: 'i', roles: ['integration'], employers: [] }, 'mynaportal')).toBe('mynaportal');
    expect(() => channelOf({ sub: 'e', roles: ['employer'], employers: [] }, 'counter')).toThrow();
  });
});
