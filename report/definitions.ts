// How each figure of the service report is computed, in one sentence: printed with the figure in
// every format and listed in docs/reports.md. The period P is [from, to) in the desk's zone.
export const DEFINITIONS = {
  opened: 'Tickets opened in P (every channel, declined-at-intake included).',
  resolved: 'Tickets with at least one resolution in P.',
  closed: 'Tickets closed in P (requester confirmation, staff recording it, or auto-close).',
  reopened: 'Tickets reopened at least once in P.',
  declined: 'Tickets declined in P (out of scope, by a rule, staff or an approver).',
  cancelled: 'Tickets cancelled in P.',
  breakdown: 'Per value of the ticket as it is now (channel, category, priority, group, assignee): opened in P, resolved in P, closed in P.',
  responseCompliance:
    'First-response SLA met ÷ measured. A ticket is measured in the period its outcome was decided: when it was first answered within target (met), or when the target passed unanswered (not met). Each ticket counts once, in one period.',
  resolutionCompliance:
    'Resolution SLA met ÷ measured. Decided when the ticket was (last) resolved within its target — pending time excluded, reopened time included — or when the target passed (not met). A breach undone by a priority change with a longer target counts as met.',
  arrivalCompliance:
    'On-site arrival SLA met ÷ measured: visits whose engineer arrived within the arrival target (from the first booking; a later appointment moves the due to it), decided when the arrival was recorded or the target passed.',
  resolutionMetByWorkaround:
    'Resolution SLAs met in P that a workaround or containment met (the ticket stayed open for the real fix, per sla.yaml workaroundMeets) ÷ resolution SLAs met in P.',
  timeToFirstResponse:
    'Tickets first answered in P: business time = the response clock on its calendar; wall time = first answer − opening. Mean and 90th percentile (nearest rank).',
  timeToResolution:
    'Tickets whose last resolution fell in P and that are resolved or closed now: business time = the resolution clock (pending excluded); wall time = last resolution − opening.',
  backlog: 'Tickets opened before the end of P that were not resolved, closed, cancelled or declined at the end of P; age = end of P − opening.',
  reopenRate: 'Tickets resolved in P that were reopened after that resolution ÷ tickets resolved in P.',
  firstContactResolution:
    'Tickets resolved in P at first contact ÷ tickets resolved in P. First contact: never reopened, never pending, never moved to another group, and resolved by whoever answered first (or self-served).',
  satisfaction: 'Ratings (满意 / 基本满意 / 不满意) of the tickets closed in P, as given so far.',
  surveyResponseRate: 'Tickets closed in P that the requester rated ÷ tickets closed in P.',
  dissatisfied: 'Tickets closed in P rated 不满意 (dissatisfied): they are analysed again and followed up.',
  kbUsageRate:
    'Tickets resolved in P whose resolution used a knowledge article (self-served with "this solved it", or the resolution code names one, kb:KB-12) ÷ tickets resolved in P.',
  kbSuggestionSuccess: 'Tickets that said "this solved it" in P ÷ tickets shown suggestions in P (from the knowledge base usage log).',
  kbUsage: 'Knowledge base usage log in P: article views, suggestions shown (one per article per ticket), "this solved it".',
  feedbackCycle: 'Tickets closed in P by the requester’s own confirmation: confirmation − last resolution (wall time). Auto-closed tickets are counted apart.',
  volumePerDay: 'Tickets opened and tickets resolved per day of P (desk zone).',
} as const;

export type FigureKey = keyof typeof DEFINITIONS;
