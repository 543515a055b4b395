// Cross-file checks for group members: each member calendar must exist in calendars.yaml, and
// one person listed in several groups should keep one calendar and one set of absences.
import type { CalendarsConfig } from './schema/calendars';
import type { GroupsConfig } from './schema/groups';
import type { ConfigIssue, YamlSource } from './yamlSource';

export function checkMemberReferences(groups: GroupsConfig, calendars: CalendarsConfig, source: YamlSource): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const calendarIds = Object.keys(calendars.calendars);
  // Availability belongs to the person, not to the group: two entries that disagree would make
  // the same person present for one group and absent for another on the same day.
  const firstSeen = new Map<string, { groupId: string; availability: string }>();
  for (const [groupId, group] of Object.entries(groups.groups)) {
    group.members.forEach((member, index) => {
      const path = ['groups', groupId, 'members', index];
      if (member.calendar !== undefined && !calendarIds.includes(member.calendar))
        issues.push(
          source.issueAt([...path, 'calendar'], `unknown calendar '${member.calendar}' (known: ${calendarIds.join(', ') || 'none'})`),
        );
      const availability = JSON.stringify({ calendar: member.calendar ?? null, absences: member.absences ?? [] });
      const earlier = firstSeen.get(member.id);
      if (!earlier) firstSeen.set(member.id, { groupId, availability });
      else if (earlier.availability !== availability)
        issues.push(
          source.issueAt(
            path,
            `'${member.id}' has a different calendar or absences here than in group '${earlier.groupId}', so one group may see them present while the other sees them away`,
            'warning',
          ),
        );
    });
  }
  return issues;
}
