/**
 * Over a real socket: a refused upload still gets its 4xx answer (the body is not cut off under the
 * client), and the vendor CLI (scripts/submit.ts) uploads, shows progress and reports the errors.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decode } from 'iconv-lite';
import { generateShfd0006 } from '@nenkin/rules/shfd0006';
import { repoRoot } from '@nenkin/testing/infra';
import { createContext, HEADER, OFFICE, santeiBody } from './helpers';

let t: Awaited<ReturnType<typeof createContext>>;
let base = '';
beforeAll(async () => {
  t = await createContext();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const a = t.app.server.address();
  base = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
});
afterAll(async () => {
  await t.close();
});

const token = () => t.ctx.auth.token({ sub: 'vendor-cli', roles: ['employer'], employers: [OFFICE] });

test('20 MB of garbage over HTTP: the client reads a 422 problem, not a reset', async () => {
  const res = await fetch(`${base}/v1/filing-batches`, { method: 'POST', headers: { authorization: `Bearer ${await token()}`, 'content-type': 'application/octet-stream' }, body: randomBytes(20 * 1024 * 1024) });
  expect(res.status).toBe(422);
  expect(((await res.json()) as { code: string }).code).toBe('FILE_REJECTED');
});

const runCli = (args: string[]) =>
  new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot(), 'scripts', 'submit.ts'), ...args], { cwd: repoRoot(), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    child.on('exit', (code) => resolve({ code, out, err }));
  });

test('npm run submit: uploads with a progress bar, waits for the rows, saves the CP932 error report', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'submit-'));
  const file = join(dir, 'SHFD0006.CSV');
  writeFileSync(file, generateShfd0006(HEADER, Array.from({ length: 20 }, (_, i) => ({ ...santeiBody(String(i + 1)), ...(i % 5 === 4 ? { totalSum: 1 } : {}) }))));
  const report = join(dir, 'errors.csv');
  const r = await runCli([file, '--url', base, '--token', await token(), '--errors-out', report, '--poll-ms', '100']);
  expect(r.code).toBe(2); // some rows rejected
  expect(r.out).toContain('upload ');
  expect(r.out).toContain('100.0%');
  expect(r.out).toMatch(/completed: 16 accepted, 4 rejected of 20/);
  const csv = decode(readFileSync(report), 'cp932');
  expect(csv.split('\r\n')[0]).toContain('"行"');
  expect(csv.split('\r\n').filter((l) => l.startsWith('"')).length).toBeGreaterThan(4);

  const refused = await runCli([join(repoRoot(), 'tests', 'fixtures', 'bad-input', 'lf-line-ends.csv'), '--url', base, '--token', await token()]);
  expect(refused.code).toBe(1);
  expect(refused.err).toContain('FILE_REJECTED');
});
