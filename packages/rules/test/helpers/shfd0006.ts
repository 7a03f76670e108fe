/**
 * Helpers for the codec tests: build a file from text lines, collect a parse into an array, and a
 * byte source that records how far it has been read (backpressure, early close).
 */
import { encode } from 'iconv-lite';
import { parseShfd0006, type Shfd0006Item, type ParseShfd0006Options } from '../../src/shfd0006';
import { TODAY } from './filings';

export const HEADER_LINES = [
  '21,01,ｹｲﾄ,001,20250701,22223',
  '[kanri]',
  ',001',
  '21,01,ｹｲﾄ,123,100,8916,東京都千代田区霞が関１－２－２,健保サービス株式会社,健保　良一,03,1234,5678',
  '[data]',
];

/** Lines joined with CRLF (and a final CRLF), in CP932 unless told otherwise. */
export const fileOf = (
  lines: readonly string[],
  opts: { encoding?: 'cp932' | 'utf8'; eol?: string; bom?: boolean; finalEol?: boolean } = {},
): Buffer => {
  const eol = opts.eol ?? '\r\n';
  const text = lines.join(eol) + (opts.finalEol === false ? '' : eol);
  const body = opts.encoding === 'utf8' ? Buffer.from(text, 'utf8') : encode(text, 'cp932');
  return opts.bom === true ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body]) : body;
};

export const collect = async (
  input: Parameters<typeof parseShfd0006>[0],
  opts: Partial<ParseShfd0006Options> = {},
): Promise<Shfd0006Item[]> => {
  const out: Shfd0006Item[] = [];
  for await (const item of parseShfd0006(input, { today: TODAY, ...opts })) out.push(item);
  return out;
};

export const kinds = (items: readonly Shfd0006Item[]): string[] => items.map((i) => i.kind);

/** Error summaries `line:column CODE` of every item. */
export const errorKeys = (items: readonly Shfd0006Item[]): string[] =>
  items.flatMap((i) =>
    'errors' in i ? i.errors.map((e) => `${e.line ?? '-'}:${e.column ?? '-'} ${e.code}`) : [],
  );

/** An async source of `chunkSize`-byte chunks that counts what was pulled and whether it was closed. */
export const trackedSource = (bytes: Buffer, chunkSize: number) => {
  const state = { pulled: 0, closed: false, total: Math.ceil(bytes.length / chunkSize) };
  async function* gen(): AsyncGenerator<Buffer> {
    try {
      for (let at = 0; at < bytes.length; at += chunkSize) {
        state.pulled++;
        yield bytes.subarray(at, at + chunkSize);
      }
    } finally {
      state.closed = true;
    }
  }
  return { source: gen(), state };
};
