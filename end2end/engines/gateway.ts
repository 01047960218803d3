// The network between a browser and the test server, at the TCP level: it can cut the server off
// (connections reset, as a phone sees a server it cannot reach while the browser still believes it
// is online) and throttle the link (latency each way and a shared bandwidth, as a poor mobile
// connection). Every engine goes through it the same way: no driver needs to emulate anything.
import net from 'node:net';

export interface Throttle {
  /** Added to every chunk, each way. */
  latencyMs: number;
  /** Shared by every connection, each way. */
  bytesPerSecond: number;
}

export class Gateway {
  private cut = false;
  /** While set, what the browser sends waits here (requests hang, as on a stalled link). */
  private held: (() => void)[] | null = null;
  private throttle: Throttle | null = null;
  private readonly sockets = new Set<net.Socket>();
  /** When each direction of the link is free again (ms), for the shared bandwidth. */
  private readonly linkFreeAt = { up: 0, down: 0 };

  private constructor(private readonly server: net.Server, readonly url: string) {}

  /** A gateway in front of `target` (an http://host:port URL). */
  static async start(target: string): Promise<Gateway> {
    const upstream = new URL(target);
    let gateway: Gateway;
    const server = net.createServer((client) => gateway.connect(client, upstream));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    gateway = new Gateway(server, `http://127.0.0.1:${port}`);
    return gateway;
  }

  /** The server is unreachable from now on: open connections are reset, new ones too. */
  cutOff(): void {
    this.cut = true;
    for (const socket of this.sockets) socket.destroy();
  }

  /** The server is reachable again. */
  restore(): void {
    this.cut = false;
  }

  /** From now on, what the browser sends waits at the gateway until `release`. */
  hold(): void {
    this.held ??= [];
  }

  /** Sends on everything held, and holds nothing more. */
  release(): void {
    const held = this.held ?? [];
    this.held = null;
    for (const send of held) send();
  }

  /** Every byte from now on goes through a slow link (null: full speed again). */
  slowDown(throttle: Throttle | null): void {
    this.throttle = throttle;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private connect(client: net.Socket, upstream: URL): void {
    if (this.cut) {
      client.resetAndDestroy();
      return;
    }
    const server = net.connect(Number(upstream.port), upstream.hostname);
    for (const socket of [client, server]) {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      socket.on('error', () => {
        client.destroy();
        server.destroy();
      });
    }
    this.pipe(client, server, 'up');
    this.pipe(server, client, 'down');
  }

  /** Copies `from` to `to`, paced by the throttle when there is one. */
  private pipe(from: net.Socket, to: net.Socket, direction: 'up' | 'down'): void {
    from.on('data', (chunk: Buffer) => {
      if (direction === 'up' && this.held) {
        this.held.push(() => to.destroyed || to.write(chunk));
        return;
      }
      const throttle = this.throttle;
      if (!throttle) {
        to.write(chunk);
        return;
      }
      // Small pieces, so one large answer does not hold the link in one step.
      for (let offset = 0; offset < chunk.length; offset += 4096) {
        const piece = chunk.subarray(offset, offset + 4096);
        const now = Date.now();
        const sent = Math.max(now, this.linkFreeAt[direction]) + (piece.length / throttle.bytesPerSecond) * 1000;
        this.linkFreeAt[direction] = sent;
        setTimeout(() => to.destroyed || to.write(piece), sent - now + throttle.latencyMs);
      }
    });
    from.on('end', () => {
      if (direction === 'up' && this.held) {
        this.held.push(() => to.end());
        return;
      }
      const wait = this.throttle ? Math.max(0, this.linkFreeAt[direction] - Date.now()) + this.throttle.latencyMs : 0;
      setTimeout(() => to.end(), wait);
    });
  }
}
