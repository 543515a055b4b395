// `itdesk temporal setup`: registers the search attributes on an existing cluster.
import { connectClient } from '../temporal/connection';
import { registerSearchAttributes } from '../temporal/searchAttributeSetup';
import { loadTemporalSettings, usesEmbeddedServer } from '../temporal/settings';

export async function temporalSetup(out = console.log): Promise<number> {
  const settings = await loadTemporalSettings();
  if (usesEmbeddedServer(settings)) {
    out('no cluster configured (connection.address / TEMPORAL_ADDRESS): the embedded dev server registers the search attributes itself');
    return 2;
  }
  const client = await connectClient(settings);
  try {
    const added = await registerSearchAttributes(client, settings);
    out(added.length ? `added search attributes: ${added.join(', ')}` : 'all search attributes already registered');
    return 0;
  } finally {
    await client.connection.close();
  }
}
