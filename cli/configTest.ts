// `itdesk config test [dir]`: runs the admins' routing cases (routing.cases.yaml) against the
// config in dir and prints PASS/FAIL with a field-by-field diff; exit 1 when any case fails.
import { resolve } from 'node:path';
import { defaultConfigDir, loadConfigDir } from '../config/load';
import { checkRoutingCaseReferences, loadOptionalFile, OPTIONAL_CONFIG_FILES } from '../config/optionalFiles';
import { formatIssue } from '../config/yamlSource';
import { runDeskRoutingCases } from './deskRoutingCases';

export async function configTest(args: string[], out = console.log, now: () => Date = () => new Date()): Promise<number> {
  const dir = resolve(args[0] ?? defaultConfigDir());
  const loaded = await loadConfigDir(dir);
  if (!loaded.ok) {
    for (const issue of loaded.issues) out(formatIssue(issue));
    out(`config has errors: fix them (itdesk config check) before testing routing`);
    return 1;
  }
  const config = loaded.config;
  const cases = await loadOptionalFile(dir, 'routingCases');
  if (!cases.present) {
    out(`no test cases: ${cases.file} does not exist (see docs/admin-guide.md)`);
    return 1;
  }
  const problems = cases.ok ? checkRoutingCaseReferences(cases.data, cases.source, config) : cases.issues;
  if (problems.length || !cases.ok) {
    for (const issue of problems) out(formatIssue(issue));
    out(`${problems.length} error(s) in the test files: no case was run`);
    return 1;
  }

  const results = runDeskRoutingCases(config, cases.data, now);
  for (const result of results) {
    out(`${result.passed ? 'PASS' : 'FAIL'}  ${result.name}`);
    if (result.passed) continue;
    for (const line of result.diff) out(`      ${line}`);
    // What did happen, so the admin can tell a wrong case from a wrong rule.
    if (result.decision) {
      const matched = result.decision.matchedRules.length ? result.decision.matchedRules.join(', ') : 'none (fallback)';
      out(`      matched rules: ${matched}; priority: ${result.decision.priorityWhy}`);
    }
  }
  const failed = results.filter((r) => !r.passed).length;
  out('');
  out(`${results.length - failed} passed, ${failed} failed (${results.length} cases in ${OPTIONAL_CONFIG_FILES.routingCases.file}, config version ${config.version})`);
  return failed ? 1 : 0;
}
