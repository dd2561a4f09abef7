/**
 * A second address for a service: a TCP forwarder on loopback that the run starts before the guide runs and stops
 * after it. A guide that writes one placeholder host with two schemes (`https://portainer.company/` registered in
 * authentik, `http://portainer.company/` typed into Portainer) names two different URLs, and a reader meets
 * authentik's "Redirect URI Error" for it. The stack has one base URL per service, so the second scheme is mapped
 * onto this forwarder's address: the strings still differ on the stack (and authentik's strict comparison fails
 * as it does for the reader), while the address still reaches the same service (a guide that uses the second
 * scheme consistently still works). Plain TCP: TLS, HTTP and WebSockets pass through unchanged, for the browser
 * and the application's backend alike, both of which run on this machine for the external stacks.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';

export interface Forwarder {
  /** `http://127.0.0.5:40117`: the target's scheme, a loopback address, the forwarder's port. */
  url: string;
  target: string;
  close(): Promise<void>;
}

/** The loopback address to listen on: the target's own when it is a loopback IP (so the mapping reads well), else 127.0.0.1. */
function listenHost(hostname: string): string {
  return /^127\.\d+\.\d+\.\d+$/.test(hostname) ? hostname : '127.0.0.1';
}

export async function startForwarder(targetUrl: string): Promise<Forwarder> {
  const target = new URL(targetUrl);
  const port = Number(target.port || (target.protocol === 'https:' ? 443 : 80));
  const host = target.hostname.replace(/^\[|\]$/g, '');
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect({ host, port });
    sockets.add(client).add(upstream);
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('close', () => sockets.delete(client));
    upstream.on('close', () => sockets.delete(upstream));
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  const bind = listenHost(host);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, bind, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('the forwarder has no TCP address');
  return {
    url: `${target.protocol}//${bind}:${address.port}`,
    target: target.origin,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
