/**
 * Properties of the codec (fast-check):
 *  - generate → parse is the identity (any chunking of the bytes, CP932 or the same text in UTF-8);
 *  - parse → generate gives back the very bytes of a generated file;
 *  - for any schema-shaped filing, the file says exactly what validateFiling says about the JSON;
 *  - the reader never throws, on arbitrary bytes or on damaged files, and its items are well formed.
 */
import fc from 'fast-check';
import { decode } from 'iconv-lite';
import {
  FORM_SCHEMAS,
  FORM_CODES,
  type EmployerFilingBody,
  type Shfd0006Header,
} from '@nenkin/contracts/forms';
import { validateFiling } from '../src/forms';
import { generateShfd0006, type Shfd0006Item } from '../src/shfd0006';
import {
  HEADER,
  SHAROUSHI_HEADER,
  OFFICE,
  TODAY,
  arbValidEmployerFiling,
  arbChunking,
  arbFromSchema,
} from './helpers/filings';
import { collect } from './helpers/shfd0006';

const arbHeader = fc.constantFrom(HEADER, SHAROUSHI_HEADER);
const arbFile = fc.record({
  header: arbHeader,
  rows: fc.array(arbValidEmployerFiling, { minLength: 1, maxLength: 12 }),
});

const rowsOf = (items: readonly Shfd0006Item[]): EmployerFilingBody[] =>
  items.flatMap((i) => (i.kind === 'row' ? [i.filing] : []));
const headerOf = (items: readonly Shfd0006Item[]): Shfd0006Header | undefined => {
  const h = items.find((i) => i.kind === 'header');
  return h?.kind === 'header' ? { management: h.management, establishment: h.establishment } : undefined;
};

describe('round trips', () => {
  it('generate → parse is the identity, however the bytes are chunked', async () => {
    await fc.assert(
      fc.asyncProperty(
        arbFile.chain((f) => {
          const bytes = generateShfd0006(f.header, f.rows);
          return fc.tuple(fc.constant(f), fc.constant(bytes), arbChunking(bytes));
        }),
        async ([f, , chunks]) => {
          const items = await collect(chunks);
          expect(items.filter((i) => i.kind !== 'row' && i.kind !== 'header')).toEqual([]);
          expect(headerOf(items)).toEqual(f.header);
          expect(rowsOf(items)).toEqual(f.rows);
          expect(items.filter((i) => i.kind === 'row').map((i) => (i as { line: number }).line)).toEqual(
            f.rows.map((_, k) => 6 + k),
          );
        },
      ),
      { numRuns: 150 },
    );
  });
  it('the same text in UTF-8 (with or without BOM, detected) reads the same', async () => {
    await fc.assert(
      fc.asyncProperty(arbFile, fc.boolean(), async (f, bom) => {
        const text = decode(generateShfd0006(f.header, f.rows), 'cp932');
        const utf8 = Buffer.concat([
          bom ? Buffer.from([0xef, 0xbb, 0xbf]) : Buffer.alloc(0),
          Buffer.from(text, 'utf8'),
        ]);
        const items = await collect([utf8]);
        expect(items[0]).toMatchObject({ kind: 'header', encoding: 'utf8' });
        expect(rowsOf(items)).toEqual(f.rows);
      }),
      { numRuns: 60 },
    );
  });
  it('parse → generate gives back the very same bytes', async () => {
    await fc.assert(
      fc.asyncProperty(arbFile, async (f) => {
        const bytes = generateShfd0006(f.header, f.rows);
        const items = await collect([bytes]);
        const again = generateShfd0006(headerOf(items) as Shfd0006Header, rowsOf(items));
        expect(again.equals(bytes)).toBe(true);
      }),
      { numRuns: 100 },
    );
  });
});

describe('the file says what validateFiling says', () => {
  const employerCodes = Object.values(FORM_CODES);
  it.each(employerCodes)(
    '%s: a row is the filing when it is valid, else the same rule codes',
    async (code) => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(arbFromSchema(FORM_SCHEMAS[code]), { minLength: 1, maxLength: 4 }),
          async (raw) => {
            const rows = raw.map((r) => ({
              ...(r as EmployerFilingBody),
              office: { ...OFFICE },
            })) as EmployerFilingBody[];
            const items = (await collect([generateShfd0006(HEADER, rows)])).slice(1);
            expect(items).toHaveLength(rows.length);
            items.forEach((item, k) => {
              const expected = validateFiling(rows[k], { today: TODAY });
              if (expected.ok) {
                expect(item).toEqual({ kind: 'row', line: 6 + k, formCode: code, filing: rows[k] });
              } else {
                expect(item.kind).toBe('row-error');
                const got = item.kind === 'row-error' ? item.errors : [];
                expect(got.map((e) => `${e.code} ${e.path}`).sort()).toEqual(
                  expected.errors.map((e) => `${e.code} ${e.path}`).sort(),
                );
                expect(
                  got.every((e) => e.line === 6 + k && typeof e.column === 'number' && e.column >= 1),
                ).toBe(true);
              }
            });
          },
        ),
        { numRuns: 60 },
      );
    },
  );
});

const wellFormed = (items: readonly Shfd0006Item[]): void => {
  const fileErrors = items.filter((i) => i.kind === 'file-error');
  expect(fileErrors.length).toBeLessThanOrEqual(1);
  if (fileErrors.length === 1) expect(items[items.length - 1]?.kind).toBe('file-error');
  expect(items.filter((i) => i.kind === 'header').length).toBeLessThanOrEqual(1);
  for (const i of items) {
    if (i.kind === 'row-error' || i.kind === 'file-error') {
      expect(i.errors.length).toBeGreaterThan(0);
      for (const e of i.errors) {
        expect(typeof e.code).toBe('string');
        expect(e.message.ja.length).toBeGreaterThan(0);
        expect(e.message.en.length).toBeGreaterThan(0);
      }
    }
    if (i.kind === 'row-error')
      expect(i.errors.every((e) => e.line === i.line && (e.column ?? 1) >= 1)).toBe(true);
  }
};

describe('never throws', () => {
  it('on arbitrary bytes, with any declared encoding', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 2000 }),
        fc.constantFrom('auto' as const, 'cp932' as const, 'utf8' as const),
        async (bytes, encoding) => {
          wellFormed(await collect([Buffer.from(bytes)], { encoding }));
        },
      ),
      { numRuns: 300 },
    );
  });
  it('on arbitrary text made of the file’s own alphabet', async () => {
    const alphabet = fc.constantFrom(
      ',',
      '\r\n',
      '\n',
      '\r',
      '"',
      '[kanri]',
      '[data]',
      '2225700',
      '21',
      '01',
      'ｹｲﾄ',
      '001',
      '日本',
      '　',
      '9',
      '',
    );
    await fc.assert(
      fc.asyncProperty(fc.array(alphabet, { maxLength: 300 }), async (parts) => {
        wellFormed(await collect([Buffer.from(parts.join(''), 'utf8')]));
      }),
      { numRuns: 300 },
    );
  });
  it('on valid files with bytes inserted, deleted or overwritten', async () => {
    const damage = fc.oneof(
      fc.record({
        op: fc.constant('insert' as const),
        at: fc.nat(),
        bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }),
      }),
      fc.record({ op: fc.constant('delete' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 40 }) }),
      fc.record({
        op: fc.constant('set' as const),
        at: fc.nat(),
        byte: fc.constantFrom(0x2c, 0x22, 0x0a, 0x0d, 0x81, 0xef, 0x00, 0x41),
      }),
    );
    await fc.assert(
      fc.asyncProperty(
        arbFile,
        fc.array(damage, { minLength: 1, maxLength: 6 }),
        fc.nat(),
        async (f, damages, chunkSeed) => {
          let bytes = generateShfd0006(f.header, f.rows);
          for (const d of damages) {
            const at = d.at % (bytes.length + 1);
            if (d.op === 'insert')
              bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from(d.bytes), bytes.subarray(at)]);
            else if (d.op === 'delete')
              bytes = Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + d.len)]);
            else if (at < bytes.length) bytes[at] = d.byte;
          }
          const size = 1 + (chunkSeed % 512);
          const chunks: Buffer[] = [];
          for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
          const items = await collect(chunks);
          wellFormed(items);
          // every record the damage did not reach is still read
          const readable = items.filter((i) => i.kind === 'row' || i.kind === 'row-error').length;
          if (headerOf(items) !== undefined && !items.some((i) => i.kind === 'file-error'))
            expect(readable).toBeGreaterThan(0);
        },
      ),
      { numRuns: 300 },
    );
  });
});
