// mail.yaml: outbound SMTP. Secrets only by env-var name; with no host the desk writes
// outgoing mail as .eml files into outboxDir (handy on a laptop, never silent). Also where the
// content of received attachments is kept (attachmentsDir).
import { z } from 'zod';

const EnvName = z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'an environment variable name');

export const MailSchema = z
  .object({
    smtp: z
      .object({
        hostEnv: EnvName.optional().describe('env var that overrides host'),
        host: z.string().default(''),
        port: z.number().int().min(1).max(65535).default(25),
        secure: z.boolean().default(false),
        userEnv: EnvName.optional(),
        passwordEnv: EnvName.optional(),
      })
      .strict(),
    outboxDir: z.string().default('data/outbox'),
    // Read per call by the fetch activity and the API, so both always use the same directory.
    attachmentsDir: z
      .string()
      .min(1)
      .default('data/attachments')
      .describe('where mail attachments are stored by SHA-256 (relative to the working directory); shared storage when workers or the API run on several hosts'),
    /** Domain part of the Message-IDs the desk generates. */
    messageIdDomain: z.string().min(1),
  })
  .strict();
export type MailConfig = z.infer<typeof MailSchema>;
