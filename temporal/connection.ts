// Opens a Temporal connection from temporal.yaml (address, TLS and API key by env-var name).
import { readFileSync } from 'node:fs';
import { Client, Connection, type ConnectionOptions } from '@temporalio/client';
import { temporalAddress, usesEmbeddedServer, type TemporalSettings } from './settings';

export function connectionOptions(settings: TemporalSettings, address: string, env: NodeJS.ProcessEnv = process.env): ConnectionOptions {
  const { tls, apiKeyEnv } = settings.connection;
  const fileFromEnv = (name: string) => (name && env[name] ? readFileSync(env[name]!) : undefined);
  const cert = fileFromEnv(tls.clientCertFileEnv);
  const key = fileFromEnv(tls.clientKeyFileEnv);
  const apiKey = apiKeyEnv ? env[apiKeyEnv] : undefined;
  return {
    address,
    tls: tls.enabled || apiKey
      ? {
          serverNameOverride: tls.serverNameOverride || undefined,
          serverRootCACertificate: fileFromEnv(tls.caFileEnv),
          clientCertPair: cert && key ? { crt: cert, key } : undefined,
        }
      : undefined,
    apiKey,
  };
}

export class TemporalUnreachableError extends Error {
  constructor(address: string, embedded: boolean, cause: unknown) {
    super(
      embedded
        ? `cannot reach the desk's embedded Temporal dev server at ${address}: start the desk first (\`npx itdesk start\`), or set connection.address in temporal.yaml (or TEMPORAL_ADDRESS) to use a cluster (${(cause as Error).message})`
        : `cannot reach Temporal at ${address} (temporal.yaml connection.address or TEMPORAL_ADDRESS): ${(cause as Error).message}`,
      { cause },
    );
    this.name = 'TemporalUnreachableError';
  }
}

/** A client of the configured cluster or, without one, of the embedded dev server (temporalAddress). */
export async function connectClient(settings: TemporalSettings, address = temporalAddress(settings)): Promise<Client> {
  let connection: Connection;
  try {
    connection = await Connection.connect(connectionOptions(settings, address));
  } catch (err) {
    throw new TemporalUnreachableError(address, usesEmbeddedServer(settings), err);
  }
  return new Client({ connection, namespace: settings.connection.namespace });
}
