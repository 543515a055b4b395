// Files for the admin tools only (the running desk never reads them): the routing test cases.
// Absent is fine; present means validated like the required files. Optional files the desk
// does read (directory.yaml, mailboxes.yaml) are OPTIONAL_RUNTIME_FILES in files.ts.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { z } from 'zod';
import { decodeConfigText } from './configText';
import { shownConfigPath, type LoadedConfig } from './load';
import { DeskRoutingCasesSchema, type DeskRoutingCase } from './schema/routingCases';
import { validateYamlText } from './validateYaml';
import type { ConfigIssue, YamlSource } from './yamlSource';

export const OPTIONAL_CONFIG_FILES = {
  routingCases: { file: 'routing.cases.yaml', schema: DeskRoutingCasesSchema },
} as const;
export type OptionalConfigKey = keyof typeof OPTIONAL_CONFIG_FILES;
type OptionalData<K extends OptionalConfigKey> = z.output<(typeof OPTIONAL_CONFIG_FILES)[K]['schema']>;

export type OptionalFileResult<T> =
  | { present: false; file: string }
  | { present: true; ok: true; file: string; data: T; source: YamlSource }
  | { present: true; ok: false; file: string; issues: ConfigIssue[] };

export async function loadOptionalFile<K extends OptionalConfigKey>(dir: string, key: K): Promise<OptionalFileResult<OptionalData<K>>> {
  const { file, schema } = OPTIONAL_CONFIG_FILES[key];
  const shownFile = shownConfigPath(dir, file);
  let bytes: Buffer;
  try {
    bytes = await readFile(join(dir, file));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { present: false, file: shownFile };
    throw error;
  }
  const decoded = decodeConfigText(shownFile, bytes);
  if (!decoded.ok) return { present: true, ok: false, file: shownFile, issues: [decoded.issue] };
  const result = validateYamlText(shownFile, decoded.text, schema);
  if (!result.ok) return { present: true, ok: false, file: shownFile, issues: result.issues };
  return { present: true, ok: true, file: shownFile, data: result.data as OptionalData<K>, source: result.source };
}

/** Names a test case expects that the config does not define: such a case could never pass. */
export function checkRoutingCaseReferences(cases: readonly DeskRoutingCase[], source: YamlSource, config: LoadedConfig): ConfigIssue[] {
  const known = {
    category: Object.keys(config.categories.categories),
    group: Object.keys(config.groups.groups),
    slaPolicy: Object.keys(config.sla.policies),
    rule: config.routing.rules.map((r) => r.name),
    priority: Object.keys(config.priorities.priorities),
  };
  const issues: ConfigIssue[] = [];
  cases.forEach((routingCase, index) => {
    for (const field of Object.keys(known) as Array<keyof typeof known>) {
      const name = routingCase.expect[field];
      if (name !== undefined && !known[field].includes(name))
        issues.push(source.issueAt([index, 'expect', field], `unknown ${field} '${name}' (known: ${known[field].join(', ')})`));
    }
    const given = routingCase.given.category;
    if (given !== undefined && !known.category.includes(given))
      issues.push(source.issueAt([index, 'given', 'category'], `unknown category '${given}' (known: ${known.category.join(', ')})`));
  });
  return issues;
}
