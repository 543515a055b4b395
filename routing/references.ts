// Lists every name routing rules borrow from other config files (groups, categories, calendars,
// mail templates) with its path, so the loader can report unknown ones at the right line.
import type { RoutingRules } from './schema';

export type RoutingReferenceKind = 'group' | 'category' | 'calendar' | 'template';
export type RoutingReference = {
  kind: RoutingReferenceKind;
  name: string;
  /** Path inside the rules list, e.g. [3, 'then', 'group']. */
  path: Array<string | number>;
};

export function collectRoutingReferences(rules: RoutingRules): RoutingReference[] {
  const references: RoutingReference[] = [];
  rules.forEach((rule, index) => {
    const category = rule.when?.category;
    if (typeof category === 'string') references.push({ kind: 'category', name: category, path: [index, 'when', 'category'] });
    else category?.forEach((name, i) => references.push({ kind: 'category', name, path: [index, 'when', 'category', i] }));
    const calendar = rule.when?.timeOfDay?.calendar;
    if (calendar !== undefined)
      references.push({ kind: 'calendar', name: calendar, path: [index, 'when', 'timeOfDay', 'calendar'] });
    const then = rule.then;
    if (then?.category !== undefined)
      references.push({ kind: 'category', name: then.category, path: [index, 'then', 'category'] });
    if (then?.group !== undefined) references.push({ kind: 'group', name: then.group, path: [index, 'then', 'group'] });
    if (then?.decline !== undefined)
      references.push({ kind: 'template', name: then.decline.template, path: [index, 'then', 'decline', 'template'] });
  });
  return references;
}
