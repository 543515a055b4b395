// What is missing or wrong in a portal form, each problem a link to its field (both new-ticket
// forms: the problem report and a catalogue request).
import { Notice } from '../components/Form';
import type { TextKey } from '../i18n';
import type { Ui } from '../ui';

export interface FormProblem {
  field: string;
  key: TextKey;
  params?: Record<string, string>;
}

export function FormProblems({ ui, problems }: { ui: Ui; problems: FormProblem[] }) {
  if (!problems.length) return null;
  return (
    <Notice kind="error">
      <p>{ui.t('new.missing')}</p>
      <ul>
        {problems.map((p) => (
          <li>
            <a href={`#f-${p.field}`}>{ui.t(p.key, p.params)}</a>
          </li>
        ))}
      </ul>
    </Notice>
  );
}
