// A free TCP port on loopback, for servers that tests and benches start on their own.
import { createServer, type AddressInfo } from 'node:net';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts a server on a free port, with a fresh port when the first was taken meanwhile: freePort
 * only finds a port that is free now, and on a machine where several test runs start servers at
 * once another process may bind it before ours does.
 */
export async function onFreePort<T>(start: (port: number) => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await start(await freePort());
    } catch (error) {
      if (attempt >= attempts || !/address already in use|EADDRINUSE|BindException/i.test(String((error as Error)?.message ?? error))) throw error;
    }
  }
}
