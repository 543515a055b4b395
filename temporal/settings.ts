// temporal.yaml: how the desk reaches Temporal. TEMPORAL_ADDRESS / TEMPORAL_NAMESPACE override it.
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { DurationSchema } from '../config/schema/duration';
import { decodeConfigText } from '../config/configText';
import { ConfigError, parseYamlSource } from '../config/yamlSource';

const EnvName = z.union([z.literal(''), z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'an environment variable name')]);
const SEARCH_ATTRIBUTE_TYPES = ['Text', 'Keyword', 'Int', 'Double', 'Bool', 'Datetime', 'KeywordList'] as const;

export const TemporalSettingsSchema = z
  .object({
    connection: z
      .object({
        address: z.string().default(''),
        namespace: z.string().min(1).default('default'),
        tls: z
          .object({
            enabled: z.boolean().default(false),
            serverNameOverride: z.string().default(''),
            caFileEnv: EnvName.default(''),
            clientCertFileEnv: EnvName.default(''),
            clientKeyFileEnv: EnvName.default(''),
          })
          .strict(),
        apiKeyEnv: EnvName.default(''),
      })
      .strict(),
    taskQueues: z.object({ tickets: z.string().min(1), store: z.string().min(1) }).strict(),
    worker: z
      .object({
        maxConcurrentWorkflowTaskExecutions: z.number().int().positive(),
        maxConcurrentActivityTaskExecutions: z.number().int().positive(),
        maxCachedWorkflows: z.number().int().nonnegative(),
        shutdownGraceTime: DurationSchema,
      })
      .strict(),
    // How often the API looks for tickets whose workflow cannot make progress (/healthz).
    health: z.object({ stuckTicketSweep: DurationSchema.default(60) }).strict().default({ stuckTicketSweep: 60 }),
    searchAttributes: z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/), z.enum(SEARCH_ATTRIBUTE_TYPES)),
    devServer: z
      .object({
        cliVersion: z.string().regex(/^v\d+\.\d+\.\d+$/),
        dbFile: z.string().min(1),
        ip: z.string().min(1),
        port: z.number().int().min(1).max(65535),
        ui: z.boolean(),
        uiPort: z.number().int().min(1).max(65535),
        logLevel: z.enum(['debug', 'info', 'warn', 'error']),
        sqlitePragmas: z.record(z.string().regex(/^[a-z_]+$/), z.union([z.string(), z.number()])).default({}),
      })
      .strict(),
  })
  .strict();
export type TemporalSettings = z.infer<typeof TemporalSettingsSchema>;

export async function loadTemporalSettings(
  file = process.env.ITDESK_TEMPORAL_YAML || 'temporal.yaml',
  env: NodeJS.ProcessEnv = process.env,
): Promise<TemporalSettings> {
  const decoded = decodeConfigText(file, await readFile(file));
  if (!decoded.ok) throw new ConfigError([decoded.issue]);
  const source = parseYamlSource(file, decoded.text);
  if (source.syntaxIssues.length) throw new ConfigError(source.syntaxIssues);
  const parsed = TemporalSettingsSchema.safeParse(source.data);
  if (!parsed.success)
    throw new ConfigError(parsed.error.issues.map((issue) => source.issueAt(issue.path as PropertyKey[], issue.message)));
  const settings = parsed.data;
  if (env.TEMPORAL_ADDRESS) settings.connection.address = env.TEMPORAL_ADDRESS;
  if (env.TEMPORAL_NAMESPACE) settings.connection.namespace = env.TEMPORAL_NAMESPACE;
  return settings;
}

/** True when the desk must run its own embedded dev server. */
export const usesEmbeddedServer = (settings: TemporalSettings) => !settings.connection.address;

/** Where the embedded dev server listens (devServer.ip:port); `itdesk start` starts it there. */
export function embeddedServerAddress(settings: TemporalSettings): string {
  const { ip, port } = settings.devServer;
  // A server listening on every interface is reached on loopback.
  const host = ip === '0.0.0.0' ? '127.0.0.1' : ip === '::' ? '[::1]' : ip;
  return `${host}:${port}`;
}

/**
 * The frontend every part of the desk talks to: the configured cluster, or the embedded dev
 * server. One answer for `itdesk start`, the workers, the API and every CLI command.
 */
export function temporalAddress(settings: TemporalSettings): string {
  return usesEmbeddedServer(settings) ? embeddedServerAddress(settings) : settings.connection.address;
}
