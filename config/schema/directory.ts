// directory.yaml (optional): the organisation's people by mail address, so a mail or a
// `route --from` fills in the requester's name, department, location and VIP flag.
import { z } from 'zod';

export const DirectoryPersonSchema = z
  .object({
    email: z.email().transform((e) => e.toLowerCase()),
    name: z.string().min(1),
    department: z.string().min(1).optional(),
    employeeId: z.string().min(1).optional(),
    phone: z.string().min(1).optional(),
    location: z.string().min(1).optional(),
    vip: z.boolean().default(false),
    language: z.enum(['zh-CN', 'en']).optional(),
    /** Their line manager's mail address: the first approver of their service requests. */
    manager: z.email().transform((e) => e.toLowerCase()).optional(),
  })
  .strict();
export type DirectoryPerson = z.infer<typeof DirectoryPersonSchema>;

export const DirectorySchema = z
  .object({ people: z.array(DirectoryPersonSchema) })
  .strict()
  .superRefine((directory, ctx) => {
    const seen = new Map<string, number>();
    directory.people.forEach((person, index) => {
      const first = seen.get(person.email);
      if (first !== undefined)
        ctx.addIssue({ code: 'custom', path: ['people', index, 'email'], message: `'${person.email}' is already listed (people[${first}])` });
      else seen.set(person.email, index);
    });
  });
export type DirectoryConfig = z.infer<typeof DirectorySchema>;

export function findPerson(directory: DirectoryConfig | undefined, email: string): DirectoryPerson | undefined {
  const wanted = email.trim().toLowerCase();
  return directory?.people.find((p) => p.email === wanted);
}
