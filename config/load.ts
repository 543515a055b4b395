// Loads and validates a config directory: every YAML file against its schema, then the
// cross-file references. Returns every problem at once, each as `file:line:col: path: message`.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { z } from 'zod';
import { CONFIG_FILES, type ConfigKey, type ParsedConfig } from './files';
import { checkCrossReferences } from './crossReferences';
import { ConfigError, parseYamlSource, type ConfigIssue, type YamlSource } from './yamlSource';

export interface LoadedConfig extends ParsedConfig {
  dir: string;
  /** Content hash of all files: recorded on each ticket routed with this config. */
  version: string;
  warnings: ConfigIssue[];
}

export type LoadResult = { ok: true; config: LoadedConfig } | { ok: false; issues: ConfigIssue[] };

export function defaultConfigDir(): string {
  return process.env.ITDESK_CONFIG_DIR || join(process.cwd(), 'config');
}

export async function loadConfigDir(dir: string, now: Date = new Date()): Promise<LoadResult> {
  const issues: ConfigIssue[] = [];
  const sources = {} as Record<ConfigKey, YamlSource>;
  const parsed = {} as Record<ConfigKey, unknown>;
  const hash = createHash('sha256');
  const shownDir = relative(process.cwd(), dir) || '.';

  for (const key of Object.keys(CONFIG_FILES) as ConfigKey[]) {
    const { file, schema } = CONFIG_FILES[key];
    const shownFile = join(shownDir, file);
    let text: string;
    try {
      text = await readFile(join(dir, file), 'utf8');
    } catch {
      issues.push({ file: shownFile, line: 1, col: 1, path: '', message: 'file is missing', severity: 'error' });
      continue;
    }
    hash.update(`${file}\0${text}\0`);
    const source = parseYamlSource(shownFile, text);
    sources[key] = source;
    if (source.syntaxIssues.length) {
      issues.push(...source.syntaxIssues);
      continue;
    }
    const result = (schema as z.ZodType).safeParse(source.data);
    if (result.success) parsed[key] = result.data;
    else issues.push(...result.error.issues.flatMap((issue) => zodIssueToConfigIssues(source, issue)));
  }
  if (issues.some((i) => i.severity === 'error')) return { ok: false, issues };

  const config = parsed as ParsedConfig;
  const crossIssues = checkCrossReferences(config, sources, now);
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

function zodIssueToConfigIssues(source: YamlSource, issue: z.core.$ZodIssue): ConfigIssue[] {
  const path = issue.path as PropertyKey[];
  // An unknown key is best shown at the key itself, one issue per key.
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => source.issueAt([...path, key], `unknown key '${key}'`));
  }
  if (issue.code === 'invalid_type' && issue.input === undefined) {
    return [source.issueAt(path, `required (expected ${issue.expected})`)];
  }
  return [source.issueAt(path, issue.message)];
}
