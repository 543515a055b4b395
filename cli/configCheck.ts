// `itdesk config check [dir]`: every error and warning, one per line; non-zero exit on errors.
import { resolve } from 'node:path';
import { defaultConfigDir, loadConfigDir } from '../config/load';
import { formatIssue } from '../config/yamlSource';

export async function configCheck(args: string[], out = console.log): Promise<number> {
  const dir = resolve(args[0] ?? defaultConfigDir());
  const result = await loadConfigDir(dir);
  if (!result.ok) {
    for (const issue of result.issues) out(formatIssue(issue));
    const errors = result.issues.filter((i) => i.severity === 'error').length;
    out(`${errors} error(s) in ${dir}`);
    return 1;
  }
  for (const warning of result.config.warnings) out(formatIssue(warning));
  out(`config OK: ${dir} (version ${result.config.version})`);
  return 0;
}
