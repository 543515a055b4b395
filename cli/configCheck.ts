// `itdesk config check [dir]`: every error and warning, one per line; non-zero exit on errors.
// Optional files (routing.cases.yaml; directory.yaml and mailboxes.yaml via the loader) are
// checked only when they exist.
import { basename, resolve } from 'node:path';
import { defaultConfigDir, loadConfigDir } from '../config/load';
import { checkRoutingCaseReferences, loadOptionalFile } from '../config/optionalFiles';
import { formatIssue, type ConfigIssue } from '../config/yamlSource';

export async function configCheck(args: string[], out = console.log): Promise<number> {
  const dir = resolve(args[0] ?? defaultConfigDir());
  const result = await loadConfigDir(dir);
  const issues: ConfigIssue[] = result.ok ? [...result.config.warnings] : [...result.issues];
  const cases = await loadOptionalFile(dir, 'routingCases');
  if (cases.present && !cases.ok) issues.push(...cases.issues);
  // Names in test cases can only be checked against a config that loaded.
  if (cases.present && cases.ok && result.ok) issues.push(...checkRoutingCaseReferences(cases.data, cases.source, result.config));
  for (const issue of issues) out(formatIssue(issue));
  const errors = issues.filter((i) => i.severity === 'error').length;
  if (errors) {
    out(`${errors} error(s) in ${dir}`);
    return 1;
  }
  const also = cases.present ? `, with ${basename(cases.file)}` : '';
  out(`config OK: ${dir} (version ${result.ok ? result.config.version : '?'}${also})`);
  return 0;
}
