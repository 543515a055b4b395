// "What do you need?": report a problem, or one of the catalogue's requests. Plain links, so the
// choice works without script; the chosen one is marked for screen readers too.
import type { CatalogueConfig } from '../../config/schema/catalogue';
import type { Ui } from '../ui';

export function CatalogueChooser(props: { ui: Ui; catalogue: CatalogueConfig; chosen: string | null }) {
  const { ui, catalogue, chosen } = props;
  const items = Object.entries(catalogue.items);
  if (!items.length) return <></>;
  return (
    <nav aria-label={ui.t('new.choose')} class="catalogue">
      <p>{ui.t('new.choose')}</p>
      <ul>
        <li>
          <a href="/portal/new" aria-current={chosen === null ? 'page' : undefined}>
            {ui.t('new.incident')}
          </a>{' '}
          <span class="hint">{ui.t('new.incidentHint')}</span>
        </li>
        {items.map(([id, item]) => (
          <li>
            <a href={`/portal/new?item=${encodeURIComponent(id)}`} aria-current={chosen === id ? 'page' : undefined}>
              {item.label[ui.lang]}
            </a>
            {item.description && <span class="hint"> {item.description[ui.lang]}</span>}
          </li>
        ))}
      </ul>
    </nav>
  );
}
