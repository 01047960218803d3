// Runs the load generator wrk (Debian package) against the loopback server: bounded by its
// duration, and the script's JSON line read back. Asynchronously: the server under test is a child
// of this process, and its log pipe must keep being read while wrk runs.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { randomBytes } from 'node:crypto';
import path from 'node:path';

export interface WrkResult {
  requests: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  /** Connection errors, timeouts and non-2xx/3xx answers. */
  errors: number;
}

export interface Load {
  connections: number;
  seconds: number;
}

/** `script`: post_sync.lua (a new submission per request) or summary.lua (plain GET). */
export async function wrk(url: string, load: Load, script: 'post_sync.lua' | 'summary.lua'): Promise<WrkResult> {
  if (!url.startsWith('http://127.0.0.1:')) throw new Error(`the benchmark only targets 127.0.0.1, not ${url}`);
  const threads = Math.min(2, load.connections);
  const args = ['-t', String(threads), '-c', String(load.connections), '-d', `${load.seconds}s`, '--timeout', '5s',
    '-s', path.join(__dirname, script), url];
  if (script === 'post_sync.lua') args.push('--', randomBytes(4).toString('hex'));
  const { stdout: out } = await promisify(execFile)('wrk', args, { encoding: 'utf8', timeout: (load.seconds + 30) * 1000 });
  const line = out.split('\n').find((l) => l.startsWith('WRK_JSON '));
  if (!line) throw new Error(`wrk printed no result:\n${out}`);
  const r = JSON.parse(line.slice('WRK_JSON '.length));
  return {
    requests: r.requests,
    rps: r.requests / (r.duration_us / 1e6),
    p50Ms: r.p50_us / 1000,
    p99Ms: r.p99_us / 1000,
    errors: r.connect_errors + r.read_errors + r.write_errors + r.status_errors + r.timeouts,
  };
}
