// The workbench's forms for tiers and the response team (issue #12): escalate to the next tier
// of the category's ladder (the page says which group that is, or that there is none), add a
// helper from any group, remove one. The workflow checks every one of them again.
import type { Child } from 'hono/jsx';
import { nextTier } from '../../routing/tiers';
import { PostForm, Select, TextArea } from '../components/Form';
import { Action, type DeskTicketProps } from './ActionForm';

export function teamForms({ ui, ticket, config, names }: Pick<DeskTicketProps, 'ui' | 'ticket' | 'config' | 'names'>): Child[] {
  const { t } = ui;
  const id = (name: string) => `${name}-${ticket.number}`;
  const helpers = ticket.helpers ?? [];
  const next = nextTier(config, ticket.category, ticket.group);
  const people = [...new Map(Object.values(config.groups.groups).flatMap((g) => g.members).map((m) => [m.id, m])).values()];
  const candidates = people.filter((m) => m.id !== ticket.assignee && !helpers.includes(m.id));
  const forms: Child[] = [
    <Action ui={ui} ticket={ticket} action="escalate-tier" title="desk.tier">
      {next.found ? (
        <>
          <p>{t('desk.tier.next', { group: names[`group:${next.to.group}`] ?? next.to.group, tier: next.to.tier ?? '—' })}</p>
          <TextArea id={id('tier-reason')} name="reason" label={t('desk.reason')} required maxLength={2000} rows={2} />
          <button type="submit">{t('desk.tier.button')}</button>
        </>
      ) : (
        <p class="muted">{t('desk.tier.none')}</p>
      )}
    </Action>,
    <Action ui={ui} ticket={ticket} action="helpers" title="desk.helpers">
      <Select id={id('helper')} name="helper" label={t('desk.helpers.person')} options={candidates.map((m) => ({ value: m.id, label: `${m.name} (${m.id})` }))} />
      <TextArea id={id('helper-note')} name="note" label={t('desk.noteOptional')} maxLength={2000} rows={2} />
      <button type="submit">{t('desk.helpers.button')}</button>
    </Action>,
  ];
  for (const helper of helpers)
    forms.push(
      <PostForm ui={ui} action={`/desk/tickets/${ticket.number}/remove-helper`} label={t('desk.helpers.remove', { person: names[`member:${helper}`] ?? helper })}>
        <input type="hidden" name="helper" value={helper} />
        <button type="submit" class="secondary">{t('desk.helpers.remove', { person: names[`member:${helper}`] ?? helper })}</button>
      </PostForm>,
    );
  return forms;
}
