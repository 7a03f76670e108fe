/**
 * Bytes in, text out — the byte-level rules of the file before any CSV tokenising: the encoding
 * (CP932, or UTF-8 with an optional BOM; declared or detected), CRLF line ends, and the record
 * length limit.
 *
 * Why here and not in the tokenizer: a file with LF line ends or no line end at all would otherwise
 * become one ever-growing record; checking at the byte level keeps memory bounded by
 * `maxLineBytes` whatever the input. Bytes 0x0A, 0x0D and 0x2C never occur inside a CP932 or UTF-8
 * multi-byte character, so line ends can be found on the raw bytes.
 * Guarantees: only whole records (up to a CRLF) are passed on, so a record cut short by a limit is
 * never parsed; at most `maxLineBytes` + one input chunk is held; the input iterator is closed when
 * the consumer stops early. Problems are reported through `state.error`, never thrown.
 */
import { getDecoder } from 'iconv-lite';
import { type FieldError, fieldError } from '../result';
import { Shfd0006Codes } from './codes';
import { DETECT_BYTES } from './limits';

export type Shfd0006Encoding = 'cp932' | 'utf8';

export interface InputState {
  error?: FieldError;
  encoding?: Shfd0006Encoding;
}

const CR = 0x0d;
const LF = 0x0a;

const hasUtf8Bom = (b: Buffer): boolean => b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf;

const hasHighBytes = (b: Buffer): boolean => {
  for (let i = 0; i < b.length; i++) if ((b[i] as number) >= 0x80) return true;
  return false;
};

/** True when the sample is valid UTF-8 (a trailing incomplete sequence is allowed unless `ended`). */
const isValidUtf8 = (sample: Buffer, ended: boolean): boolean => {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: !ended });
    return true;
  } catch {
    return false;
  }
};

const fileError = (code: string, ja: string, en: string, line?: number): FieldError => ({
  ...fieldError('', code, ja, en),
  ...(line === undefined ? {} : { line }),
});

/**
 * Chooses the encoding. A valid CP932 header always contains a byte that cannot start a UTF-8
 * sequence (the 全角スペース of 事業主氏名 is 0x81 0x40), so "valid UTF-8 with non-ASCII bytes" is a
 * reliable sign of UTF-8.
 */
const chooseEncoding = (
  head: Buffer,
  ended: boolean,
  declared: 'cp932' | 'utf8' | 'auto',
): { encoding: Shfd0006Encoding } | { error: FieldError } => {
  const bom = hasUtf8Bom(head);
  const cut = ended ? head.length : head.lastIndexOf(LF) + 1 || head.length;
  const sample = head.subarray(bom ? 3 : 0, cut);
  const looksUtf8 = hasHighBytes(sample) && isValidUtf8(sample, ended || cut < head.length);
  if (declared === 'cp932') {
    if (bom || looksUtf8) {
      return {
        error: fileError(
          Shfd0006Codes.ENCODING_MISMATCH,
          'ファイルはShift_JIS（CP932）と指定されていますが、UTF-8で書かれています',
          'The file is declared CP932 (Shift_JIS) but is UTF-8',
        ),
      };
    }
    return { encoding: 'cp932' };
  }
  if (declared === 'utf8') {
    if (!isValidUtf8(sample, ended || cut < head.length)) {
      return {
        error: fileError(
          Shfd0006Codes.ENCODING_MISMATCH,
          'ファイルはUTF-8と指定されていますが、UTF-8として読めません（Shift_JISではありませんか）',
          'The file is declared UTF-8 but is not valid UTF-8 (is it Shift_JIS?)',
        ),
      };
    }
    return { encoding: 'utf8' };
  }
  return { encoding: bom || looksUtf8 ? 'utf8' : 'cp932' };
};

const toBuffer = (chunk: unknown): Buffer | undefined =>
  Buffer.isBuffer(chunk)
    ? chunk
    : chunk instanceof Uint8Array
      ? Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)
      : undefined;

/**
 * The text of the file, whole records at a time (each yielded string ends with CRLF, except the
 * last record of a file without a final CRLF). Stops (with `state.error`) on: a non-byte chunk, an
 * empty file, an encoding mismatch, a first line ending in a bare LF, or a record over `maxLineBytes`.
 */
export async function* decodeInput(
  input: AsyncIterable<unknown>,
  opts: { encoding: 'cp932' | 'utf8' | 'auto'; maxLineBytes: number },
  state: InputState,
): AsyncGenerator<string> {
  let it: AsyncIterator<unknown> | undefined;
  let readFailure: unknown;
  let notBytes = false;
  /** The next chunk, or undefined at the end (a failing input ends it too; reported at the end). */
  const next = async (): Promise<Buffer | undefined> => {
    try {
      it ??= input[Symbol.asyncIterator]();
      const r = await it.next();
      if (r.done === true) return undefined;
      const b = toBuffer(r.value);
      if (b === undefined) notBytes = true;
      return b;
    } catch (e) {
      readFailure = e ?? new Error('read failed');
      return undefined;
    }
  };
  const endError = (): FieldError | undefined => {
    if (notBytes)
      return fileError(
        Shfd0006Codes.INVALID_INPUT,
        '入力がバイト列ではありません',
        'The input yielded something other than bytes',
      );
    if (readFailure === undefined) return undefined;
    const m = readFailure instanceof Error ? readFailure.message : String(readFailure);
    return fileError(
      Shfd0006Codes.READ_ERROR,
      `ファイルを読み込めませんでした: ${m}`,
      `Reading the file failed: ${m}`,
    );
  };
  try {
    // 1. Enough bytes to decide the encoding.
    const headParts: Buffer[] = [];
    let headLength = 0;
    let ended = false;
    while (headLength < DETECT_BYTES) {
      const b = await next();
      if (b === undefined) {
        ended = true;
        break;
      }
      headParts.push(b);
      headLength += b.length;
    }
    const head = Buffer.concat(headParts, headLength);
    if (head.length === 0 || (hasUtf8Bom(head) && head.length === 3)) {
      state.error =
        endError() ?? fileError(Shfd0006Codes.FILE_EMPTY, 'ファイルが空です', 'The file is empty');
      return;
    }
    const chosen = chooseEncoding(head, ended && readFailure === undefined && !notBytes, opts.encoding);
    if ('error' in chosen) {
      state.error = chosen.error;
      return;
    }
    state.encoding = chosen.encoding;
    const decoder = getDecoder(chosen.encoding);

    // 2. Whole records only; CRLF; the length limit.
    let carry: Buffer = Buffer.alloc(0);
    let lastByte = -1;
    let lines = 0; // LFs seen
    let recordLine = 1; // line the current record starts on
    let sinceCrlf = 0; // bytes of the current record so far (incl. any bare LF)
    let firstLf = true;
    const tooLong = (): FieldError =>
      fileError(
        Shfd0006Codes.LINE_TOO_LONG,
        `${recordLine}行目: 1レコードが${opts.maxLineBytes}バイトを超えています（改行CRLFがありません）`,
        `Line ${recordLine}: a record is longer than ${opts.maxLineBytes} bytes (or has no CRLF line end)`,
        recordLine,
      );

    /** The text of the complete records the chunk ends; sets state.error when a rule stops the file. */
    const consume = (chunk: Buffer): string => {
      let pos = 0;
      let cut = -1; // end (exclusive) of the last complete record in this chunk
      for (
        let i = chunk.indexOf(LF, pos);
        i !== -1 && state.error === undefined;
        i = chunk.indexOf(LF, pos)
      ) {
        const prev = i > 0 ? (chunk[i - 1] as number) : lastByte;
        lines++;
        sinceCrlf += i - pos + 1;
        if (firstLf) {
          firstLf = false;
          if (prev !== CR) {
            state.error = fileError(
              Shfd0006Codes.LINE_ENDING_NOT_CRLF,
              '改行コードがCRLFではありません（LFのみ）。電子申請の届書はCRLFで区切ります',
              'Lines end with LF only; the filing format requires CRLF line ends',
              1,
            );
            break;
          }
        }
        if (sinceCrlf - 2 > opts.maxLineBytes) {
          state.error = tooLong();
          break;
        }
        if (prev === CR) {
          sinceCrlf = 0;
          recordLine = lines + 1;
          cut = i + 1;
        }
        pos = i + 1;
      }
      if (state.error === undefined) {
        sinceCrlf += chunk.length - pos;
        if (sinceCrlf > opts.maxLineBytes + 1) state.error = tooLong();
      }
      if (chunk.length > 0) lastByte = chunk[chunk.length - 1] as number;
      if (cut < 0) {
        if (state.error === undefined) carry = carry.length === 0 ? chunk : Buffer.concat([carry, chunk]);
        return '';
      }
      const text = decoder.write(carry) + decoder.write(chunk.subarray(0, cut));
      carry = chunk.subarray(cut);
      return text;
    };

    let text = consume(head);
    if (text !== '') yield text;
    while (!ended && state.error === undefined) {
      const b = await next();
      if (b === undefined) break;
      text = consume(b);
      if (text !== '') yield text;
    }
    if (state.error !== undefined) return;
    const failure = endError();
    if (failure !== undefined) {
      state.error = failure;
      return;
    }
    const tail = decoder.write(carry) + (decoder.end() ?? '');
    if (tail !== '') yield tail;
  } finally {
    try {
      await it?.return?.();
    } catch {
      // the input already failed; its error was reported above
    }
  }
}
