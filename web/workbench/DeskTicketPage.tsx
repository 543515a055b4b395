// The agent's ticket page: intake facts, SLA bars, the whole conversation (public and
// internal), approval, attachments, timeline, and a form for every action the status allows.
import type { Child } from 'hono/jsx';
import { isActionAllowed, type TicketAction } from '../../ticket/lifecycle';
import type { Actor, TicketView } from '../../ticket/state';
import { PriorityBadge, StatusBadge } from '../components/Badges';
import { SlaBar } from '../components/Clock';
import { AttachmentList, ConversationEntry } from '../components/Conversation';
import { Notice, Select, TextArea, TextField } from '../components/Form';
import { Layout } from '../components/Layout';
import type { TextKey } from '../i18n';
import { warnPercentOf } from '../slaDisplay';
import { mayDeclareMajorIncident } from '../../api/majorIncidents';
import { MajorIncidentBanner, MajorIncidentCard, majorIncidentForms } from './MajorIncidentPanel';
import type { Ui } from '../ui';
import { teamForms } from './TeamForms';
import { Action, type DeskTicketProps } from './ActionForm';
import { FollowUpCard, WatchersCard } from './WatchersAndFollowUp';
import { ServiceRequest } from '../components/ServiceRequest';


export function DeskTicketPage(props: DeskTicketProps) {
  const { ui, ticket, names } = props;
  const { t } = ui;
  const who = (actor: { role: string; id: string }) => (actor.role === 'requester' ? ticket.intake.requester.name : (names[`member:${actor.id}`] ?? (actor.role === 'system' ? t('role.system') : actor.id)));
  return (
    <Layout ui={ui} title={`${ticket.number} ${ticket.intake.title}`}>
      {props.done && <Notice kind="ok">{t('ticket.done')}</Notice>}
      {props.error && <Notice kind="error">{props.error}</Notice>}
      <MajorIncidentBanner ui={ui} ticket={ticket} />
      <p>
        <StatusBadge ui={ui} status={ticket.status} pendingReason={ticket.pendingReason} /> <PriorityBadge priority={ticket.priority} />{' '}
        <span>{names[`group:${ticket.group}`] ?? ticket.group}{props.config.groups.groups[ticket.group]?.tier ? ` (${props.config.groups.groups[ticket.group].tier})` : ''}</span> · <span>{ticket.assignee ? (names[`member:${ticket.assignee}`] ?? ticket.assignee) : t('desk.unassigned')}</span>
        {ticket.helpers?.length ? <span> · {t('desk.helpers.list', { people: ticket.helpers.map((h) => names[`member:${h}`] ?? h).join(', ') })}</span> : null}
        {props.temporalUrl && (
          <>
            {' · '}
            <a href={props.temporalUrl} rel="noreferrer">{t('desk.temporal')}</a>
          </>
        )}
      </p>
      <div class="grid">
        <div>
          <section class="card" aria-labelledby="facts-title">
            <h2 id="facts-title">{t('desk.facts')}</h2>
            <IntakeFacts ui={ui} ticket={ticket} names={names} />
          </section>
          <h2>{t('ticket.conversation')}</h2>
          <ConversationEntry ui={ui} at={ticket.createdAt} who={ticket.intake.requester.name} body={ticket.intake.description || ticket.intake.title} />
          {conversationOf(ticket).map((entry) =>
            entry.kind === 'comment' ? (
              <ConversationEntry ui={ui} at={entry.at} who={who(entry.actor)} tone={entry.visibility === 'internal' ? 'internal' : entry.actor.role === 'requester' ? 'you' : undefined} label={entry.visibility === 'internal' ? t('desk.internal') : t('desk.public')} body={entry.body} />
            ) : (
              <ConversationEntry ui={ui} at={entry.at} who={who(entry.actor)} label={t(entry.kind === 'question' ? 'ticket.question' : 'ticket.resolution')} body={entry.body} />
            ),
          )}
          {ticket.satisfaction && <p>{`${t('ticket.requesterRating')} ${t(`rating.${ticket.satisfaction.rating}`)}${ticket.satisfaction.comment ? ` — ${ticket.satisfaction.comment}` : ''}`}</p>}
          <AttachmentList ui={ui} base={`/desk/tickets/${ticket.number}`} items={[...(ticket.mail?.attachments ?? []), ...ticket.comments.flatMap((c) => c.attachments ?? []), ...props.uploads.map((u) => ({ ...u, stored: true }))]} />
          <h2>{t('desk.timeline')}</h2>
          <ol class="timeline">
            {[...ticket.timeline].reverse().map((e) => (
              <li>
                <time datetime={e.at}>{ui.time(e.at)}</time> · <strong>{who(e.actor)}</strong> · {e.action}
                {e.from && e.to && e.from !== e.to ? ` (${t(`status.${e.from}` as TextKey)} → ${t(`status.${e.to}` as TextKey)})` : ''}
                {e.reason ? ` — ${e.reason}` : ''}
                {detailText(e.detail) && <span class="muted"> · {detailText(e.detail)}</span>}
              </li>
            ))}
          </ol>
        </div>
        <div>
          <section class="card" aria-labelledby="sla-title">
            <h2 id="sla-title">{t('desk.sla')}</h2>
            {ticket.sla.map((clock) => (
              <SlaBar ui={ui} clock={clock} warnPercent={warnPercentOf(props.config, ticket.slaPolicy, clock.name)} />
            ))}
          </section>
          <ServiceRequest
            ui={ui}
            catalogue={props.config.catalogue}
            facts={{ type: ticket.type ?? 'incident', request: ticket.request, fields: ticket.intake.fields, approvalSteps: ticket.approvalSteps, tasks: ticket.tasks }}
            tickAction={ticket.tasks?.some((task) => !task.done) && isActionAllowed('completeTask', ticket.status) ? `/desk/tickets/${ticket.number}/complete-task` : undefined}
          />
          <Milestones ui={ui} ticket={ticket} names={names} />
          <MajorIncidentCard ui={ui} ticket={ticket} who={who} />
          <section class="card" aria-labelledby="approval-title">
            <h2 id="approval-title">{t('desk.approval')}</h2>
            {ticket.approval ? (
              <p>
                {t('desk.approval.state', { status: ticket.approval.status, approver: ticket.approval.approver?.name ?? '—' })}
                {ticket.approval.decidedAt ? ` · ${ui.time(ticket.approval.decidedAt)}` : ''}
              </p>
            ) : (
              <p class="muted">{t('desk.approval.none')}</p>
            )}
          </section>
          <FollowUpCard ui={ui} ticket={ticket} mayRecord={ui.session?.principal.role === 'admin' || ticket.followUp?.owner?.id === ui.session?.principal.subject} />
          <WatchersCard ui={ui} ticket={ticket} canAdd={!['closed', 'declined', 'cancelled'].includes(ticket.status)} />
          <section class="card" aria-labelledby="kb-title">
            <h2 id="kb-title">{t('desk.suggestions')}</h2>
            {ticket.suggestions?.length ? (
              <ul>
                {ticket.suggestions.map((s) => (
                  <li>
                    <strong>{s.ref}</strong> {s.title}
                    <br />
                    <span class="muted">{s.excerpt}</span>
                  </li>
                ))}
              </ul>
            ) : (
              <p class="muted">{t('desk.suggestions.none')}</p>
            )}
          </section>
          <section aria-labelledby="actions-title">
            <h2 id="actions-title">{t('desk.actions')}</h2>
            <ActionForms {...props} />
          </section>
        </div>
      </div>
    </Layout>
  );
}

type ConversationItem =
  | { kind: 'comment'; at: string; actor: Actor; visibility: 'public' | 'internal'; body: string }
  | { kind: 'question' | 'resolution'; at: string; actor: Actor; body: string };

/** Comments, questions put to the requester (pend notes) and the resolution, oldest first. */
function conversationOf(ticket: TicketView): ConversationItem[] {
  const items: ConversationItem[] = [
    ...ticket.comments.map((c) => ({ kind: 'comment' as const, at: c.at, actor: c.actor, visibility: c.visibility, body: c.body })),
    ...ticket.timeline
      .filter((e) => e.action === 'pend' && e.reason === 'requester' && typeof e.detail?.note === 'string')
      .map((e) => ({ kind: 'question' as const, at: e.at, actor: e.actor, body: String(e.detail!.note) })),
    ...(ticket.resolution ? [{ kind: 'resolution' as const, at: ticket.resolution.at, actor: ticket.resolution.by, body: ticket.resolution.note }] : []),
  ];
  return items.sort((a, b) => a.at.localeCompare(b.at));
}

/** Workarounds recorded and on-site visits booked, newest last. */
function Milestones({ ui, ticket, names }: { ui: Ui; ticket: TicketView; names: Record<string, string> }) {
  const { t } = ui;
  const workarounds = ticket.workarounds ?? [];
  const visits = ticket.visits ?? [];
  return (
    <section class="card" aria-labelledby="milestones-title">
      <h2 id="milestones-title">{t('desk.milestones')}</h2>
      {!workarounds.length && !visits.length && <p class="muted">{t('desk.milestones.none')}</p>}
      <ul>
        {workarounds.map((w) => (
          <li>
            <strong>{t(`workaround.${w.kind}`)}</strong> · <time datetime={w.at}>{ui.time(w.at)}</time>
            {w.metResolution && <span class="muted"> · {t('desk.workaround.metResolution')}</span>}
            <br />
            {w.note}
          </li>
        ))}
        {visits.map((v) => (
          <li>
            <strong>{t(`site.${v.site}`)}</strong> · <time datetime={v.scheduledAt}>{ui.time(v.scheduledAt)}</time> · {v.place} · {t(`visit.${v.status}`)}
            {v.engineer && <span> · {names[`member:${v.engineer}`] ?? v.engineer}</span>}
            {v.arrivedAt && <span> · {ui.time(v.arrivedAt)}</span>}
            {v.endReason && <span class="muted"> — {v.endReason}</span>}
          </li>
        ))}
      </ul>
    </section>
  );
}

function IntakeFacts({ ui, ticket, names }: { ui: Ui; ticket: TicketView; names: Record<string, string> }) {
  const { t } = ui;
  const i = ticket.intake;
  const r = i.requester;
  const rows: Array<[string, string | undefined]> = [
    [t('desk.requester'), [r.name, r.email, r.department, r.employeeId, r.phone].filter((v, i, all) => v && all.indexOf(v) === i).join(' · ')],
    [t('desk.channel'), i.channel],
    [t('col.category'), names[`category:${ticket.category}`] ?? ticket.category],
    [t('field.occurredAt'), i.occurredAt ? ui.time(i.occurredAt) : undefined],
    [t('field.location'), i.location],
    [t('field.affectedSystem'), [i.affectedSystem, i.affectedVersion].filter(Boolean).join(' ') || undefined],
    [t('field.errorMessage'), i.errorMessage],
    [t('field.steps'), i.stepsToReproduce],
    [t('field.reproducible'), i.reproducible === undefined ? undefined : i.reproducible ? t('yesno.yes') : t('yesno.no')],
    [t('field.alreadyTried'), i.alreadyTried],
    [t('field.impact'), i.impact ? t(`impact.${i.impact}`) : undefined],
    [t('field.urgency'), i.urgency ? t(`urgency.${i.urgency}`) : undefined],
    [t('ticket.opened', { at: '' }).trim(), ui.time(ticket.createdAt)],
  ];
  return (
    <dl class="facts">
      {rows
        .filter(([, value]) => value)
        .map(([label, value]) => (
          <>
            <dt>{label.replace(/\s*\*$/, '')}</dt>
            <dd>{value}</dd>
          </>
        ))}
    </dl>
  );
}

function detailText(detail: Record<string, unknown> | undefined): string {
  if (!detail) return '';
  return Object.entries(detail)
    .filter(([, v]) => v !== undefined && v !== null && typeof v !== 'object')
    .map(([k, v]) => `${k}: ${String(v)}`)
    .join(', ')
    .slice(0, 300);
}


function ActionForms({ ui, ticket, config, names }: DeskTicketProps) {
  const { t } = ui;
  const can = (action: TicketAction) => isActionAllowed(action, ticket.status);
  const id = (name: string) => `${name}-${ticket.number}`;
  const members = config.groups.groups[ticket.group]?.members ?? [];
  const me = ui.session?.principal;
  const forms: Child[] = [];
  if (can('assign'))
    forms.push(
      <Action ui={ui} ticket={ticket} action="assign" title="desk.assign" open={!ticket.assignee}>
        <Select id={id('assign-group')} name="group" label={t('desk.assign.group')} value={ticket.group} options={Object.keys(config.groups.groups).map((g) => ({ value: g, label: names[`group:${g}`] ?? g }))} />
        <Select id={id('assign-person')} name="assignee" label={t('desk.assign.person')} value={ticket.assignee ?? ''} options={[{ value: '', label: t('desk.unassigned') }, ...members.map((m) => ({ value: m.id, label: m.name }))]} />
        <button type="submit">{t('desk.assign.button')}</button>
        {me && members.some((m) => m.id === me.subject) && ticket.assignee !== me.subject && (
          <button type="submit" name="take" value="1" class="secondary">
            {t('desk.assign.me')}
          </button>
        )}
      </Action>,
    );
  if (can('respond'))
    forms.push(
      <Action ui={ui} ticket={ticket} action="respond" title="desk.respond">
        <TextArea id={id('respond')} name="message" label={t('desk.respond.message')} required maxLength={20000} />
        <button type="submit">{t('desk.respond.button')}</button>
      </Action>,
    );
  if (can('comment'))
    forms.push(
      <Action ui={ui} ticket={ticket} action="comment" title="desk.comment">
        <TextArea id={id('comment')} name="body" label={t('desk.comment.body')} required maxLength={20000} />
        <button type="submit">{t('desk.comment.button')}</button>
      </Action>,
    );
  if (can('pend'))
    forms.push(
      <Action ui={ui} ticket={ticket} action="pend" title="desk.pend">
        <Select id={id('pend-reason')} name="reason" label={t('desk.pend.reason')} options={(['requester', 'vendor', 'approval'] as const).map((r) => ({ value: r, label: t(`pending.${r}`) }))} />
        <TextArea id={id('pend-note')} name="note" label={t('desk.pend.note')} required maxLength={5000} />
        <button type="submit">{t('desk.pend.button')}</button>
      </Action>,
    );
  if (can('resume'))
    forms.push(
      <Action ui={ui} ticket={ticket} action="resume" title="desk.resume">
        <TextArea id={id('resume-note')} name="note" label={t('desk.noteOptional')} maxLength={5000} rows={2} />
        <button type="submit">{t('desk.resume.button')}</button>
      </Action>,
    );
  if (can('resolve'))
    forms.push(
      <Action ui={ui} ticket={ticket} action="resolve" title="desk.resolve">
        <TextArea id={id('resolve-note')} name="resolutionNote" label={t('desk.resolve.note')} required maxLength={20000} />
        <button type="submit">{t('desk.resolve.button')}</button>
      </Action>,
    );
  if (can('close'))
    forms.push(
      <Action ui={ui} ticket={ticket} action="close" title="desk.close">
        <TextArea id={id('close-note')} name="note" label={t('desk.close.note')} required maxLength={5000} rows={2} />
        <button type="submit">{t('desk.close.button')}</button>
      </Action>,
    );
  if (can('changePriority'))
    forms.push(
      <Action ui={ui} ticket={ticket} action="priority" title="desk.priority">
        <Select id={id('priority')} name="priority" label={t('col.priority')} value={ticket.priority} options={Object.keys(config.priorities.priorities).map((p) => ({ value: p, label: p }))} />
        <TextArea id={id('priority-reason')} name="reason" label={t('desk.reason')} required maxLength={2000} rows={2} />
        <button type="submit">{t('desk.priority.button')}</button>
      </Action>,
    );
  if (can('changeCategory'))
    forms.push(
      <Action ui={ui} ticket={ticket} action="category" title="desk.category">
        <Select id={id('category')} name="category" label={t('col.category')} value={ticket.category} options={Object.keys(config.categories.categories).map((c) => ({ value: c, label: names[`category:${c}`] ?? c }))} />
        <TextArea id={id('category-reason')} name="reason" label={t('desk.reason')} required maxLength={2000} rows={2} />
        <button type="submit">{t('desk.category.button')}</button>
      </Action>,
    );
  if (can('decline'))
    forms.push(
      <Action ui={ui} ticket={ticket} action="decline" title="desk.decline">
        <TextArea id={id('decline-reason')} name="reason" label={t('desk.reason')} required maxLength={5000} rows={2} />
        <button type="submit" class="danger">{t('desk.decline.button')}</button>
      </Action>,
    );
  if (can('cancel'))
    forms.push(
      <Action ui={ui} ticket={ticket} action="cancel" title="desk.cancel">
        <TextArea id={id('cancel-reason')} name="reason" label={t('desk.reason')} required maxLength={5000} rows={2} />
        <button type="submit" class="danger">{t('desk.cancel.button')}</button>
      </Action>,
    );
  if (can('assign')) forms.push(...teamForms({ ui, ticket, config, names }));
  // Issue #12: a workaround short of the fix, and on-site visits.
  if (can('recordWorkaround'))
    forms.push(
      <Action ui={ui} ticket={ticket} action="workaround" title="desk.workaround">
        <Select id={id('workaround-kind')} name="kind" label={t('desk.workaround.kind')} options={(['workaround', 'containment'] as const).map((k) => ({ value: k, label: t(`workaround.${k}`) }))} />
        <TextArea id={id('workaround-note')} name="note" label={t('desk.workaround.note')} required maxLength={5000} />
        <button type="submit">{t('desk.workaround.button')}</button>
      </Action>,
    );
  const bookedVisit = ticket.visits?.find((v) => v.status === 'booked');
  if (can('bookVisit'))
    forms.push(
      <Action ui={ui} ticket={ticket} action="visits" title="desk.visit.book">
        <TextField id={id('visit-when')} name="scheduledAt" type="datetime-local" label={t('desk.visit.when')} required />
        <TextField id={id('visit-place')} name="place" label={t('desk.visit.place')} required maxLength={500} value={bookedVisit?.place ?? ticket.intake.location} />
        <Select id={id('visit-site')} name="site" label={t('desk.visit.site')} value={bookedVisit?.site} options={(['same-site', 'other-office'] as const).map((s) => ({ value: s, label: t(`site.${s}`) }))} />
        {bookedVisit && <TextArea id={id('visit-reason')} name="reason" label={t('desk.visit.reason')} maxLength={2000} rows={2} />}
        <button type="submit">{t('desk.visit.button')}</button>
      </Action>,
    );
  if (bookedVisit && can('recordArrival'))
    forms.push(
      <Action ui={ui} ticket={ticket} action="arrival" title="desk.visit.arrive" open>
        <TextArea id={id('arrival-note')} name="note" label={t('desk.noteOptional')} maxLength={2000} rows={2} />
        <button type="submit">{t('desk.visit.arrive.button')}</button>
      </Action>,
    );
  if (bookedVisit && can('cancelVisit'))
    forms.push(
      <Action ui={ui} ticket={ticket} action="cancel-visit" title="desk.visit.cancel">
        <TextArea id={id('visit-cancel-reason')} name="reason" label={t('desk.reason')} required maxLength={2000} rows={2} />
        <button type="submit" class="danger">{t('desk.visit.cancel.button')}</button>
      </Action>,
    );
  // The approver decides (admins too); the workflow checks again who may.
  if (ticket.approval?.status === 'waiting' && me && (me.role === 'admin' || ticket.approval.approver?.id === me.subject))
    forms.unshift(
      <Action ui={ui} ticket={ticket} action="approval" title="desk.approve" open>
        <Select id={id('approval-decision')} name="decision" label={t('desk.approve.decision')} options={[{ value: 'approve', label: t('desk.approve.yes') }, { value: 'reject', label: t('desk.approve.no') }]} />
        <TextArea id={id('approval-comment')} name="comment" label={t('desk.noteOptional')} maxLength={5000} rows={2} />
        <button type="submit">{t('desk.approve.button')}</button>
      </Action>,
    );
  forms.push(...majorIncidentForms({ ui, ticket, mayDeclare: Boolean(me && mayDeclareMajorIncident(me, config.groups)), Action }));
  return forms.length ? <>{forms}</> : <p class="muted">{t('desk.noActions')}</p>;
}
