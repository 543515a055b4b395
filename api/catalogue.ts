// GET /api/catalogue: the service requests a requester can choose (catalogue.yaml), with the
// fields each needs, its approval steps and its tasks, so a tool or form can ask for them.
// Every role may read it: it says what can be asked for, not who asked.
import { Hono } from 'hono';
import type { ConfigSource } from '../config/source';
import type { AuthEnv } from './auth';

export function catalogueRouter(config: ConfigSource) {
  const app = new Hono<AuthEnv>();
  app.get('/', (c) => {
    const { catalogue } = config.current();
    return c.json({
      items: Object.entries(catalogue.items).map(([id, item]) => ({
        id,
        type: 'request' as const,
        label: item.label,
        ...(item.description ? { description: item.description } : {}),
        category: item.category,
        ...(item.group ? { group: item.group } : {}),
        fields: item.fields.map((field) => ({
          ...field,
          // A system field's choices are the catalogue's systems.
          ...(field.type === 'system' ? { choices: Object.entries(catalogue.systems).map(([value, s]) => ({ value, label: s.label })) } : {}),
        })),
        // Roles, not people: who approves depends on the requester (their manager) and the answers.
        // null: the item names none of its own, approvals.yaml decides as for any ticket.
        approvals: item.approvals ? item.approvals.map((step) => ({ approver: step.approver, ...(step.label ? { label: step.label } : {}) })) : null,
        checklist: item.checklist,
      })),
      systems: Object.entries(catalogue.systems).map(([id, s]) => ({ id, label: s.label })),
    });
  });
  return app;
}
