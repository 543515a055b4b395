// groups.yaml: assignment groups, their members, lead and escalation contact.
import { z } from 'zod';

export const PersonSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'use lower-case letters, digits, dot, dash, underscore'),
    name: z.string().min(1),
    email: z.email(),
  })
  .strict();
export type Person = z.infer<typeof PersonSchema>;

export const GroupSchema = z
  .object({
    name: z.string().min(1),
    lead: z.string().optional().describe('member id of the group lead'),
    escalationContact: z.object({ name: z.string().min(1), email: z.email() }).strict(),
    members: z.array(PersonSchema).default([]),
  })
  .strict();
export type GroupConfig = z.infer<typeof GroupSchema>;

export const GroupsSchema = z
  .object({
    groups: z.record(z.string().regex(/^[a-z][a-z0-9-]*$/, 'group ids are lower-case kebab-case'), GroupSchema),
    itManager: z.object({ name: z.string().min(1), email: z.email() }).strict(),
  })
  .strict();
export type GroupsConfig = z.infer<typeof GroupsSchema>;
