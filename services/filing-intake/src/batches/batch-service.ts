/**
 * Vendor files (`SHFD0006.CSV`): upload, asynchronous row processing, progress and reports.
 *
 * Upload (streamed, flat memory): the first bytes are held until the header records parse (a bad
 * header, wrong encoding, empty file, garbage → 422 before anything is stored; the caller must be
 * allowed to file for the file's office → 403); then the stream is written to `batch_chunks` in
 * BATCH_CHUNK_BYTES pieces while a byte scanner counts records and enforces the limits (size and
 * rows → 413, a record over the codec's line limit → 422, no data record → 422). Only a complete,
 * checked upload becomes `processing`, with its 202 and 到達番号.
 *
 * Processing (the worker): the stored file is parsed again from the database; rows are applied
 * BATCH_ROWS_PER_TX at a time — filings, their filing.accepted / filing.rejected events and the
 * batch's checkpoint line and counters in ONE transaction, the checkpoint advanced only from the
 * value this worker read. After a crash the next worker skips every line ≤ checkpoint: every row
 * ends exactly once, accepted or rejected, and accepted + rejected = processed = total. The slice's
 * `filings.status-changed` webhook deliveries are written in the same transaction (onRowsDecided),
 * so each row is in exactly one delivery per subscription, across crashes and resumes too.
 */
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { Principal } from '@nenkin/contracts/auth';
import type { EmployerFilingBody } from '@nenkin/contracts/forms';
import { BatchEvents, FilingAcceptedData, FilingChannels, FilingEvents, FilingStatuses } from '@nenkin/contracts/intake';
import { compile } from '@nenkin/contracts/validate';
import type { FieldError } from '@nenkin/contracts/problem';
import { PoisonMessageError, type Bus } from '@nenkin/platform/bus';
import { todayInJapan, type Clock } from '@nenkin/platform/clock';
import type { PiiProtector } from '@nenkin/platform/crypto';
import { withTransaction, type Pool, type Queryable } from '@nenkin/platform/db';
import { AppError, ErrorCodes, notFound, unprocessable } from '@nenkin/platform/errors';
import type { Logger } from '@nenkin/platform/logger';
import { startLoop, type Loop } from '@nenkin/platform/loop';
import { parseOfficeCode } from '@nenkin/rules/identifiers';
import { DEFAULT_MAX_LINE_BYTES, DETECT_BYTES, parseShfd0006, Shfd0006Codes, type Shfd0006Item } from '@nenkin/rules/shfd0006';
import { BATCH_CHUNK_BYTES, BATCH_POLL_MS, BATCH_ROWS_PER_TX, BATCH_SLICES_IN_FLIGHT, SHFD0006_HEADER_LINES, STALE_UPLOAD_MS } from '../definitions';
import type { FilingRepository, NewFiling, TimelineEntry } from '../filings/filing-repository';
import { primaryRole } from '../filings/filing-service';
import { protectMyNumbers } from '../filings/protect';
import type { Access } from '../shared/access';
import type { BatchRepository, BatchRow } from './batch-repository';

export type Encoding = 'auto' | 'cp932' | 'utf8';

export const BatchErrorCodes = {
  FILE_REJECTED: 'FILE_REJECTED',
  FILE_TOO_LARGE: 'FILE_TOO_LARGE',
  TOO_MANY_ROWS: 'TOO_MANY_ROWS',
  LINE_TOO_LONG: 'LINE_TOO_LONG',
  NO_DATA_ROWS: 'NO_DATA_ROWS',
  BATCH_NOT_FOUND: 'BATCH_NOT_FOUND',
  INTERNAL_CONTRACT_MISMATCH: 'INTERNAL_CONTRACT_MISMATCH',
} as const;

const acceptedCheck = compile(FilingAcceptedData);

const tooLarge = (code: string, detail: string) => new AppError({ status: 413, code, title: 'Payload too large', detail });
const fileRejected = (errors: readonly FieldError[]) =>
  unprocessable(BatchErrorCodes.FILE_REJECTED, 'The file cannot be read as SHFD0006.CSV: see errors[]', [...errors]);
const fe = (code: string, ja: string, en: string, line?: number): FieldError => ({ path: '', code, message: { ja, en }, ...(line === undefined ? {} : { line }) });

/** The rows of one committed slice (their filings as inserted), for the per-slice status webhook. */
export type RowsDecided = { batchId: string; arrivalNumber: string; officeCode: string | null; submittedBy: string; rows: readonly NewFiling[]; at: Date };

export type BatchDone = { batchId: string; arrivalNumber: string; officeCode?: string; submittedBy: string; status: string; total: number; accepted: number; rejected: number; at: Date };

export type BatchServiceDeps = {
  db: Pool;
  bus: Pick<Bus, 'outbox'>;
  clock: Clock;
  logger: Logger;
  pii: PiiProtector;
  access: Access;
  filings: FilingRepository;
  repo: BatchRepository;
  limits: { maxBytes: number; maxRows: number };
  onBatchDone: (tx: Queryable, b: BatchDone) => Promise<void>;
  /** Runs in each slice's transaction, after its filings, events and checkpoint: exactly once per row. */
  onRowsDecided: (tx: Queryable, s: RowsDecided) => Promise<void>;
};

/** Counts records (CRLF) and checks the record length on raw bytes, across chunk boundaries. */
const createScanner = (maxLineBytes: number) => {
  let records = 0;
  let sinceCrlf = 0;
  let prev = -1;
  let longLine: number | undefined;
  return {
    feed(b: Buffer): void {
      let pos = 0;
      for (let i = b.indexOf(0x0a, pos); i !== -1; i = b.indexOf(0x0a, pos)) {
        const before = i > 0 ? (b[i - 1] as number) : prev;
        sinceCrlf += i - pos + 1;
        if (before === 0x0d) {
          if (sinceCrlf - 2 > maxLineBytes && longLine === undefined) longLine = records + 1;
          records++;
          sinceCrlf = 0;
        }
        pos = i + 1;
      }
      sinceCrlf += b.length - pos;
      if (sinceCrlf > maxLineBytes + 2 && longLine === undefined) longLine = records + 1;
      if (b.length > 0) prev = b[b.length - 1] as number;
    },
    /** Records in the file (a last record without CRLF counts). */
    records: (): number => records + (sinceCrlf > 0 ? 1 : 0),
    longLine: (): number | undefined => longLine,
  };
};

/** Parses just the header from the first bytes: the header item, or the file's errors. */
const readHeader = async (head: Buffer, ended: boolean, encoding: Encoding, today: string): Promise<Extract<Shfd0006Item, { kind: 'header' }> | FieldError[]> => {
  for await (const item of parseShfd0006([head], { encoding, today })) {
    if (item.kind === 'header') return item;
    if (item.kind === 'file-error') {
      // A record cut by the end of the head sample is not an error of the file.
      if (!ended && item.errors.every((e) => e.code === Shfd0006Codes.MISSING_RECORD)) break;
      return [...item.errors];
    }
  }
  return [fe(Shfd0006Codes.MISSING_RECORD, 'ファイルの先頭に媒体管理レコード・事業所情報・[data]がありません', 'the header records ([kanri], establishment, [data]) were not found at the start of the file', 1)];
};

export const batchService = (deps: BatchServiceDeps) => {
  const { db, bus, clock, pii, access, filings, repo, limits } = deps;
  const log = deps.logger.child({ component: 'batches' });
  let wake: (() => void) | undefined;

  /** Receives an upload; resolves with the 202 body once the whole file is stored and checked. */
  const upload = async (p: Principal, stream: AsyncIterable<Buffer> | Readable, opts: { encoding: Encoding; contentLength?: number; correlationId: string }) => {
    if (opts.contentLength !== undefined && opts.contentLength > limits.maxBytes) {
      throw tooLarge(BatchErrorCodes.FILE_TOO_LARGE, `The file is larger than the limit of ${limits.maxBytes} bytes`);
    }
    const today = todayInJapan(clock);
    const iterator = (stream as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
    const scanner = createScanner(DEFAULT_MAX_LINE_BYTES);
    let bytes = 0;
    const pending: Buffer[] = [];
    let pendingBytes = 0;
    const take = (b: Buffer) => {
      bytes += b.length;
      if (bytes > limits.maxBytes) throw tooLarge(BatchErrorCodes.FILE_TOO_LARGE, `The file is larger than the limit of ${limits.maxBytes} bytes`);
      scanner.feed(b);
      if (scanner.records() - SHFD0006_HEADER_LINES > limits.maxRows + 1) {
        throw tooLarge(BatchErrorCodes.TOO_MANY_ROWS, `The file has more than the limit of ${limits.maxRows} data records`);
      }
      pending.push(b);
      pendingBytes += b.length;
    };
    /**
     * After a refusal the rest of the body is read and dropped in the background (not destroyed: a
     * destroyed socket would cost the client the 4xx answer); the route closes the connection after it.
     */
    const drainInput = async () => {
      void (async () => {
        try {
          for (let r = await iterator.next(); r.done !== true; r = await iterator.next()) {
            /* discard */
          }
        } catch {
          /* the client is gone */
        }
      })();
    };

    // 1. The head: enough to parse the header records.
    let ended = false;
    try {
      while (pendingBytes < DETECT_BYTES) {
        const r = await iterator.next();
        if (r.done === true) {
          ended = true;
          break;
        }
        take(Buffer.from(r.value));
      }
    } catch (err) {
      await drainInput();
      throw err;
    }
    const header = await readHeader(Buffer.concat(pending), ended, opts.encoding, today);
    if (Array.isArray(header)) {
      await drainInput();
      throw fileRejected(header);
    }
    const office = parseOfficeCode(header.establishment.office);
    if (!office.ok) {
      await drainInput();
      throw fileRejected(office.errors);
    }
    const officeCode = office.value.key;
    try {
      await access.assertSubmit(db, p, { officeCode });
    } catch (err) {
      await drainInput();
      throw err;
    }

    // 2. The batch, then the bytes, chunk by chunk.
    const batchId = randomUUID();
    const now = clock.now();
    const [arrivalNumber] = await filings.nextArrivalNumbers(db, today, 1);
    await repo.insert(db, { batchId, arrivalNumber: arrivalNumber as string, officeCode, sub: p.sub, role: primaryRole(p), encoding: header.encoding, correlationId: opts.correlationId, at: now, on: today });
    let seq = 0;
    const flush = async (force: boolean) => {
      while (pendingBytes >= BATCH_CHUNK_BYTES || (force && pendingBytes > 0)) {
        const all = Buffer.concat(pending, pendingBytes);
        const piece = all.subarray(0, Math.min(BATCH_CHUNK_BYTES, all.length));
        await repo.addChunk(db, batchId, seq++, piece);
        const rest = all.subarray(piece.length);
        pending.length = 0;
        pendingBytes = 0;
        if (rest.length > 0) {
          pending.push(Buffer.from(rest));
          pendingBytes = rest.length;
        }
      }
    };
    try {
      await flush(false);
      while (!ended) {
        const r = await iterator.next();
        if (r.done === true) break;
        take(Buffer.from(r.value));
        if (pendingBytes >= BATCH_CHUNK_BYTES) await flush(false);
      }
      await flush(true);
      const dataRecords = Math.max(0, scanner.records() - SHFD0006_HEADER_LINES);
      const longLine = scanner.longLine();
      if (longLine !== undefined) {
        throw fileRejected([fe(BatchErrorCodes.LINE_TOO_LONG, `${longLine}行目: 1レコードが${DEFAULT_MAX_LINE_BYTES}バイトを超えています（改行CRLFがありません）`, `line ${longLine}: a record is longer than ${DEFAULT_MAX_LINE_BYTES} bytes (or has no CRLF line end)`, longLine)]);
      }
      if (dataRecords > limits.maxRows) throw tooLarge(BatchErrorCodes.TOO_MANY_ROWS, `The file has more than the limit of ${limits.maxRows} data records`);
      if (dataRecords === 0) throw fileRejected([fe(BatchErrorCodes.NO_DATA_ROWS, '「[data]」の後にデータレコードがありません', 'no data record after "[data]"', SHFD0006_HEADER_LINES + 1)]);
      await repo.markReceived(db, batchId, bytes, dataRecords);
    } catch (err) {
      await drainInput();
      await repo.remove(db, batchId).catch((e: unknown) => log.warn({ err: e, batchId }, 'could not remove a refused upload'));
      throw err;
    }
    wake?.();
    return { batchId, arrivalNumber: arrivalNumber as string, status: 'processing', total: Math.max(0, scanner.records() - SHFD0006_HEADER_LINES), officeCode, encoding: header.encoding, bytes };
  };

  /** The stored file, chunk by chunk (one query per chunk: memory stays flat). */
  async function* storedFile(batchId: string): AsyncGenerator<Buffer> {
    for (let seq = 0; ; seq++) {
      const c = await repo.chunk(db, batchId, seq);
      if (c === undefined) return;
      yield c;
    }
  }

  type RowItem = Extract<Shfd0006Item, { kind: 'row' | 'row-error' }>;

  type AcceptedInput = Parameters<typeof bus.outbox.emitMany<typeof FilingEvents.ACCEPTED>>[2][number];
  type RejectedInput = Parameters<typeof bus.outbox.emitMany<typeof FilingEvents.REJECTED>>[2][number];
  /** A slice ready to commit: its filings (and their insert document) and its events. */
  type PreparedSlice = { toLine: number; rows: NewFiling[]; accepted: AcceptedInput[]; acceptedRows: number[]; rejected: RejectedInput[]; document: string };

  const contractMismatch = (line: number): FieldError[] => [
    { path: '', code: BatchErrorCodes.INTERNAL_CONTRACT_MISMATCH, message: { ja: '内部エラーのため受け付けできませんでした（再提出してください）', en: 'internal error: the row could not be accepted (please resubmit)' }, line },
  ];

  /**
   * Builds a slice's filings and events — CPU only, outside any transaction, so it overlaps the
   * previous slice's commit. The 到達番号 are drawn here too (a sequence: gaps after a crash are
   * allowed, order is kept because slices are prepared in file order).
   */
  const prepareSlice = async (b: BatchRow, items: readonly RowItem[]): Promise<PreparedSlice> => {
    const toLine = (items[items.length - 1] as RowItem).line;
    const numbers = await filings.nextArrivalNumbers(db, b.received_on, items.length);
    const at = clock.now().toISOString();
    const receivedAt = b.received_at.toISOString();
    const officeCode = b.office_code as string;
    const submittedBy = { sub: b.submitted_by_sub, role: b.submitted_by_role };
    const rows: NewFiling[] = [];
    const accepted: AcceptedInput[] = [];
    const acceptedRows: number[] = [];
    const rejected: RejectedInput[] = [];
    items.forEach((item, i) => {
      const filingId = randomUUID();
      const identity = {
        filingId,
        arrivalNumber: numbers[i] as string,
        formCode: item.formCode ?? '',
        channel: FilingChannels.VENDOR_FILE,
        officeCode,
        submittedBy,
        batch: { batchId: b.batch_id, line: item.line },
      };
      const base = {
        filingId,
        arrivalNumber: identity.arrivalNumber,
        formCode: identity.formCode,
        channel: identity.channel,
        officeCode,
        submittedBySub: b.submitted_by_sub,
        submittedByRole: b.submitted_by_role,
        batchId: b.batch_id,
        batchLine: item.line,
        correlationId: b.correlation_id,
        receivedAt: b.received_at,
        receivedOn: b.received_on,
      };
      const received = { status: FilingStatuses.RECEIVED, at: receivedAt };
      if (item.kind === 'row') {
        const { body, myNumbers } = protectMyNumbers(pii, item.filing);
        const data = { ...identity, body: body as EmployerFilingBody, myNumbers, receivedOn: b.received_on };
        // The event contract is checked once, by the outbox (commitSlice handles a refusal).
        acceptedRows.push(rows.length);
        rows.push({ ...base, status: FilingStatuses.ACCEPTED, body, myNumbers, timeline: [received, { status: FilingStatuses.ACCEPTED, at }] });
        accepted.push({ subject: officeCode, correlationId: b.correlation_id, data });
      } else {
        const errors = item.errors.slice(0, 500);
        rows.push({ ...base, status: FilingStatuses.REJECTED, errors, timeline: [received, { status: FilingStatuses.REJECTED, at }] });
        rejected.push({ subject: officeCode, correlationId: b.correlation_id, data: { ...identity, errors } });
      }
    });
    return { toLine, rows, accepted, acceptedRows, rejected, document: filings.insertDocument(rows) };
  };

  /**
   * validateFiling passed but the event contract refuses a row: a defect of ours, never a reason to
   * stall the file. Those rows become rejected filings with INTERNAL_CONTRACT_MISMATCH (logged).
   */
  const demoteMismatches = (b: BatchRow, s: PreparedSlice): PreparedSlice => {
    const keep: AcceptedInput[] = [];
    const keepRows: number[] = [];
    const rows = [...s.rows];
    const rejected = [...s.rejected];
    s.accepted.forEach((input, i) => {
      const r = s.acceptedRows[i] as number;
      if (acceptedCheck.Check(input.data)) {
        keep.push(input);
        keepRows.push(r);
        return;
      }
      const row = rows[r] as NewFiling;
      log.error({ batchId: b.batch_id, line: row.batchLine }, 'accepted row does not fit the filing.accepted contract');
      const errors = contractMismatch(row.batchLine ?? 0);
      const [received, decided] = row.timeline as [TimelineEntry, TimelineEntry];
      rows[r] = { ...row, body: undefined, myNumbers: undefined, status: FilingStatuses.REJECTED, errors, timeline: [received, { status: FilingStatuses.REJECTED, at: decided.at }] };
      const identity = { filingId: row.filingId, arrivalNumber: row.arrivalNumber, formCode: row.formCode, channel: FilingChannels.VENDOR_FILE, officeCode: row.officeCode as string, submittedBy: { sub: row.submittedBySub, role: row.submittedByRole }, batch: { batchId: b.batch_id, line: row.batchLine ?? 0 } };
      rejected.push({ subject: input.subject, correlationId: input.correlationId, data: { ...identity, errors } });
    });
    return { ...s, rows, accepted: keep, acceptedRows: keepRows, rejected, document: filings.insertDocument(rows) };
  };

  /**
   * Commits one prepared slice: filings + events + checkpoint in one transaction. The filings insert
   * runs while the previous slice still commits (its own connection); then the transaction waits
   * for that commit (`previous`) before it advances the checkpoint and emits — so commits stay in
   * file order, a slice never commits after a predecessor failed, and every event of slice k+1 gets
   * an outbox id above all of slice k's (ids are drawn after k committed).
   */
  const commitSlice = async (b: BatchRow, prepared: PreparedSlice, fromLine: number, previous: Promise<void>): Promise<void> => {
    // Set when the outbox refused an accepted row's event: the slice is redone with such rows rejected.
    let refused = false;
    const run = (s: PreparedSlice) =>
      withTransaction(db, async (tx) => {
        await filings.insertJson(tx, s.document);
        await previous;
        if (!(await repo.advance(tx, b.batch_id, fromLine, s.toLine, s.accepted.length, s.rejected.length))) {
          throw new Error('batch checkpoint moved under this worker; another worker owns the batch');
        }
        try {
          await bus.outbox.emitMany(tx, FilingEvents.ACCEPTED, s.accepted);
        } catch (err) {
          // The outbox validates before it writes; the filings above are rolled back with this.
          refused = err instanceof PoisonMessageError && err.code === 'EVENT_DATA_INVALID';
          throw err;
        }
        await bus.outbox.emitMany(tx, FilingEvents.REJECTED, s.rejected);
        await deps.onRowsDecided(tx, { batchId: b.batch_id, arrivalNumber: b.arrival_number, officeCode: b.office_code, submittedBy: b.submitted_by_sub, rows: s.rows, at: clock.now() });
      });
    try {
      await run(prepared);
    } catch (err) {
      if (!refused) throw err;
      await run(demoteMismatches(b, prepared));
    }
  };

  const complete = async (b: BatchRow, status: 'completed' | 'failed', fileErrors?: readonly FieldError[]) =>
    withTransaction(db, async (tx) => {
      const done = await repo.finish(tx, b.batch_id, status, clock.now(), fileErrors);
      if (done === undefined) return;
      await bus.outbox.emit(tx, BatchEvents.COMPLETED, {
        subject: done.office_code ?? done.batch_id,
        correlationId: done.correlation_id,
        data: { batchId: done.batch_id, arrivalNumber: done.arrival_number, ...(done.office_code === null ? {} : { officeCode: done.office_code }), total: done.total, accepted: done.accepted, rejected: done.rejected },
      });
      await deps.onBatchDone(tx, {
        batchId: done.batch_id,
        arrivalNumber: done.arrival_number,
        ...(done.office_code === null ? {} : { officeCode: done.office_code }),
        submittedBy: done.submitted_by_sub,
        status,
        total: done.total,
        accepted: done.accepted,
        rejected: done.rejected,
        at: clock.now(),
      });
    });

  /** Processes one batch from its checkpoint to the end (caller holds the batch's lock). */
  const processBatch = async (batchId: string, isStopped: () => boolean): Promise<void> => {
    const b = await repo.get(db, batchId);
    if (b === undefined || b.status !== 'processing') return;
    const resumeAfter = b.checkpoint_line;
    let slice: RowItem[] = [];
    const encoding = (b.encoding === 'utf8' ? 'utf8' : 'cp932') as Encoding;
    // Three stages: slice k+2 is parsed and built while slice k+1 inserts its filings and slice k
    // commits (commitSlice keeps the commits in order). At most BATCH_SLICES_IN_FLIGHT transactions
    // at once, and one slice being built: memory stays bounded.
    let lastLine = resumeAfter;
    let tail: Promise<void> = Promise.resolve();
    const inFlight: Promise<void>[] = [];
    const write = (prepared: PreparedSlice) => {
      const fromLine = lastLine;
      lastLine = prepared.toLine;
      tail = commitSlice(b, prepared, fromLine, tail);
      // Surfaced at the next await of it, never as an unhandled rejection.
      tail.catch(() => undefined);
      inFlight.push(tail);
    };
    const room = async () => {
      while (inFlight.length >= BATCH_SLICES_IN_FLIGHT) await inFlight.shift();
    };
    const drained = async () => {
      // On a failure, every transaction of this worker has ended before the error goes up.
      const settled = await Promise.allSettled(inFlight.splice(0));
      const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed !== undefined) throw failed.reason;
    };
    const submitSlice = async (items: RowItem[]) => {
      const prepared = await prepareSlice(b, items);
      try {
        await room();
      } catch (err) {
        await Promise.allSettled(inFlight.splice(0));
        throw err;
      }
      write(prepared);
    };
    try {
      for await (const item of parseShfd0006(storedFile(batchId), { encoding, maxRows: Number.MAX_SAFE_INTEGER, today: b.received_on })) {
        if (isStopped()) break;
        if (item.kind === 'header') continue;
        if (item.kind === 'file-error') {
          // The upload checks make this unreachable in practice; the rows before it stay applied.
          if (slice.length > 0) await submitSlice(slice);
          await drained();
          await complete(b, 'failed', item.errors);
          log.warn({ batchId, codes: item.errors.map((e) => e.code) }, 'batch failed on a file error');
          return;
        }
        if (item.line <= resumeAfter) continue; // applied before a crash
        slice.push(item);
        if (slice.length >= BATCH_ROWS_PER_TX) {
          const items = slice;
          slice = [];
          await submitSlice(items);
        }
      }
      if (isStopped()) {
        await drained();
        return;
      }
      if (slice.length > 0) await submitSlice(slice);
      await drained();
    } catch (err) {
      // Every transaction of this worker has ended before the error goes up (and the lock is let go).
      await Promise.allSettled(inFlight.splice(0));
      throw err;
    }
    const fresh = await repo.get(db, batchId);
    if (fresh !== undefined) await complete(fresh, 'completed');
    log.info({ batchId, total: fresh?.processed }, 'batch completed');
  };

  /** The worker: claims open batches one at a time with a session advisory lock (released on crash). */
  const startWorker = (): Loop => {
    const loop = startLoop({
      name: 'batches',
      intervalMs: BATCH_POLL_MS,
      logger: log,
      round: async (stopped) => {
        await repo.removeStaleUploads(db, new Date(clock.now().getTime() - STALE_UPLOAD_MS));
        for (const batchId of await repo.openBatches(db)) {
          if (stopped()) return;
          const client = await db.connect();
          let broken = false;
          try {
            const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS ok', [`batch:${batchId}`]);
            if (rows[0]?.ok !== true) continue;
            try {
              await processBatch(batchId, stopped);
            } finally {
              await client.query('SELECT pg_advisory_unlock(hashtext($1))', [`batch:${batchId}`]).catch(() => {
                broken = true;
              });
            }
          } finally {
            client.release(broken);
          }
        }
      },
    });
    wake = loop.wake;
    return {
      wake: loop.wake,
      stop: async () => {
        wake = undefined;
        await loop.stop();
      },
    };
  };

  const readable = async (p: Principal, batchId: string): Promise<BatchRow> => {
    const b = await repo.get(db, batchId);
    if (b === undefined || !(await access.canRead(db, p, { officeCode: b.office_code ?? undefined }, b.submitted_by_sub))) {
      throw notFound(BatchErrorCodes.BATCH_NOT_FOUND, 'No such batch');
    }
    return b;
  };

  const progress = async (p: Principal, batchId: string) => {
    const b = await readable(p, batchId);
    return {
      batchId: b.batch_id,
      arrivalNumber: b.arrival_number,
      ...(b.office_code === null ? {} : { officeCode: b.office_code }),
      status: b.status,
      total: b.total,
      processed: b.processed,
      accepted: b.accepted,
      rejected: b.rejected,
      encoding: b.encoding,
      bytes: b.byte_size,
      receivedAt: b.received_at.toISOString(),
      ...(b.completed_at === null ? {} : { completedAt: b.completed_at.toISOString() }),
      ...(b.file_errors === null ? {} : { fileErrors: b.file_errors }),
    };
  };

  const errors = async (p: Principal, batchId: string, after: number, limit: number) => {
    const b = await readable(p, batchId);
    const rows = await repo.errorsPage(db, b.batch_id, after, limit);
    const items = rows.flatMap((r) => r.errors.map((e) => ({ line: e.line ?? r.batch_line, ...(e.column === undefined ? {} : { column: e.column }), code: e.code, path: e.path, message: e.message, arrivalNumber: r.arrival_number })));
    return { items, ...(rows.length === limit ? { next: rows[rows.length - 1]?.batch_line } : {}), ...(b.file_errors === null ? {} : { fileErrors: b.file_errors }) };
  };

  /** Every per-row error in line order, page by page (for the CSV export). */
  async function* allErrors(p: Principal, batchId: string) {
    const b = await readable(p, batchId);
    for (let after = 0; ; ) {
      const rows = await repo.errorsPage(db, b.batch_id, after, 1000);
      for (const r of rows) for (const e of r.errors) yield { line: e.line ?? r.batch_line, column: e.column, code: e.code, path: e.path, message: e.message };
      if (rows.length < 1000) return;
      after = rows[rows.length - 1]?.batch_line ?? after;
    }
  }

  const results = async (p: Principal, batchId: string, after: number, limit: number) => {
    const b = await readable(p, batchId);
    const rows = await repo.resultsPage(db, b.batch_id, after, limit);
    return {
      items: rows.map((r) => ({
        line: r.batch_line,
        filingId: r.filing_id,
        arrivalNumber: r.arrival_number,
        formCode: r.form_code,
        status: r.status,
        ...(r.identity === null ? {} : { identity: r.identity }),
        ...(r.record_person_id === null ? {} : { personId: r.record_person_id }),
        errorCount: r.error_count,
      })),
      ...(rows.length === limit ? { next: rows[rows.length - 1]?.batch_line } : {}),
    };
  };

  return { upload, processBatch, startWorker, progress, errors, allErrors, results, readable };
};
export type BatchService = ReturnType<typeof batchService>;
export { ErrorCodes };
