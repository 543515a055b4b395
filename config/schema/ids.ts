// The names config gives things (groups, categories, calendars, policies, members), shared by the
// YAML schemas and the API bodies, so a name the API accepts is one config could define.
// Bounded: group, category and member ids end up in Temporal search attributes (a Keyword holds
// at most 2,048 bytes, and a longer value terminates the workflow) and in Message-IDs.
import { z } from 'zod';

export const ID_MAX_LENGTH = 64;
const KEBAB = /^[a-z][a-z0-9-]*$/;
const MEMBER = /^[a-z0-9][a-z0-9._-]*$/;
const tooLong = `at most ${ID_MAX_LENGTH} characters`;

/** A group, category, calendar or policy id: lower-case kebab-case, e.g. `identity-access`. */
export const kebabId = (message = 'lower-case kebab-case, e.g. identity-access') => z.string().max(ID_MAX_LENGTH, tooLong).regex(KEBAB, message);

/** A person's member id in groups.yaml, e.g. `zhang.wei`. */
export const memberId = (message = 'use lower-case letters, digits, dot, dash, underscore') => z.string().max(ID_MAX_LENGTH, tooLong).regex(MEMBER, message);
