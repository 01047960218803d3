// A proxy in front of a test server that can make deliveries fail: it answers 503 (with a JSON
// error and Retry-After: 1) to the first `failures` POSTs to /sync and /sync/batch (or to all of
// them for a while: `failFor`), refuses with 400 any delivery whose body contains a marker
// (`refuseBodiesWith`), and counts them.
import http from 'node:http';
import { AddressInfo } from 'node:net';

export class FailingProxy {
  deliveries = 0;
  refusedWith503 = 0;
  refusedWith400 = 0;
  private failingUntil = 0;
  private refusalMarker: string | null = null;

  private constructor(readonly url: string, private readonly server: http.Server, private failures: number) {}

  static async start(target: string, failures: number): Promise<FailingProxy> {
    const upstream = new URL(target);
    let proxy: FailingProxy;
    const server = http.createServer((req, res) => {
      const isDelivery = req.method === 'POST' && (req.url === '/sync' || req.url === '/sync/batch');
      if (isDelivery && proxy.refusalMarker !== null) {
        // Read the whole body to look for the marker, then refuse it or send it on.
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          const body = Buffer.concat(chunks);
          proxy.deliveries += 1;
          if (body.includes(proxy.refusalMarker!)) {
            proxy.refusedWith400 += 1;
            res.writeHead(400, { 'Content-Type': 'application/json' });
            res.end(JSON.stringify({ error: 'the test proxy refuses this submission' }));
            return;
          }
          forward(body);
        });
        return;
      }
      if (isDelivery) {
        proxy.deliveries += 1;
        if (proxy.failures > 0 || Date.now() < proxy.failingUntil) {
          proxy.failures = Math.max(0, proxy.failures - 1);
          proxy.refusedWith503 += 1;
          req.resume();
          res.writeHead(503, { 'Content-Type': 'application/json', 'Retry-After': '1' });
          res.end(JSON.stringify({ error: 'the test proxy says the server is unavailable' }));
          return;
        }
      }
      forward();

      /** Sends the request upstream (`body`: already read) and its answer back. */
      function forward(body?: Buffer) {
        const upstreamRequest = http.request(
          { host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: req.headers },
          (answer) => {
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
          },
        );
        upstreamRequest.on('error', () => {
          res.writeHead(502);
          res.end();
        });
        if (body) upstreamRequest.end(body);
        else req.pipe(upstreamRequest);
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    proxy = new FailingProxy(`http://127.0.0.1:${port}`, server, failures);
    return proxy;
  }

  /** From now on, let every delivery through. */
  heal(): void {
    this.failures = 0;
    this.failingUntil = 0;
  }

  /** Answers 503 to every delivery for the next `ms`. */
  failFor(ms: number): void {
    this.failingUntil = Date.now() + ms;
  }

  /** Answers 400 to every delivery whose body contains `marker` (a batch with it included). */
  refuseBodiesWith(marker: string): void {
    this.refusalMarker = marker;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}
