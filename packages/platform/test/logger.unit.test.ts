/**
 * The logger: personal fields redacted at any depth we cover, JSON lines with level labels.
 */
import { Writable } from 'node:stream';
import { REDACTED, REDACT_PATHS, createLogger } from '../src/logger';

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

  // Depths 0-5 cover body → filing → insured[] → item → field, and event envelope → data → … .
  it.each([0, 1, 2, 3, 4, 5])('redacts myNumber at depth %i', (depth) => {
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

  it('exposes the path list (every key at every depth)', () => {
    expect(REDACT_PATHS).toContain('myNumber');
    expect(REDACT_PATHS).toContain('*.*.myNumber');
    expect(REDACT_PATHS).toContain('*["個人番号"]');
    expect(REDACT_PATHS).toContain('req.headers.authorization');
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
