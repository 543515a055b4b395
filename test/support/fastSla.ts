// SLA policies in seconds for integration tests on the real (non-time-skipping) dev server.
export function fastSlaYaml(targets: Record<'P1' | 'P2' | 'P3' | 'P4', string>, escalation = ''): string {
  return `pauseResolutionWhilePending: [requester, vendor, approval]
defaultPolicy: fast
overrides: []
policies:
  fast:
    targets:
${Object.entries(targets)
  .map(([p, t]) => `      ${p}: { calendar: always, ${t} }`)
  .join('\n')}
    escalation:
${escalation || `      response:
        - { at: 100%, notify: [groupEscalation] }
      resolution:
        - { at: 100%, notify: [groupEscalation] }
      update: []`}
`;
}
