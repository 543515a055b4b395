// Whole pages that say one thing: not found, not allowed, form expired, an error.
import type { Child } from 'hono/jsx';
import type { TextKey } from '../i18n';
import type { Ui } from '../ui';
import { Layout } from './Layout';

export function MessagePage(props: { ui: Ui; title: TextKey; body: TextKey; params?: Record<string, string | number>; children?: Child }) {
  return (
    <Layout ui={props.ui} title={props.ui.t(props.title, props.params)} narrow>
      <p>{props.ui.t(props.body, props.params)}</p>
      {props.children}
    </Layout>
  );
}
