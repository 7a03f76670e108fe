/**
 * `npm run submit -- path/to/SHFD0006.CSV [--url http://127.0.0.1:3001] [--token <jwt>]
 *                   [--encoding auto|cp932|utf8] [--errors-out errors.csv] [--errors-charset cp932|utf8]`
 *
 * The vendor CLI: streams the file to POST /v1/filing-batches (never loaded into memory), shows the
 * upload and then the processing as a progress bar (GET /v1/filing-batches/{id}), and at the end
 * prints the per-row errors (line, column, code, message) or saves them as the CSV report.
 * The token comes from --token or NENKIN_TOKEN (`npm run -s token -- --sub … --roles vendor`).
 * Exit code: 0 all rows accepted, 2 some rows rejected, 1 the file or the request was refused.
 */
import { createReadStream, createWriteStream, statSync } from 'node:fs';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    url: { type: 'string', default: process.env.NENKIN_INTAKE_URL ?? 'http://127.0.0.1:3001' },
    token: { type: 'string', default: process.env.NENKIN_TOKEN },
    encoding: { type: 'string', default: 'auto' },
    'errors-out': { type: 'string' },
    'errors-charset': { type: 'string', default: 'cp932' },
    'poll-ms': { type: 'string', default: '500' },
  },
});

const out = (s: string) => process.stdout.write(s);
const bar = (label: string, done: number, total: number) => {
  const width = 30;
  const frac = total > 0 ? Math.min(1, done / total) : 0;
  const filled = Math.round(frac * width);
  out(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(frac * 100).toFixed(1).padStart(5)}%  ${done}/${total}   `);
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Progress = { status: string; total: number; processed: number; accepted: number; rejected: number; arrivalNumber: string };
type ErrorItem = { line: number; column?: number; code: string; message: { ja: string; en: string } };

const main = async (): Promise<number> => {
  const file = positionals[0];
  if (file === undefined) {
    process.stderr.write('usage: npm run submit -- path/to/SHFD0006.CSV [--url …] [--token …] [--errors-out errors.csv]\n');
    return 1;
  }
  if (values.token === undefined) {
    process.stderr.write('no token: pass --token or set NENKIN_TOKEN\n');
    return 1;
  }
  const base = new URL(values.url);
  const auth = { authorization: `Bearer ${values.token}` };
  const size = statSync(file).size;

  // 1. Upload, streamed, with a progress bar over the bytes sent.
  const target = new URL(`/v1/filing-batches?encoding=${encodeURIComponent(values.encoding)}`, base);
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  const req = send(target, { method: 'POST', headers: { ...auth, 'content-type': 'text/csv', 'content-length': size } });
  const response = new Promise<IncomingMessage>((resolve, reject) => {
    req.once('response', resolve);
    req.once('error', reject);
  });
  let sent = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _e, cb) {
      sent += chunk.length;
      bar('upload ', sent, size);
      cb(null, chunk);
    },
  });
  await pipeline(createReadStream(file), meter, req).catch(() => undefined); // a refusal may close the socket early
  const res = await response;
  let text = '';
  for await (const c of res) text += (c as Buffer).toString('utf8');
  out('\n');
  const body = JSON.parse(text || '{}') as { batchId?: string; arrivalNumber?: string; code?: string; detail?: string; errors?: ErrorItem[] };
  if (res.statusCode !== 202 || body.batchId === undefined) {
    process.stderr.write(`refused (${res.statusCode} ${body.code ?? ''}): ${body.detail ?? ''}\n`);
    for (const e of body.errors ?? []) process.stderr.write(`  ${e.line ?? '-'}行 ${e.column ?? '-'}列 ${e.code}: ${e.message.ja}\n`);
    return 1;
  }
  out(`received: batch ${body.batchId}, 到達番号 ${body.arrivalNumber}\n`);

  // 2. Processing progress.
  const get = async (path: string) => {
    const r = await fetch(new URL(path, base), { headers: auth });
    if (!r.ok) throw new Error(`GET ${path}: ${r.status}`);
    return r;
  };
  let p: Progress;
  for (;;) {
    p = (await (await get(`/v1/filing-batches/${body.batchId}`)).json()) as Progress;
    bar('process', p.processed, p.total);
    if (p.status === 'completed' || p.status === 'failed') break;
    await sleep(Number(values['poll-ms']));
  }
  out(`\n${p.status}: ${p.accepted} accepted, ${p.rejected} rejected of ${p.total}\n`);

  // 3. The error report.
  if (p.rejected > 0) {
    if (values['errors-out'] !== undefined) {
      const r = await get(`/v1/filing-batches/${body.batchId}/errors?format=csv&charset=${values['errors-charset'] === 'utf8' ? 'utf8' : 'cp932'}`);
      if (r.body === null) throw new Error('empty report');
      await pipeline(r.body, createWriteStream(values['errors-out']));
      out(`error report saved to ${values['errors-out']}\n`);
    } else {
      const r = (await (await get(`/v1/filing-batches/${body.batchId}/errors?limit=100`)).json()) as { items: ErrorItem[] };
      for (const e of r.items) out(`  ${e.line}行 ${e.column ?? '-'}列 ${e.code}: ${e.message.ja}\n`);
      if (p.rejected > 100) out(`  … (use --errors-out errors.csv for all of them)\n`);
    }
  }
  return p.status === 'completed' && p.rejected === 0 ? 0 : 2;
};

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
