// One entry of a conversation: who, when, what kind, and the text (escaped by JSX, line
// breaks kept by CSS; never raw HTML — titles and bodies come from anyone).
import { formatBytes } from '../portal/uploads';
import type { Ui } from '../ui';

export function ConversationEntry(props: { ui: Ui; at: string; who: string; label?: string; tone?: 'you' | 'internal'; body: string }) {
  return (
    <article class={`entry ${props.tone ?? ''}`}>
      <header>
        <strong>{props.who}</strong>
        <time datetime={props.at}>{props.ui.time(props.at)}</time>
        {props.label && <span>{props.label}</span>}
      </header>
      <div class="body">{props.body}</div>
    </article>
  );
}

export function AttachmentList(props: { ui: Ui; base: string; items: Array<{ sha256: string; filename: string | null; sizeBytes: number; stored?: boolean }> }) {
  if (!props.items.length) return null;
  const seen = new Set<string>();
  const unique = props.items.filter((a) => (seen.has(a.sha256) ? false : (seen.add(a.sha256), true)));
  return (
    <section aria-labelledby="attachments-title">
      <h2 id="attachments-title">{props.ui.t('attach.title')}</h2>
      <ul>
        {unique.map((a) => (
          <li>
            {a.stored === false ? (
              <span>
                {a.filename ?? a.sha256.slice(0, 12)} ({props.ui.t('attach.notStored')})
              </span>
            ) : (
              <a href={`${props.base}/attachments/${a.sha256}`}>{a.filename ?? a.sha256.slice(0, 12)}</a>
            )}{' '}
            <span class="muted">{formatBytes(a.sizeBytes)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
