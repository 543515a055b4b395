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
  // One line that says what happened, not one "required" per key of the schema.
  if (source.empty) return { ok: false, source, issues: [source.issueAt([], 'the file is empty (only blanks or comments); it needs its settings')] };
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
  const value = valueAt(source.data, path);
  if (issue.code === 'invalid_type' && value === undefined) {
    return [source.issueAt(path, `required (expected ${issue.expected})`)];
  }
  return [source.issueAt(path, withOffendingValue(issue, value))];
}

/**
 * zod's own messages ("Invalid option: expected one of …", "Invalid email address") do not say
 * what was written: say it, in the desk's own words. Messages our schemas wrote are kept as they are.
 */
function withOffendingValue(issue: z.core.$ZodIssue, value: unknown): string {
  if (!issue.message.startsWith('Invalid')) return issue.message;
  const got = `got ${JSON.stringify(value) ?? String(value)}`;
  if (issue.code === 'invalid_value') return `expected one of ${issue.values.map(String).join(', ')}, ${got}`;
  if (issue.code === 'invalid_type') return `expected ${issue.expected}, ${got}`;
  if (issue.code === 'invalid_format') return `expected ${issue.format === 'email' ? 'a mail address' : `a value in ${issue.format} format`}, ${got}`;
  return `${issue.message}, ${got}`;
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let value = data;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}
