/**
 * `npm run bench:codec [-- --rows N] [--repeat K]` — throughput and memory of the SHFD0006.CSV reader.
 *
 * Generates 算定基礎届 (2225700) files in CP932 into a temp directory (N rows and N/5 rows; default
 * N = 1,000,000), then measures, each in its own child process so that peak RSS belongs to one run:
 *   (a) baseline: iconv-lite CP932 decoding + csv-parse alone (same options as the reader), records
 *       counted — once on the whole file as is (a1), once from line 6, the data records only (a2).
 *       (a1) pays csv-parse's cost of building an error object for every record whose length differs
 *       from the first record's (the 6-item management record), even with relax_column_count; the
 *       reader avoids it by tokenising the header separately, so (a2) is the stricter baseline;
 *   (b) parseShfd0006: decoding, tokenising, the record sequence, the column table and validateFiling
 *       (schema + every 算定 auto-check) for every row.
 * Prints rows/s, the ratios (b)/(a) and the peak RSS of each run at both sizes — flat memory means
 * the peak does not grow with the file. Each measurement is the best of K runs (default 2). Prints,
 * never asserts.
 */
import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream';
import { decodeStream } from 'iconv-lite';
import { parse } from 'csv-parse';
import type { SanteiBody } from '@nenkin/contracts/forms';
import { santeiTotals } from '@nenkin/rules/forms';
import { generateShfd0006Stream, parseShfd0006 } from '@nenkin/rules/shfd0006';
import { FIXTURE_FILE_HEADER, FIXTURE_OFFICE } from '@nenkin/testing/filings';

const TODAY = '2025-07-10';
const OFFICE = { ...FIXTURE_OFFICE };
const HEADER = FIXTURE_FILE_HEADER;
const FAMILY = ['ﾀﾅｶ', 'ｽｽﾞｷ', 'ｻﾄｳ', 'ﾀｶﾊｼ', 'ﾜﾀﾅﾍﾞ', 'ｲﾄｳ', 'ﾔﾏﾓﾄ', 'ﾅｶﾑﾗ'];
const GIVEN = ['ﾀﾛｳ', 'ﾊﾅｺ', 'ｲﾁﾛｳ', 'ｼﾞﾛｳ', 'ﾕｳｷ', 'ｻｸﾗ'];
const KANJI = ['田中　太郎', '鈴木　花子', '佐藤　一郎', '高橋　次郎', '渡辺　裕子', '伊藤　桜'];

/** A valid 算定基礎届 that differs from row to row. */
const santeiRow = (i: number): SanteiBody => {
  const base = 180_000 + (i % 500) * 1_000;
  const days = (k: number) => (i % 13 === k ? 15 : 31 - ((i + k) % 3));
  const body: SanteiBody = {
    formCode: '2225700',
    office: OFFICE,
    insuredNumber: String((i % 999_999) + 1),
    nameKana: `${FAMILY[i % FAMILY.length]} ${GIVEN[i % GIVEN.length]}`,
    nameKanji: KANJI[i % KANJI.length],
    birthDate: `19${60 + (i % 40)}-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`,
    applicableMonth: '2025-09',
    previousStandardHealth: 260_000,
    previousStandardPension: 260_000,
    previousRevisionMonth: '2024-09',
    months: [
      { days: days(0), cash: base, inKind: 0, total: base },
      { days: days(1), cash: base + 3_000, inKind: 0, total: base + 3_000 },
      { days: days(2), cash: base + 7_500, inKind: 1_000, total: base + 8_500 },
    ],
    totalSum: 0,
    average: 0,
  };
  const t = santeiTotals(body);
  body.totalSum = t.sum;
  body.average = t.average;
  return body;
};

function* rows(n: number): Generator<SanteiBody> {
  for (let i = 0; i < n; i++) yield santeiRow(i);
}

const generate = async (file: string, n: number): Promise<void> => {
  const out = createWriteStream(file);
  for await (const chunk of generateShfd0006Stream(HEADER, rows(n))) {
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
};

type Result = { rows: number; errors: number; ms: number; maxRssMB: number };

const HIGH_WATER_MARK = 64 * 1024;

/** (a) iconv + csv-parse alone, records consumed the way the reader consumes them. */
const runBaseline = async (file: string, fromLine: number): Promise<Result> => {
  const start = process.hrtime.bigint();
  const parser = parse({
    delimiter: ',',
    quote: false,
    record_delimiter: '\r\n',
    relax_column_count: true,
    skip_empty_lines: false,
    bom: false,
    from_line: fromLine,
  });
  pipeline(
    createReadStream(file, { highWaterMark: HIGH_WATER_MARK }),
    decodeStream('cp932'),
    parser,
    (err) => {
      if (err) throw err;
    },
  );
  let records = 0;
  for await (const record of parser as AsyncIterable<string[]>) if (record.length > 0) records++;
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  return {
    rows: fromLine === 1 ? records - 5 : records,
    errors: 0,
    ms,
    maxRssMB: process.resourceUsage().maxRSS / 1024,
  };
};

/** (b) the reader: every row decoded and validated. */
const runParse = async (file: string): Promise<Result> => {
  const start = process.hrtime.bigint();
  let n = 0;
  let errors = 0;
  for await (const item of parseShfd0006(createReadStream(file, { highWaterMark: HIGH_WATER_MARK }), {
    today: TODAY,
    encoding: 'cp932',
    maxRows: Number.MAX_SAFE_INTEGER,
  })) {
    if (item.kind === 'row') n++;
    else if (item.kind !== 'header') errors++;
  }
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  return { rows: n, errors, ms, maxRssMB: process.resourceUsage().maxRSS / 1024 };
};

/** Runs one measurement in a fresh process (same loader as this one). */
type Mode = 'baseline-file' | 'baseline-data' | 'parse';
const child = (mode: Mode, file: string): Promise<Result> =>
  new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [...process.execArgv, __filename, '--child', mode, '--file', file], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.on('error', reject);
    p.on('close', (code) => {
      if (code !== 0) reject(new Error(`${mode} child exited with ${code}`));
      else resolve(JSON.parse(out.trim().split('\n').pop() ?? '{}') as Result);
    });
  });

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

const main = async (): Promise<void> => {
  const mode = arg('--child');
  if (mode !== undefined) {
    const file = arg('--file') as string;
    const r =
      mode === 'baseline-file'
        ? await runBaseline(file, 1)
        : mode === 'baseline-data'
          ? await runBaseline(file, 6)
          : await runParse(file);
    console.log(JSON.stringify(r));
    return;
  }
  const n = Number(arg('--rows') ?? 1_000_000);
  if (!Number.isInteger(n) || n < 10) throw new Error('--rows must be an integer ≥ 10');
  const repeat = Number(arg('--repeat') ?? 2);
  if (!Number.isInteger(repeat) || repeat < 1) throw new Error('--repeat must be an integer ≥ 1');
  const sizes = [Math.max(10, Math.floor(n / 5)), n];
  const dir = mkdtempSync(join(tmpdir(), 'bench-codec-'));
  console.log(
    `SHFD0006.CSV codec benchmark — 算定基礎届 (2225700), CP932, read from a temp file; node ${process.version}; best of ${repeat} runs each`,
  );
  try {
    const lines: string[] = [];
    for (const size of sizes) {
      const file = join(dir, `SHFD0006-${size}.CSV`);
      const g0 = Date.now();
      await generate(file, size);
      const mb = statSync(file).size / 1024 / 1024;
      console.log(
        `generated ${fmt(size)} rows (${mb.toFixed(1)} MB) in ${((Date.now() - g0) / 1000).toFixed(1)} s`,
      );
      // Best of `repeat` runs each (the machine may be shared); runs interleaved so drift hits all three.
      const runs: Record<Mode, Result[]> = { 'baseline-file': [], 'baseline-data': [], parse: [] };
      for (let k = 0; k < repeat; k++) {
        for (const mode of ['baseline-file', 'baseline-data', 'parse'] as const)
          runs[mode].push(await child(mode, file));
      }
      const best = (rs: Result[]): Result => rs.reduce((a, b) => (b.ms < a.ms ? b : a));
      const [whole, data, ours] = [
        best(runs['baseline-file']),
        best(runs['baseline-data']),
        best(runs.parse),
      ];
      const rate = (r: Result) => (r.rows / r.ms) * 1000;
      if (ours.rows !== size || ours.errors !== 0)
        console.log(`  WARNING: ${ours.rows} rows read, ${ours.errors} errors (expected ${size}, 0)`);
      if (whole.rows !== size || data.rows !== size)
        console.log(`  WARNING: baseline counted ${whole.rows} / ${data.rows} rows`);
      lines.push(
        `| ${fmt(size)} | ${mb.toFixed(1)} | ${fmt(rate(whole))} | ${fmt(rate(data))} | ${fmt(rate(ours))} | ${(rate(ours) / rate(whole)).toFixed(2)} | ${(rate(ours) / rate(data)).toFixed(2)} | ${whole.maxRssMB.toFixed(0)} / ${data.maxRssMB.toFixed(0)} | ${ours.maxRssMB.toFixed(0)} |`,
      );
      rmSync(file);
    }
    console.log('');
    console.log(
      '| rows | file MB | (a1) csv-parse+iconv, whole file rows/s | (a2) csv-parse+iconv, data records rows/s | (b) parseShfd0006+validation rows/s | b/a1 | b/a2 | peak RSS MB a1 / a2 | peak RSS MB b |',
    );
    console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const l of lines) console.log(l);
    console.log('');
    console.log(
      'ratio target ≥ 0.5 (b/a2 is the stricter one); peak RSS is per run (a fresh process each) and should not grow with the file size.',
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
