// Display names for ids in config (groups, members, categories), in the page's language.
import type { LoadedConfig } from '../../config/load';
import type { Lang } from '../i18n';

/** `group:<id>`, `member:<id>`, `category:<id>` → name. Cached per config and language. */
const cache = new WeakMap<LoadedConfig, Partial<Record<Lang, Record<string, string>>>>();

export function displayNames(config: LoadedConfig, lang: Lang): Record<string, string> {
  const byLang = cache.get(config) ?? {};
  if (!byLang[lang]) {
    const names: Record<string, string> = {};
    for (const [id, group] of Object.entries(config.groups.groups)) {
      names[`group:${id}`] = group.name;
      for (const m of group.members) names[`member:${m.id}`] = m.name;
    }
    for (const [id, category] of Object.entries(config.categories.categories)) names[`category:${id}`] = category.label[lang];
    byLang[lang] = names;
    cache.set(config, byLang);
  }
  return byLang[lang]!;
}

/** The groups a member belongs to; an admin (no membership needed) sees every group. */
export function groupsOf(config: LoadedConfig, memberId: string, role: string): string[] {
  const all = Object.entries(config.groups.groups);
  if (role === 'admin') return all.map(([id]) => id);
  return all.filter(([, g]) => g.members.some((m) => m.id === memberId)).map(([id]) => id);
}
