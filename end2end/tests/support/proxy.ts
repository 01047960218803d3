// A proxy in front of a test server that can make deliveries fail: it answers 503 (with a JSON
// error and Retry-After: 1) to the first `failures` POSTs to /sync and /sync/batch, and counts them.
import http from 'node:http';
import { AddressInfo } from 'node:net';

export class FailingProxy {
  deliveries = 0;
  refusedWith503 = 0;

  private constructor(readonly url: string, private readonly server: http.Server, private failures: number) {}

  static async start(target: string, failures: number): Promise<FailingProxy> {
    const upstream = new URL(target);
    let proxy: FailingProxy;
    const server = http.createServer((req, res) => {
      const isDelivery = req.method === 'POST' && (req.url === '/sync' || req.url === '/sync/batch');
      if (isDelivery) {
        proxy.deliveries += 1;
        if (proxy.failures > 0) {
          proxy.failures -= 1;
          proxy.refusedWith503 += 1;
          req.resume();
          res.writeHead(503, { 'Content-Type': 'application/json', 'Retry-After': '1' });
          res.end(JSON.stringify({ error: 'the test proxy says the server is unavailable' }));
          return;
        }
      }
      const forward = http.request(
        { host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      forward.on('error', () => {
        res.writeHead(502);
        res.end();
      });
      req.pipe(forward);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    proxy = new FailingProxy(`http://127.0.0.1:${port}`, server, failures);
    return proxy;
  }

  /** From now on, let every delivery through. */
  heal(): void {
    this.failures = 0;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}
