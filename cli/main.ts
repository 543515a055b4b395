// The `itdesk` command line: runs the desk and its admin tools.
import { ConfigError } from '../config/yamlSource';

// Commands load their modules lazily: `config check` should not wait for the Temporal SDK.
const runDesk = async (parts: { worker: boolean; api: boolean; store: boolean }) => (await import('./runDesk')).runDesk(parts);
const configCheck = async (args: string[]) => (await import('./configCheck')).configCheck(args);
const slaDue = async (args: string[]) => (await import('./slaDue')).slaDue(args);
const temporalSetup = async () => (await import('./temporalSetup')).temporalSetup();

const USAGE = `usage: itdesk <command>
  start                      embedded Temporal (if no cluster is configured) + workers + API
  worker                     ticket + store workers only
  api                        the HTTP API only
  config check [dir]         validate the config directory (default: $ITDESK_CONFIG_DIR or ./config)
  sla due --priority P3 --at <ISO-8601> [--category C] [--vip]
  temporal setup             register the desk's search attributes on the configured cluster`;

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
        break;
      case 'sla':
        if (sub === 'due') return await slaDue(rest);
        break;
      case 'temporal':
        if (sub === 'setup') return await temporalSetup();
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
