// Parses one YAML text and validates it against its zod schema, turning every problem into a
// located ConfigIssue. Shared by the required files (load.ts) and the optional ones.
import type { z } from 'zod';
import { parseYamlSource, type ConfigIssue, type YamlSource } from './yamlSource';

export type ValidatedYaml<T> =
  | { ok: true; source: YamlSource; data: T }
  | { ok: false; source: YamlSource; issues: ConfigIssue[] };

export function validateYamlText<S extends z.ZodType>(shownFile: string, text: string, schema: S): ValidatedYaml<z.output<S>> {
  const source = parseYamlSource(shownFile, text);
  if (source.syntaxIssues.length) return { ok: false, source, issues: source.syntaxIssues };
  const result = schema.safeParse(source.data);
  if (result.success) return { ok: true, source, data: result.data };
  return { ok: false, source, issues: result.error.issues.flatMap((issue) => zodIssueToConfigIssues(source, issue)) };
}

export function zodIssueToConfigIssues(source: YamlSource, issue: z.core.$ZodIssue): ConfigIssue[] {
  const path = issue.path as PropertyKey[];
  // An unknown key is best shown at the key itself, one issue per key.
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => source.issueAt([...path, key], `unknown key '${key}'`));
  }
  // zod 4 leaves `input` out of issues, so ask the YAML itself whether the value is there:
  // `ticketDigits: six` is a wrong type, not a missing key.
  if (issue.code === 'invalid_type' && valueAt(source.data, path) === undefined) {
    return [source.issueAt(path, `required (expected ${issue.expected})`)];
  }
  return [source.issueAt(path, issue.message)];
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let value = data;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}
