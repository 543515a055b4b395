// A Temporal dev server for one test run or bench: in memory, headless, on a free port, with
// the desk's search attributes (or none, to stand in for a cluster that never saw the desk).
import { ensureTemporalCli } from '../../temporal/cliBinary';
import { startDevServer, type DevServer, type DevServerOptions } from '../../temporal/devServer';
import type { TemporalSettings } from '../../temporal/settings';
import { onFreePort } from './ports';

export async function startThrowawayTemporal(
  settings: TemporalSettings,
  extra: Partial<Pick<DevServerOptions, 'searchAttributes' | 'dynamicConfig' | 'dbFile'>> = {},
): Promise<DevServer> {
  const cliPath = await ensureTemporalCli(settings.devServer.cliVersion, (line) => console.error(line));
  return onFreePort((port) => startDevServer({
    cliPath,
    ip: '127.0.0.1',
    port,
    uiPort: null,
    dbFile: null,
    namespace: settings.connection.namespace,
    searchAttributes: settings.searchAttributes,
    sqlitePragmas: {},
    logLevel: 'error',
    ...extra,
  }));
}
