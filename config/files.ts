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
