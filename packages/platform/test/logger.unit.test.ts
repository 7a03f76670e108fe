/**
 * The logger: personal fields redacted at any depth we cover, JSON lines with level labels.
 */
import { Writable } from 'node:stream';
import fc from 'fast-check';
import { REDACTED, REDACTED_KEYS, REDACT_MAX_DEPTH, TOO_DEEP, createLogger, redactPersonal } from '../src/logger';

const capture = () => {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const l of chunk.toString('utf8').split('\n'))
        if (l.trim() !== '') lines.push(JSON.parse(l) as Record<string, unknown>);
      done();
    },
  });
  return { lines, log: createLogger({ name: 'records', level: 'debug', destination }) };
};

const nest = (depth: number, leaf: Record<string, unknown>): Record<string, unknown> =>
  depth === 0 ? leaf : { inner: nest(depth - 1, leaf) };

describe('createLogger', () => {
  it('writes JSON with the service name, level label and ISO time', () => {
    const { lines, log } = capture();
    log.info({ batchId: 'b1', rows: 3 }, 'batch accepted');
    expect(lines[0]).toMatchObject({
      service: 'records',
      level: 'info',
      batchId: 'b1',
      rows: 3,
      msg: 'batch accepted',
    });
    expect(String(lines[0]?.['time'])).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });

  // Depths 0-5 cover body → filing → insured[] → item → field, and event envelope → data → …; any
  // depth up to REDACT_MAX_DEPTH is covered.
  it.each([0, 1, 2, 3, 4, 5, 9, REDACT_MAX_DEPTH - 1])('redacts myNumber at depth %i', (depth) => {
    const { lines, log } = capture();
    log.info(nest(depth, { myNumber: '123456789018', keep: 'k' }), 'm');
    const text = JSON.stringify(lines[0]);
    expect(text).not.toContain('123456789018');
    expect(text).toContain(REDACTED);
    expect(text).toContain('"keep":"k"');
  });

  it('redacts inside arrays, Japanese keys, names, addresses, birth dates and credentials', () => {
    const { lines, log } = capture();
    log.info(
      {
        filing: {
          insured: [
            {
              myNumber: '111111111118',
              nameKanji: '山田太郎',
              nameKana: 'ﾔﾏﾀﾞ ﾀﾛｳ',
              birthDate: '1980-01-01',
              grade: 20,
            },
          ],
          employer: { address: '東京都千代田区', postalCode: '100-0001' },
        },
        個人番号: '222222222226',
        row: { 氏名: '鈴木花子', 生年月日: '1990-02-02' },
        req: { headers: { authorization: 'Bearer abc.def.ghi', cookie: 'sid=1', 'x-request-id': 'r1' } },
        name: 'Taro',
      },
      'm',
    );
    const text = JSON.stringify(lines[0]);
    for (const secret of [
      '111111111118',
      '山田太郎',
      'ﾔﾏﾀﾞ',
      '1980-01-01',
      '東京都',
      '100-0001',
      '222222222226',
      '鈴木花子',
      '1990-02-02',
      'abc.def',
      'sid=1',
      'Taro',
    ]) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain('"grade":20');
    expect(text).toContain('"x-request-id":"r1"');
    expect(lines[0]?.['service']).toBe('records');
  });

  it('redacts child logger bindings too', () => {
    const { lines, log } = capture();
    log.child({ correlationId: 'c1', person: { myNumber: '333333333331' } }).warn('x');
    expect(JSON.stringify(lines[0])).not.toContain('333333333331');
    expect(lines[0]).toMatchObject({ correlationId: 'c1', level: 'warn' });
  });

  it('redacts what the err serializer produces (personal properties of an error)', () => {
    const { lines, log } = capture();
    log.error({ err: Object.assign(new Error('boom'), { myNumber: '444444444444', code: 'E1' }) }, 'failed');
    const text = JSON.stringify(lines[0]);
    expect(text).not.toContain('444444444444');
    expect(text).toContain('"code":"E1"');
    expect(text).toContain('boom');
  });

  it('redacts inside errors nested in errors, aggregated errors, causes, class instances and custom serializers', () => {
    const { lines, log } = capture();
    class Dto {
      constructor(
        readonly myNumber: string,
        readonly nameKana: string,
      ) {}
    }
    const inner = Object.assign(new Error('inner'), { myNumber: '600000000001' });
    log.error({ err: Object.assign(new Error('outer'), { original: inner }) }, 'a');
    log.error({ err: new AggregateError([Object.assign(new Error('x'), { myNumber: '600000000002' })], 'many') }, 'b');
    log.error({ err: Object.assign(new Error('dto'), { details: new Dto('600000000003', 'ﾔﾏﾀﾞ') }) }, 'c');
    log.warn({ cause: Object.assign(new Error('c'), { myNumber: '600000000004' }) }, 'd');
    log.info({ dto: new Dto('600000000005', 'ﾔﾏﾀﾞ') }, 'e');
    log.child({}, { serializers: { who: (w: { id: string }) => ({ id: w.id, myNumber: '600000000006' }) } }).info({ who: { id: 'w1' } }, 'f');
    log.info({ headers: { Authorization: 'Bearer zzz.yyy', 'X-Api-Key': 'k-123' } }, 'g');
    const text = lines.map((l) => JSON.stringify(l)).join('\n');
    for (const secret of ['600000000001', '600000000002', '600000000003', '600000000004', '600000000005', '600000000006', 'ﾔﾏﾀﾞ', 'zzz.yyy', 'k-123']) {
      expect(text).not.toContain(secret);
    }
    expect(lines).toHaveLength(7);
    expect(text).toContain('"id":"w1"');
    expect(text).toContain('inner'); // the nested error is still there, redacted
  });

  it('replaces what lies deeper than REDACT_MAX_DEPTH whole (and survives cycles)', () => {
    const { lines, log } = capture();
    const cyclic: Record<string, unknown> = { id: 'x' };
    cyclic['self'] = cyclic;
    log.info({ deep: nest(REDACT_MAX_DEPTH + 2, { myNumber: '555555555555' }), cyclic }, 'm');
    const text = JSON.stringify(lines[0]);
    expect(text).not.toContain('555555555555');
    expect(text).toContain(TOO_DEEP);
  });
  it('honours the level', () => {
    const lines: unknown[] = [];
    const destination = new Writable({ write: (c: Buffer, _e, done) => (lines.push(c.toString()), done()) });
    const log = createLogger({ name: 'x', level: 'warn', destination });
    log.info('dropped');
    log.warn('kept');
    expect(lines).toHaveLength(1);
  });
});

describe('redactPersonal', () => {
  const key = fc.constantFrom(...REDACTED_KEYS, 'authorization', 'cookie');
  const json = fc.jsonValue({ maxDepth: 4 });

  it('never lets a personal key through, wherever it is placed, and never modifies its input', () => {
    fc.assert(
      fc.property(json, fc.array(fc.oneof(fc.string({ maxLength: 8 }), fc.nat(3)), { maxLength: 6 }), key, (doc, path, k) => {
        const secret = 'SECRET-7f3a9c';
        // place { [k]: secret } at `path` inside a copy of doc (strings descend into objects, numbers into arrays)
        const root: unknown = { doc: structuredClone(doc) };
        let at: Record<string, unknown> = root as Record<string, unknown>;
        for (const step of path) {
          const next: Record<string, unknown> = {};
          at[typeof step === 'number' ? `i${step}` : step] = typeof step === 'number' ? [next] : next;
          at = next;
        }
        at[k] = secret;
        const before = JSON.stringify(root);
        const out = JSON.stringify(redactPersonal(root));
        expect(out).not.toContain(secret);
        expect(JSON.stringify(root)).toBe(before);
      }),
    );
  });

  it('returns the very same object when nothing is personal', () => {
    fc.assert(
      fc.property(json, (doc) => {
        const text = JSON.stringify(doc);
        if (REDACTED_KEYS.some((k) => text.includes(`"${k}"`)) || /"(authorization|cookie|set-cookie|x-api-key)"/.test(text)) return;
        expect(redactPersonal(doc)).toBe(doc);
      }),
    );
  });

});
