// The `itdesk` command line: runs the desk and its admin tools.
import { ConfigError } from '../config/yamlSource';

// Commands load their modules lazily: `config check` should not wait for the Temporal SDK.
const runDesk = async (parts: { worker: boolean; api: boolean; store: boolean }) => (await import('./runDesk')).runDesk(parts);
const configCheck = async (args: string[]) => (await import('./configCheck')).configCheck(args);
const configTest = async (args: string[]) => (await import('./configTest')).configTest(args);
const configSchema = async (args: string[]) => (await import('./configSchema')).configSchema(args);
const route = async (args: string[]) => (await import('./route')).route(args);
const slaDue = async (args: string[]) => (await import('./slaDue')).slaDue(args);
const slaExplain = async (args: string[]) => (await import('./slaExplain')).slaExplain(args);
const temporalSetup = async () => (await import('./temporalSetup')).temporalSetup();
const kbSearch = async (args: string[]) => (await import('./kbSearch')).kbSearch(args);
const report = async (args: string[]) => (await import('./report')).report(args);

const USAGE = `usage: itdesk <command>
  start                      embedded Temporal (if no cluster is configured) + workers + API
  worker                     ticket + store workers only
  api                        the HTTP API only
  config check [dir]         validate the config directory (default: $ITDESK_CONFIG_DIR or ./config)
  config test [dir]          run the routing test cases in <dir>/routing.cases.yaml
  config schema [outDir]     write JSON Schemas for editors (default: <config dir>/schema-json)
  route --title "…" [--from addr] [--channel mail] [--category c] [--vip] [--description "…"]
                             explain how a ticket would be routed and why
  sla due --priority P3 --at <ISO-8601> [--category C] [--vip]
  sla explain IT-000123 [--json]  each clock's target, consumed/paused time, due instant, fired levels
  temporal setup             register the desk's search attributes on the configured cluster
  report --from YYYY-MM-DD --to YYYY-MM-DD [--group G] [--format table|csv|json|html] [--out FILE] [--archive-only]
                             the service report: archive + open tickets (to is exclusive: --to 2026-12-01 is November)
  kb search <words> [--limit N] [--json]   published knowledge articles, best first (store file: $ITDESK_STORE_FILE or data/itdesk.sqlite)`;

export async function main(argv: string[]): Promise<number> {
  const [command, sub, ...rest] = argv;
  try {
    switch (command) {
      case 'start':
        return await runDesk({ worker: true, api: true, store: true });
      case 'worker':
        return await runDesk({ worker: true, api: false, store: true });
      case 'api':
        return await runDesk({ worker: false, api: true, store: false });
      case 'config':
        if (sub === 'check') return await configCheck(rest);
        if (sub === 'test') return await configTest(rest);
        if (sub === 'schema') return await configSchema(rest);
        break;
      case 'route':
        return await route(argv.slice(1));
      case 'sla':
        if (sub === 'due') return await slaDue(rest);
        if (sub === 'explain') return await slaExplain(rest);
        break;
      case 'temporal':
        if (sub === 'setup') return await temporalSetup();
        break;
      case 'report':
        return await report(argv.slice(1));
      case 'kb':
        if (sub === 'search') return await kbSearch(rest);
        break;
    }
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      return 1;
    }
    console.error((err as Error).message);
    return 1;
  }
  console.error(USAGE);
  return 2;
}
