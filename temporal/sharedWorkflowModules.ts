// The modules every workflow in a worker thread shares (issue #10). In the SDK's reused V8
// context each workflow run evaluates the bundle's modules afresh, so each cached ticket held its
// own copy of zod, of the SDK's libraries and of our pure modules. Preloaded modules are
// evaluated once per thread, before any workflow, and shared (bench/ticketMemory.ts measures it).
//
// What may be shared: code without per-workflow state. The SDK deep-freezes what these modules
// export and leave in the sandbox's globals, and zod writes into its own objects as it goes (its
// global config on the first schema, cached values, a schema on its first parse): zod cannot be
// shared. Workflow code therefore loads no zod at all (the update arguments are checked against
// JSON Schema generated from the zod contracts: ticket/argumentCheck.ts). Ours are found by
// reading the imports of workflows/, so a new pure module is shared without anyone listing it.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const workflowsDir = fileURLToPath(new URL('../workflows', import.meta.url));

export function sharedWorkflowModules(): string[] {
  return [
    // The SDK's own libraries: their per-workflow state lives in the activator, not in modules.
    '@temporalio/common',
    '@temporalio/workflow',
    ...pureModulesOfWorkflowCode(),
  ];
}

/** Files outside workflows/ that workflow code imports for more than types, without zod anywhere below them. */
export function pureModulesOfWorkflowCode(): string[] {
  const direct = new Set<string>();
  for (const file of typeScriptFiles(workflowsDir))
    for (const target of runtimeImports(file)) if (!target.startsWith(workflowsDir + '/')) direct.add(target);
  return [...direct].filter((file) => !reachesZod(file, new Set())).sort();
}

/**
 * Workflow files that load zod (through any runtime import). Issue #10: none may — every module
 * of the bundle is evaluated once per cached workflow, and zod's were most of a ticket's memory.
 */
export function workflowCodeReachingZod(): string[] {
  return typeScriptFiles(workflowsDir).filter((file) => reachesZod(file, new Set()));
}

function reachesZod(file: string, seen: Set<string>): boolean {
  if (seen.has(file)) return false;
  seen.add(file);
  if (/^import\s+(?!type\s)[^;]*?\sfrom\s+'zod'/ms.test(readFileSync(file, 'utf8'))) return true;
  return runtimeImports(file).some((target) => reachesZod(target, seen));
}

/** Relative imports of a file that bring code (not `import type`), resolved to files. */
function runtimeImports(file: string): string[] {
  const source = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const match of source.matchAll(/^(?:import|export)\s+(?!type\s)[^;]*?\sfrom\s+'(\.[^']+)'/gms)) {
    const base = resolve(dirname(file), match[1]);
    const found = [`${base}.ts`, `${base}.tsx`, join(base, 'index.ts')].find((c) => existsSync(c));
    if (found) out.push(found);
  }
  return out;
}

function typeScriptFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? typeScriptFiles(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );
}
