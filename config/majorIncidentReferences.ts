// sla.yaml `majorIncident`: the names it uses must exist, and its targets must make sense
// together. Pure; `config check` reports what it finds as `file:line:col: path: message`.
import type { SlaConfig } from './schema/sla';
import { formatDuration } from './schema/duration';

export interface MajorIncidentProblem {
  path: Array<string | number>;
  message: string;
  severity: 'error' | 'warning';
}

export function majorIncidentProblems(sla: SlaConfig, known: { calendars: Set<string>; groups: Set<string> }): MajorIncidentProblem[] {
  const block = sla.majorIncident;
  if (!block) return [];
  const out: MajorIncidentProblem[] = [];
  const at = (...path: Array<string | number>) => ['majorIncident', ...path];
  const list = (names: Set<string>) => [...names].join(', ') || 'none';
  if (!known.calendars.has(block.calendar))
    out.push({ path: at('calendar'), message: `unknown calendar '${block.calendar}' (known: ${list(known.calendars)})`, severity: 'error' });
  for (const clock of ['resolution', 'communication'] as const)
    block.escalation[clock].forEach((level, index) => {
      if (level.reassignTo && !known.groups.has(level.reassignTo))
        out.push({ path: at('escalation', clock, index, 'reassignTo'), message: `unknown group '${level.reassignTo}' (known: ${list(known.groups)})`, severity: 'error' });
    });
  if (block.communicationInterval >= block.resolution)
    out.push({
      path: at('communicationInterval'),
      message: `the communication interval ${formatDuration(block.communicationInterval)} is not shorter than the resolution target ${formatDuration(block.resolution)}: affected requesters would hear nothing before it is due resolved`,
      severity: 'warning',
    });
  if (!block.escalation.communication.some((l) => l.notify.length > 0))
    out.push({ path: at('escalation', 'communication'), message: 'no level notifies anyone: a major incident whose requesters hear nothing in time would go unnoticed', severity: 'warning' });
  if (!block.notify.length && !block.departmentHeads.length)
    out.push({ path: at('notify'), message: 'nobody is told when a major incident is declared or resolved (give notify roles or departmentHeads)', severity: 'warning' });
  const seen = new Map<string, number>();
  block.departmentHeads.forEach((head, index) => {
    const email = head.email.toLowerCase();
    const first = seen.get(email);
    if (first !== undefined) out.push({ path: at('departmentHeads', index, 'email'), message: `'${head.email}' is already listed (departmentHeads[${first}])`, severity: 'warning' });
    else seen.set(email, index);
  });
  return out;
}
