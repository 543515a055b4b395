// auth.yaml: API bearer tokens. Only SHA-256 hashes live in config; a token may also be
// taken from an environment variable (tokenEnv) so secrets never sit in the repo.
import { z } from 'zod';

import { ROLES } from './valueSets';

export { ROLES, type Role } from './valueSets';

export const TokenSchema = z
  .object({
    name: z.string().min(1),
    role: z.enum(ROLES),
    /** For requesters: the mail address whose tickets they may see; for agents: their member id. */
    subject: z.string().min(1),
    sha256: z.string().regex(/^[0-9a-f]{64}$/, 'a hex SHA-256 of the token').optional(),
    tokenEnv: z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'an environment variable name').optional(),
  })
  .strict()
  .refine((t) => Boolean(t.sha256) !== Boolean(t.tokenEnv), { message: "give exactly one of 'sha256' or 'tokenEnv'" });

export const AuthSchema = z.object({ tokens: z.array(TokenSchema) }).strict();
export type AuthConfig = z.infer<typeof AuthSchema>;
