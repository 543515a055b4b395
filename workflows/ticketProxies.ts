// The activities the ticket workflow calls, with their timeouts and retry policies in one place.
// (The store's proxy is made per run: its task queue comes with the workflow's input.)
import { proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { ApprovalActivities } from '../activities/approvalActivities';
import type { AssignmentActivities } from '../activities/assignmentActivities';
import type { RequesterMailActivities } from '../activities/requesterMail';
import type { TicketActivities } from '../activities/ticketActivities';
import type { TeamActivities } from '../activities/teamActivities';

// Every activity that sends mail heartbeats while it sends (activities/heartbeatingMailer.ts): a
// send lost with a dead worker is retried after seconds, not after the one-minute timeout.
const MAIL_HEARTBEAT_TIMEOUT = '5s';

const POLICY_RETRY = { initialInterval: '1s', maximumInterval: '1m', nonRetryableErrorTypes: ['UnknownPriority', 'UnknownCategory'] };
export const policy = proxyActivities<TicketActivities>({ startToCloseTimeout: '30s', retry: POLICY_RETRY });
// Tickets of the lean generation (issue #10) plan and assign in the worker that runs them: config
// reads and a visibility count take milliseconds, and a local activity needs no round trip through
// the server's task queues (the opening fits in its first workflow task).
export const localPolicy = proxyLocalActivities<TicketActivities>({ startToCloseTimeout: '30s', retry: POLICY_RETRY });
export const notices = proxyActivities<TicketActivities>({
  startToCloseTimeout: '1m',
  heartbeatTimeout: MAIL_HEARTBEAT_TIMEOUT,
  retry: { initialInterval: '5s', backoffCoefficient: 2, maximumInterval: '10m' },
});
export const clockMath = proxyLocalActivities<TicketActivities>({ startToCloseTimeout: '10s' });
// Mail to the requester: retried without limit, so an SMTP outage delays a notice but never drops it.
export const requesterMail = proxyActivities<RequesterMailActivities>({
  startToCloseTimeout: '1m',
  heartbeatTimeout: MAIL_HEARTBEAT_TIMEOUT,
  retry: { initialInterval: '2s', backoffCoefficient: 2, maximumInterval: '2m' },
});
const ASSIGNMENT_RETRY = { initialInterval: '1s', maximumInterval: '1m', maximumAttempts: 5 };
export const assignment = proxyActivities<AssignmentActivities>({ startToCloseTimeout: '30s', retry: ASSIGNMENT_RETRY });
export const localAssignment = proxyLocalActivities<AssignmentActivities>({ startToCloseTimeout: '30s', retry: ASSIGNMENT_RETRY });
export const approvalMail = proxyActivities<ApprovalActivities>({
  startToCloseTimeout: '1m',
  heartbeatTimeout: MAIL_HEARTBEAT_TIMEOUT,
  retry: { initialInterval: '5s', backoffCoefficient: 2, maximumInterval: '10m' },
});
// Staff notices of the response team and of tier escalations: retried like the other staff notices.
export const teamNotices = proxyActivities<TeamActivities>({
  startToCloseTimeout: '1m',
  heartbeatTimeout: MAIL_HEARTBEAT_TIMEOUT,
  retry: { initialInterval: '5s', backoffCoefficient: 2, maximumInterval: '10m' },
});
