// Who may state which facts of a new ticket. The intake schema says what a fact looks like; this
// says who may set it, because some facts steer routing and priority and must not be taken from
// just anyone: a requester who says they are a VIP is raised a priority and gets watchers.
//
//   requester.vip     nobody through the API: directory.yaml is the truth (withDirectoryFacts)
//   priority          staff; a requester gives impact and urgency and the desk derives it
//   channel           requesters: api (their own request); staff also phone, im, walk-in;
//                     mail only by the mailbox, whose intake does not pass through here
//   mailbox           only the mail intake (it routes by mailbox)
//   sourceMessageId   only the mail intake (threading)
// Everything else (who, what, when, impact, urgency, a category as a hint) anyone may state.
import type { DirectoryConfig } from '../config/schema/directory';
import { findPerson } from '../config/schema/directory';
import type { TicketIntake } from './intake';

export type IntakeAuthor = 'requester' | 'staff';

/** Channels staff record a request from on someone's behalf. */
export const STAFF_CHANNELS: ReadonlyArray<TicketIntake['channel']> = ['api', 'phone', 'im', 'walk-in'];

interface FieldAuthority {
  path: string;
  /** Whether the request states this fact at all (defaults count as not stated). */
  stated: (intake: TicketIntake) => boolean;
  /** Why `author` may not state it as given, or null when they may. */
  refusal: (author: IntakeAuthor, intake: TicketIntake) => string | null;
}

const FIELD_AUTHORITY: readonly FieldAuthority[] = [
  {
    path: 'requester.vip',
    stated: (intake) => intake.requester.vip !== undefined,
    refusal: () => 'who is a VIP comes from directory.yaml, not from the request',
  },
  {
    path: 'priority',
    stated: (intake) => intake.priority !== undefined,
    refusal: (author) => (author === 'staff' ? null : 'only staff state a priority; give impact and urgency and the desk derives it'),
  },
  {
    path: 'channel',
    stated: (intake) => intake.channel !== 'api',
    refusal: (author, intake) => {
      if (intake.channel === 'mail') return 'mail tickets come only from a service mailbox (mailboxes.yaml)';
      if (author === 'requester') return `a requester's own request is channel 'api'; staff record ${STAFF_CHANNELS.filter((c) => c !== 'api').join(', ')} requests`;
      return null;
    },
  },
  {
    path: 'mailbox',
    stated: (intake) => intake.mailbox !== undefined,
    refusal: () => 'set only by the mail intake',
  },
  {
    path: 'sourceMessageId',
    stated: (intake) => intake.sourceMessageId !== undefined,
    refusal: () => 'set only by the mail intake',
  },
];

/** Every fact `author` stated but may not: empty when the intake may be opened as it is. */
export function intakeAuthorityProblems(intake: TicketIntake, author: IntakeAuthor): Array<{ path: string; message: string }> {
  return FIELD_AUTHORITY.flatMap((field) => {
    if (!field.stated(intake)) return [];
    const refusal = field.refusal(author, intake);
    return refusal ? [{ path: field.path, message: refusal }] : [];
  });
}

/** The intake with the facts directory.yaml owns filled in from it: VIP, for now. */
export function withDirectoryFacts(intake: TicketIntake, directory: DirectoryConfig | undefined): TicketIntake {
  const { vip: _stated, ...requester } = intake.requester;
  const person = findPerson(directory, requester.email);
  return { ...intake, requester: person?.vip ? { ...requester, vip: true } : requester };
}
