// Form pieces: the CSRF field every state-changing form carries, labelled fields, notices.
import type { Child } from 'hono/jsx';
import { CSRF_FIELD } from '../csrf';
import type { Ui } from '../ui';

export function CsrfField({ ui }: { ui: Ui }) {
  return <input type="hidden" name={CSRF_FIELD} value={ui.csrf} />;
}

/** A form that posts back to this desk with its CSRF token. */
export function PostForm(props: { ui: Ui; action: string; children?: Child; multipart?: boolean; label?: string }) {
  return (
    <form method="post" action={props.action} enctype={props.multipart ? 'multipart/form-data' : undefined} aria-label={props.label}>
      <CsrfField ui={props.ui} />
      {props.children}
    </form>
  );
}

export function TextField(props: { id: string; name: string; label: string; value?: string; hint?: string; required?: boolean; type?: string; maxLength?: number; autocomplete?: string }) {
  return (
    <>
      <label for={props.id}>
        {props.label}
        {props.hint && <span class="hint">{props.hint}</span>}
      </label>
      <input id={props.id} name={props.name} type={props.type ?? 'text'} value={props.value ?? ''} required={props.required} maxlength={props.maxLength} autocomplete={props.autocomplete} />
    </>
  );
}

export function TextArea(props: { id: string; name: string; label: string; value?: string; required?: boolean; maxLength?: number; rows?: number }) {
  return (
    <>
      <label for={props.id}>{props.label}</label>
      <textarea id={props.id} name={props.name} required={props.required} maxlength={props.maxLength} rows={props.rows ?? 4}>
        {props.value ?? ''}
      </textarea>
    </>
  );
}

export function Select(props: { id: string; name: string; label: string; options: Array<{ value: string; label: string }>; value?: string; required?: boolean }) {
  return (
    <>
      <label for={props.id}>{props.label}</label>
      <select id={props.id} name={props.name} required={props.required}>
        {props.options.map((o) => (
          <option value={o.value} selected={o.value === props.value}>
            {o.label}
          </option>
        ))}
      </select>
    </>
  );
}

export function Notice(props: { kind?: 'ok' | 'error' | 'info'; children?: Child }) {
  return (
    <div class={`notice ${props.kind ?? 'info'}`} role={props.kind === 'error' ? 'alert' : 'status'}>
      {props.children}
    </div>
  );
}
