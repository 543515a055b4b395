// The config a running process uses: loaded once, reloaded on demand or when files change.
// An invalid change is refused with its errors and the last good config stays active.
import { watch, type FSWatcher } from 'node:fs';
import { ConfigError, formatIssue, type ConfigIssue } from './yamlSource';
import { loadConfigDir, type LoadedConfig } from './load';

export interface ConfigSource {
  current(): LoadedConfig;
  reload(): Promise<{ ok: true; version: string; changed: boolean } | { ok: false; issues: ConfigIssue[] }>;
  watch(onResult?: (message: string) => void): () => void;
}

export async function createConfigSource(dir: string): Promise<ConfigSource> {
  const first = await loadConfigDir(dir);
  if (!first.ok) throw new ConfigError(first.issues);
  let active = first.config;
  const reload: ConfigSource['reload'] = async () => {
    const result = await loadConfigDir(dir);
    if (!result.ok) return { ok: false, issues: result.issues };
    const changed = result.config.version !== active.version;
    active = result.config;
    return { ok: true, version: active.version, changed };
  };
  return {
    current: () => active,
    reload,
    watch(onResult = (m) => console.log(m)) {
      let timer: NodeJS.Timeout | undefined;
      // After a refusal the admin waits to hear that the fix took, even when the fixed files
      // are byte for byte the active version again.
      let lastRefused = false;
      const watcher: FSWatcher = watch(dir, () => {
        clearTimeout(timer);
        // Editors write files in several steps: wait for them to settle.
        timer = setTimeout(async () => {
          const result = await reload();
          if (result.ok) {
            if (result.changed) onResult(`config reloaded: version ${result.version}`);
            else if (lastRefused) onResult(`config valid again: version ${result.version} stays active`);
            lastRefused = false;
          } else {
            lastRefused = true;
            onResult(`config change refused, keeping version ${active.version}:\n${result.issues.map(formatIssue).join('\n')}`);
          }
        }, 300);
      });
      return () => {
        clearTimeout(timer);
        watcher.close();
      };
    },
  };
}
