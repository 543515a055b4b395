// The YAML files that make up a desk's config and the schema each must satisfy.
import type { z } from 'zod';
import { AuthSchema } from './schema/auth';
import { CalendarsSchema } from './schema/calendars';
import { CategoriesSchema } from './schema/categories';
import { DeskSchema } from './schema/desk';
import { GroupsSchema } from './schema/groups';
import { MailSchema } from './schema/mail';
import { PrioritiesSchema } from './schema/priorities';
import { SlaSchema } from './schema/sla';
import { DirectorySchema } from './schema/directory';
import { MailboxesSchema } from './schema/mailboxes';
import { ApprovalsSchema } from './schema/approvals';
import { CatalogueSchema } from './schema/catalogue';
import { RoutingConfigSchema } from '../routing/schema';

export const CONFIG_FILES = {
  desk: { file: 'desk.yaml', schema: DeskSchema },
  priorities: { file: 'priorities.yaml', schema: PrioritiesSchema },
  categories: { file: 'categories.yaml', schema: CategoriesSchema },
  groups: { file: 'groups.yaml', schema: GroupsSchema },
  calendars: { file: 'calendars.yaml', schema: CalendarsSchema },
  sla: { file: 'sla.yaml', schema: SlaSchema },
  auth: { file: 'auth.yaml', schema: AuthSchema },
  mail: { file: 'mail.yaml', schema: MailSchema },
  routing: { file: 'routing.yaml', schema: RoutingConfigSchema },
} as const;

export type ConfigKey = keyof typeof CONFIG_FILES;
export type ParsedConfig = { [K in ConfigKey]: z.output<(typeof CONFIG_FILES)[K]['schema']> };

/**
 * Files the running desk reads when they exist (validated like the required ones); when absent
 * the desk uses the empty value. A mail-less desk needs neither.
 */
export const OPTIONAL_RUNTIME_FILES = {
  mailboxes: { file: 'mailboxes.yaml', schema: MailboxesSchema, empty: { organisationDomains: [], mailboxes: [] } },
  directory: { file: 'directory.yaml', schema: DirectorySchema, empty: { people: [] } },
  // Without the file, tickets that routing tags 'needs-approval' wait for the module owner (the defaults).
  approvals: { file: 'approvals.yaml', schema: ApprovalsSchema, empty: ApprovalsSchema.parse({}) },
  // Without the file there are no service requests to choose: every ticket is an incident or a plain request.
  catalogue: { file: 'catalogue.yaml', schema: CatalogueSchema, empty: CatalogueSchema.parse({}) },
} as const;
export type OptionalRuntimeKey = keyof typeof OPTIONAL_RUNTIME_FILES;
export type OptionalRuntimeConfig = { [K in OptionalRuntimeKey]: z.output<(typeof OPTIONAL_RUNTIME_FILES)[K]['schema']> };
