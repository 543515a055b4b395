// The sign-in pages: ask for a link, "check your mail", confirm a link, token sign-in.
import { Layout } from '../components/Layout';
import { Notice, PostForm, TextField } from '../components/Form';
import type { TextKey } from '../i18n';
import type { Ui } from '../ui';

export function SignInForm({ ui, email, error }: { ui: Ui; email?: string; error?: TextKey }) {
  return (
    <PostForm ui={ui} action="/portal/signin" label={ui.t('signin.title')}>
      {error && <Notice kind="error">{ui.t(error)}</Notice>}
      <TextField id="signin-email" name="email" type="email" label={ui.t('signin.email')} value={email} required autocomplete="email" maxLength={320} />
      <button type="submit">{ui.t('signin.send')}</button>
    </PostForm>
  );
}

export function SignInPage({ ui, email, error, notice }: { ui: Ui; email?: string; error?: TextKey; notice?: TextKey }) {
  return (
    <Layout ui={ui} title={ui.t('signin.title')} narrow>
      {notice && <Notice kind="ok">{ui.t(notice)}</Notice>}
      <p>{ui.t('signin.intro')}</p>
      <SignInForm ui={ui} email={email} error={error} />
    </Layout>
  );
}

export function LinkSentPage({ ui, email }: { ui: Ui; email: string }) {
  return (
    <Layout ui={ui} title={ui.t('signin.sent.title')} narrow>
      <p>{ui.t('signin.sent.body', { email })}</p>
    </Layout>
  );
}

/** A problem with a link (used, expired, invalid, refused, too many): say so, offer a new one. */
export function LinkProblemPage({ ui, title, body, params }: { ui: Ui; title: TextKey; body: TextKey; params?: Record<string, string | number> }) {
  return (
    <Layout ui={ui} title={ui.t(title, params)} narrow>
      <Notice kind="error">{ui.t(body, params)}</Notice>
      <h2>{ui.t('signin.again')}</h2>
      <SignInForm ui={ui} />
    </Layout>
  );
}

export function ConfirmLinkPage({ ui, email, action }: { ui: Ui; email: string; action: string }) {
  return (
    <Layout ui={ui} title={ui.t('signin.confirm.title', { email })} narrow>
      <p>{ui.t('signin.confirm.body')}</p>
      <PostForm ui={ui} action={action}>
        <button type="submit">{ui.t('signin.confirm.button')}</button>
      </PostForm>
    </Layout>
  );
}

export function DeskSignInPage({ ui, error }: { ui: Ui; error?: TextKey }) {
  return (
    <Layout ui={ui} title={ui.t('signin.title')} narrow>
      <p>{ui.t('signin.intro')}</p>
      <SignInForm ui={ui} />
      <h2>{ui.t('signin.token.title')}</h2>
      <PostForm ui={ui} action="/desk/signin/token" label={ui.t('signin.token.title')}>
        {error && <Notice kind="error">{ui.t(error)}</Notice>}
        <TextField id="signin-token" name="token" type="password" label={ui.t('signin.token.label')} required autocomplete="off" maxLength={200} />
        <button type="submit">{ui.t('signin.token.button')}</button>
      </PostForm>
    </Layout>
  );
}
