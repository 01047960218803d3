// A real Outbox server for one test: the release binary on a free loopback port, with its own
// SQLite file, stopped when the test ends. Outbox's own app by default; `INSPECTION_APP` is the
// example app in examples/inspection, built on the same crates.
import { execFileSync, spawn, ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';

const WORKSPACE = path.resolve(__dirname, '../../..');

/** An app's release build: its server binary, its built site, and what else it must be told. */
export interface ServedApp {
  bin: string;
  siteRoot: string;
  env: Record<string, string>;
}

export const OUTBOX_APP: ServedApp = {
  bin: process.env.OUTBOX_SERVER_BIN ?? path.join(WORKSPACE, 'target/release/server'),
  siteRoot: path.join(WORKSPACE, 'target/site'),
  env: {},
};

/** The example app: built into the same target directory, so its hash file has a name of its own. */
export const INSPECTION_APP: ServedApp = {
  bin: path.join(WORKSPACE, 'target/release/inspection'),
  siteRoot: path.join(WORKSPACE, 'examples/inspection/target/site'),
  env: { LEPTOS_HASH_FILE_NAME: 'inspection-hash.txt' },
};

/** The second example, written from the README alone (examples/feedback). */
export const FEEDBACK_APP: ServedApp = {
  bin: path.join(WORKSPACE, 'target/release/feedback'),
  siteRoot: path.join(WORKSPACE, 'examples/feedback/target/site'),
  env: { LEPTOS_HASH_FILE_NAME: 'feedback-hash.txt' },
};

export interface SubmissionRecord {
  id: string;
  /** The tutorial form's field; another form's fields are members too. */
  name: string;
  [field: string]: unknown;
  received_at: string;
  pressed_at: string | null;
  attempts: number;
  /** The first image's addresses (null without one); `images` lists every one, in order. */
  image_url: string | null;
  thumbnail_url: string | null;
  images: { url: string; thumbnail_url: string }[];
}

export class OutboxServer {
  private child: ChildProcess;

  private constructor(
    readonly url: string,
    private readonly spawnServer: (more?: Record<string, string>) => ChildProcess,
    private readonly dir: string,
    readonly log: string[],
    readonly databaseUrl: string,
    /** The owner's token (`OUTBOX_ADMIN_TOKEN`): `records()` reads with it. */
    readonly ownerToken: string,
  ) {
    this.child = spawnServer();
  }

  /** `database`: 'sqlite' (a file of its own) or 'postgres' (a fresh database on the server that
   * OUTBOX_TEST_POSTGRES_URL names). `databaseUrl` instead shares an existing database; `env`
   * adds settings (e.g. OUTBOX_MAX_IMAGE_BYTES); `app`: which app's build serves. */
  static async start(
    database: 'sqlite' | 'postgres' = 'sqlite',
    databaseUrl?: string,
    env: Record<string, string> = {},
    app: ServedApp = OUTBOX_APP,
  ): Promise<OutboxServer> {
    const port = await freePort();
    const dir = mkdtempSync(path.join(tmpdir(), 'outbox-e2e-'));
    const url = databaseUrl ?? (database === 'postgres' ? createPostgresDatabase() : `sqlite://${path.join(dir, 'outbox.db')}`);
    const log: string[] = [];
    const ownerToken = `owner-${randomUUID()}`;
    const spawnServer = (more: Record<string, string> = {}) => {
      const child = spawn(app.bin, [], {
        cwd: WORKSPACE,
        env: {
          ...process.env,
          LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
          LEPTOS_SITE_ROOT: app.siteRoot,
          DATABASE_URL: url,
          OUTBOX_ADMIN_TOKEN: ownerToken,
          RUST_LOG: 'info,sqlx=warn',
          ...app.env,
          ...env,
          ...more,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout!.on('data', (d) => log.push(String(d)));
      child.stderr!.on('data', (d) => log.push(String(d)));
      return child;
    };
    const server = new OutboxServer(`http://127.0.0.1:${port}`, spawnServer, dir, log, url, ownerToken);
    await server.waitUntilUp();
    return server;
  }

  /** Sends `signal` to the server and waits until it exits; answers how long that took (ms). The
   * database stays for `restart`. */
  async signal(signal: 'SIGTERM' | 'SIGKILL'): Promise<number> {
    const sent = Date.now();
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill(signal);
    await exited;
    return Date.now() - sent;
  }

  /** Starts the server again on the same port and database (after `signal`); `env` adds settings
   * to this run's (e.g. OUTBOX_RELEASE_NAME, to stand for a new build). */
  async restart(env: Record<string, string> = {}): Promise<void> {
    this.child = this.spawnServer(env);
    await this.waitUntilUp();
  }

  private async waitUntilUp(): Promise<void> {
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null) {
        throw new Error(`server exited with ${this.child.exitCode}:\n${this.log.join('')}`);
      }
      try {
        const response = await fetch(`${this.url}/health`);
        if (response.ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`server did not come up:\n${this.log.join('')}`);
  }

  /** The server's memory in MB, from /proc: `VmRSS` now, `VmHWM` its peak so far (the benchmark). */
  memoryMb(field: 'VmRSS' | 'VmHWM'): number {
    const line = readFileSync(`/proc/${this.child.pid}/status`, 'utf8').split('\n').find((l) => l.startsWith(`${field}:`))!;
    return Number(line.replace(/\D+/g, '')) / 1024;
  }

  /** How many requests carried the submission `id` to the server's store: the server logs one line
   * per delivery under `delivery=debug` (the test fixture turns it on). Records are deduplicated by
   * the server, so only this tells a worker that sends once from one that sends twice. */
  deliveries(id: string): number {
    const text = this.log.join('').replace(/\x1b\[[0-9;]*m/g, '');
    let count = 0;
    for (const match of text.matchAll(/DEBUG delivery: delivery id=([0-9a-f-]{36})/g)) {
      if (match[1] === id) count += 1;
    }
    return count;
  }

  /** How many files (sockets, database files, logs) the server has open, from /proc. */
  openFiles(): number {
    return readdirSync(`/proc/${this.child.pid}/fd`).length;
  }

  /** What the server has stored, as `GET /api/submissions` lists it to the owner (newest first). */
  async records(): Promise<SubmissionRecord[]> {
    const response = await fetch(`${this.url}/api/submissions`, { headers: { Authorization: `Bearer ${this.ownerToken}` } });
    if (!response.ok) throw new Error(`GET /api/submissions answered ${response.status}`);
    return (await response.json()) as SubmissionRecord[];
  }

  /** Stops the server, and fails the test if it panicked at any time (a panic is never an
   * answer: a request it cut short shows only as a dropped connection). */
  async stop(): Promise<void> {
    if (this.child.exitCode === null) {
      const exited = new Promise((r) => this.child.once('exit', r));
      this.child.kill('SIGTERM');
      await exited;
    }
    rmSync(this.dir, { recursive: true, force: true });
    const panics = this.log.join('').match(/panicked at [^\n]*\n[^\n]*/g);
    if (panics && !this.panicsTold) {
      this.panicsTold = true;
      throw new Error(`the server panicked ${panics.length} time(s):\n${[...new Set(panics)].join('\n')}`);
    }
  }

  private panicsTold = false;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** A fresh database on the test PostgreSQL server (scripts/postgres.sh starts it). */
export function createPostgresDatabase(): string {
  const admin = process.env.OUTBOX_TEST_POSTGRES_URL;
  if (!admin) throw new Error('OUTBOX_TEST_POSTGRES_URL is not set: start PostgreSQL with scripts/postgres.sh');
  const name = `outbox_e2e_${Date.now()}_${Math.floor(Math.random() * 1e9)}`;
  execFileSync('psql', [admin, '-q', '-c', `CREATE DATABASE ${name}`]);
  return admin.replace(/\/[^/]*$/, `/${name}`);
}
