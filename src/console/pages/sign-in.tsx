import { BASE, Layout } from '../layout.js';

/** The sign-in form (fields **Email**, **Password**, button **Sign in**). */
export function SignInPage(props: { next?: string; error?: string; email?: string; notice?: string }) {
  return (
    <Layout title="Sign in">
      <div class="signin">
        <h1>Sign in to Portico</h1>
        {props.notice !== undefined && (
          <p class="ok" role="status">
            {props.notice}
          </p>
        )}
        {props.error !== undefined && (
          <p class="error" role="alert" id="signin-error">
            {props.error}
          </p>
        )}
        <form method="post" action={`${BASE}/sign-in`}>
          {props.next !== undefined && <input type="hidden" name="next" value={props.next} />}
          <label for="email">Email</label>
          <input
            id="email"
            name="email"
            type="email"
            autocomplete="username"
            required
            value={props.email ?? ''}
            aria-describedby={props.error !== undefined ? 'signin-error' : undefined}
          />
          <label for="password">Password</label>
          <input id="password" name="password" type="password" autocomplete="current-password" required />
          <button type="submit">Sign in</button>
        </form>
        <p class="note">Accounts are created by your Portico operator (portico users create).</p>
      </div>
    </Layout>
  );
}
