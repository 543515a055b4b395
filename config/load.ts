// Loads and validates a config directory: every YAML file against its schema, then the
// cross-file references. Returns every problem at once, each as `file:line:col: path: message`.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { CONFIG_FILES, OPTIONAL_RUNTIME_FILES, type ConfigKey, type OptionalRuntimeConfig, type OptionalRuntimeKey, type ParsedConfig } from './files';
import { decodeConfigText } from './configText';
import { checkCrossReferences } from './crossReferences';
import { validateYamlText } from './validateYaml';
import { ConfigError, type ConfigIssue, type YamlSource } from './yamlSource';

export interface LoadedConfig extends ParsedConfig, OptionalRuntimeConfig {
  dir: string;
  /** Content hash of all files: recorded on each ticket routed with this config. */
  version: string;
  warnings: ConfigIssue[];
}

export type LoadResult = { ok: true; config: LoadedConfig } | { ok: false; issues: ConfigIssue[] };

export function defaultConfigDir(): string {
  return process.env.ITDESK_CONFIG_DIR || join(process.cwd(), 'config');
}

/** How a config file is named in messages: relative to the working directory, as admins type it. */
export function shownConfigPath(dir: string, file: string): string {
  return join(relative(process.cwd(), dir) || '.', file);
}

export async function loadConfigDir(dir: string, now: Date = new Date()): Promise<LoadResult> {
  const issues: ConfigIssue[] = [];
  const sources = {} as Record<ConfigKey, YamlSource>;
  const parsed = {} as Record<ConfigKey, unknown>;
  const hash = createHash('sha256');

  for (const key of Object.keys(CONFIG_FILES) as ConfigKey[]) {
    const { file, schema } = CONFIG_FILES[key];
    const shownFile = shownConfigPath(dir, file);
    let bytes: Buffer;
    try {
      bytes = await readFile(join(dir, file));
    } catch {
      issues.push({ file: shownFile, line: 1, col: 1, path: '', message: 'file is missing', severity: 'error' });
      continue;
    }
    const decoded = decodeConfigText(shownFile, bytes);
    if (!decoded.ok) {
      issues.push(decoded.issue);
      continue;
    }
    const { text } = decoded;
    hash.update(`${file}\0${text}\0`);
    const result = validateYamlText(shownFile, text, schema);
    sources[key] = result.source;
    if (result.ok) parsed[key] = result.data;
    else issues.push(...result.issues);
  }
  const optional = {} as Record<OptionalRuntimeKey, unknown>;
  const optionalSources: Partial<Record<OptionalRuntimeKey, YamlSource>> = {};
  for (const key of Object.keys(OPTIONAL_RUNTIME_FILES) as OptionalRuntimeKey[]) {
    const { file, schema, empty } = OPTIONAL_RUNTIME_FILES[key];
    let bytes: Buffer;
    try {
      bytes = await readFile(join(dir, file));
    } catch {
      optional[key] = empty; // absent: nothing configured
      continue;
    }
    const decoded = decodeConfigText(shownConfigPath(dir, file), bytes);
    if (!decoded.ok) {
      issues.push(decoded.issue);
      continue;
    }
    hash.update(`${file}\0${decoded.text}\0`);
    const result = validateYamlText(shownConfigPath(dir, file), decoded.text, schema);
    if (result.ok) {
      optional[key] = result.data;
      optionalSources[key] = result.source;
    } else issues.push(...result.issues);
  }
  if (issues.some((i) => i.severity === 'error')) return { ok: false, issues };

  const config = { ...(parsed as ParsedConfig), ...(optional as OptionalRuntimeConfig) };
  const crossIssues = checkCrossReferences(config, sources, now, optionalSources);
  const errors = crossIssues.filter((i) => i.severity === 'error');
  if (errors.length) return { ok: false, issues: crossIssues };
  return {
    ok: true,
    config: { ...config, dir, version: hash.digest('hex').slice(0, 12), warnings: crossIssues },
  };
}

/** Loads or throws ConfigError: for processes that cannot start without a config. */
export async function loadConfigOrThrow(dir: string = defaultConfigDir()): Promise<LoadedConfig> {
  const result = await loadConfigDir(dir);
  if (!result.ok) throw new ConfigError(result.issues);
  return result.config;
}
