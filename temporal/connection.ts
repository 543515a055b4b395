// Opens a Temporal connection from temporal.yaml (address, TLS and API key by env-var name).
import { readFileSync } from 'node:fs';
import { Client, Connection, type ConnectionOptions } from '@temporalio/client';
import type { TemporalSettings } from './settings';

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

export async function connectClient(settings: TemporalSettings, address = settings.connection.address): Promise<Client> {
  const connection = await Connection.connect(connectionOptions(settings, address));
  return new Client({ connection, namespace: settings.connection.namespace });
}
