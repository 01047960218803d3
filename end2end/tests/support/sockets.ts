// Raw connections for the specs and benchmarks about connection limits: a submission sent on a
// connection of its own (no keep-alive agent), so each one needs a fresh permit from the server.
import http from 'node:http';

/** POSTs `body` to /sync on a new connection; resolves with the status, rejects after `timeoutMs`. */
export function postOnNewConnection(port: number, body: string, timeoutMs = 10_000): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const request = http.request(
      { host: '127.0.0.1', port, path: '/sync', method: 'POST', agent: false, timeout: timeoutMs, headers: { 'Content-Type': 'application/json' } },
      (response) => (response.resume(), resolve(response.statusCode ?? 0)),
    );
    request.on('timeout', () => request.destroy(new Error(`no answer within ${timeoutMs / 1000} s`)));
    request.on('error', reject);
    request.end(body);
  });
}
