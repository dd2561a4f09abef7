// The authentik stand-in's flow interface: plain custom elements with open shadow roots, shaped like
// authentik's web/src/flow (FlowExecutor.ts and the stage elements). The executor fetches the current
// challenge from /api/v3/flows/executor/<slug>/?query=<the page's query string>, renders the stage element
// named by `component` inside its own shadow root, and posts the stage's response back.
'use strict';

const STYLE = `
  :host { display: block; font-family: sans-serif; }
  .pf-c-login__main { max-width: 28rem; margin: 2rem auto; padding: 1.5rem; border: 1px solid #d2d2d2; }
  .pf-c-form__group { display: flex; flex-direction: column; margin-bottom: 1rem; }
  .pf-c-form__helper-text.pf-m-error { color: #c9190b; }
  .pf-c-button { display: inline-block; margin-top: .5rem; }
`;

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    node.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) node.append(c);
  return node;
}

function errorsFor(challenge, field) {
  const list = (challenge.response_errors && challenge.response_errors[field]) || [];
  return list.map((e) => el('p', { class: 'pf-c-form__helper-text pf-m-error', role: 'alert' }, e.string));
}

class BaseStage extends HTMLElement {
  constructor() {
    super();
    this.attachShadow({ mode: 'open' });
  }

  set challenge(value) {
    this._challenge = value;
    this.render();
  }

  get challenge() {
    return this._challenge;
  }

  card(title, ...body) {
    const style = el('style');
    style.textContent = STYLE;
    const main = el(
      'div',
      { class: 'pf-c-login__main' },
      el('header', { class: 'pf-c-login__main-header' }, el('h1', { class: 'pf-c-title pf-m-3xl' }, title || '')),
      el('div', { class: 'pf-c-login__main-body' }, ...body),
    );
    this.shadowRoot.replaceChildren(style, main);
  }

  submit(payload) {
    this.host.submit({ component: this.challenge.component, ...payload });
  }
}

class IdentificationStage extends BaseStage {
  render() {
    const c = this.challenge;
    const fields = [...c.user_fields].sort().map((f) => f.charAt(0).toUpperCase() + f.slice(1));
    // As IdentificationStage.ts: the label is the browser's disjunction list of the field names.
    const label = new Intl.ListFormat('default', { type: 'disjunction' }).format(fields);
    const input = el('input', {
      id: 'ak-uid-field',
      type: 'text',
      name: 'uidField',
      placeholder: label,
      autocomplete: 'username',
      class: 'pf-c-form-control',
      required: true,
    });
    const form = el(
      'form',
      { class: 'pf-c-form' },
      el(
        'div',
        { class: 'pf-c-form__group' },
        el('label', { class: 'pf-c-form__label', for: 'ak-uid-field' }, el('span', { class: 'pf-c-form__label-text' }, label)),
        input,
        ...errorsFor(c, 'uid_field'),
      ),
      el('div', { class: 'pf-c-form__group pf-m-action' }, el('button', { type: 'submit', class: 'pf-c-button pf-m-primary pf-m-block' }, c.primary_action)),
    );
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      this.helperForm?.remove(); // onSubmitSuccess removes it (a failure re-renders, which makes a new one)
      this.submit({ uid_field: input.value });
    });
    this.createHelperForm(c);
    this.card(c.flow_info && c.flow_info.title, ...errorsFor(c, 'non_field_errors'), form);
    input.focus();
  }
}

/**
 * As IdentificationStage.ts #createHelperForm (2026.5): for password managers, which cannot see into shadow roots,
 * a form outside the page's body (appended to <html>) with unlabelled `username`, `password` (when the stage shows no
 * password field) and `code` inputs. Playwright reports its password input visible, so `input[name=password]`
 * exists on the identification screen of the real authentik too; only the labelled field is the password stage's.
 */
IdentificationStage.prototype.createHelperForm = function createHelperForm(c) {
  this.helperForm?.remove();
  const helper = el('form');
  helper.append(el('input', { type: 'text', name: 'username', autocomplete: 'username' }));
  if (!c.password_fields) helper.append(el('input', { type: 'password', name: 'password', autocomplete: 'current-password' }));
  helper.append(el('input', { type: 'text', name: 'code', autocomplete: 'one-time-code' }));
  document.documentElement.appendChild(helper);
  this.helperForm = helper;
};

class PasswordStage extends BaseStage {
  render() {
    const c = this.challenge;
    const input = el('input', {
      id: 'ak-stage-password-input',
      type: 'password',
      name: 'password',
      placeholder: 'Please enter your password',
      autocomplete: 'current-password',
      class: 'pf-c-form-control',
      required: true,
    });
    const form = el(
      'form',
      { class: 'pf-c-form' },
      // For password managers, as PasswordStage.ts.
      el('input', { type: 'hidden', name: 'username', autocomplete: 'username', value: c.pending_user }),
      el('div', { class: 'pf-c-form__group' }, el('span', { class: 'pending-user' }, c.pending_user), ' ', el('a', { href: c.flow_info.cancel_url }, 'Not you?')),
      el(
        'div',
        { class: 'pf-c-form__group' },
        el('label', { class: 'pf-c-form__label', for: 'ak-stage-password-input' }, el('span', { class: 'pf-c-form__label-text' }, 'Password')),
        input,
        ...errorsFor(c, 'password'),
      ),
      c.recovery_url ? el('a', { href: c.recovery_url }, 'Forgot password?') : '',
      el('div', { class: 'pf-c-form__group pf-m-action' }, el('button', { type: 'submit', name: 'continue', class: 'pf-c-button pf-m-primary pf-m-block' }, 'Continue')),
    );
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      this.submit({ password: input.value });
    });
    this.card(c.flow_info && c.flow_info.title, ...errorsFor(c, 'non_field_errors'), form);
    input.focus();
  }
}

class ConsentStage extends BaseStage {
  render() {
    const c = this.challenge;
    const form = el(
      'form',
      { class: 'pf-c-form' },
      el('input', { type: 'hidden', name: 'token', value: c.token }),
      el('h3', { 'data-test-id': 'stage-heading' }, c.header_text || ''),
      el('p', {}, 'Application requires following permissions:'),
      el('ul', { id: 'permissions' }, ...c.permissions.map((p) => el('li', { 'data-permission-code': p.id }, p.name))),
      ...errorsFor(c, 'token'),
      el('div', { class: 'pf-c-form__group pf-m-action' }, el('button', { type: 'submit', name: 'continue', class: 'pf-c-button pf-m-primary pf-m-block' }, 'Continue')),
    );
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      this.submit({ token: c.token });
    });
    this.card(c.flow_info && c.flow_info.title, form);
  }
}

class SessionEndStage extends BaseStage {
  render() {
    const c = this.challenge;
    let text = `You've logged out of ${c.application_name}.`;
    if (c.overview_url && c.invalidation_flow_url) {
      text = `You've logged out of ${c.application_name}. You can go back to the overview to launch another application, or log out of your authentik account.`;
    } else if (c.invalidation_flow_url) {
      text = `You've logged out of ${c.application_name}. You can log out of your authentik account.`;
    }
    this.card(
      c.flow_info && c.flow_info.title,
      el(
        'form',
        { class: 'pf-c-form' },
        el('p', {}, text),
        c.overview_url ? el('a', { href: c.overview_url, class: 'pf-c-button pf-m-primary' }, 'Go back to overview') : '',
        c.invalidation_flow_url ? el('a', { href: c.invalidation_flow_url, class: 'pf-c-button pf-m-secondary', id: 'logout' }, `Log out of ${c.brand_name}`) : '',
        c.application_launch_url && c.application_name
          ? el('a', { href: c.application_launch_url, class: 'pf-c-button pf-m-secondary' }, `Log back into ${c.application_name}`)
          : '',
      ),
    );
  }
}

class AccessDeniedStage extends BaseStage {
  render() {
    const c = this.challenge;
    this.card(
      c.flow_info && c.flow_info.title,
      el('h2', { 'data-test-id': 'card-title' }, 'Permission denied'),
      el('p', { class: 'pf-c-form__helper-text pf-m-error' }, c.error_message || ''),
    );
  }
}

class FlowExecutor extends HTMLElement {
  constructor() {
    super();
    this.attachShadow({ mode: 'open' });
  }

  get flowSlug() {
    return this.getAttribute('flowSlug');
  }

  get apiUrl() {
    const query = window.location.search.replace(/^\?/, '');
    return `/api/v3/flows/executor/${encodeURIComponent(this.flowSlug)}/?query=${encodeURIComponent(query)}`;
  }

  connectedCallback() {
    this.request('GET');
  }

  submit(payload) {
    this.request('POST', payload);
  }

  async request(method, payload) {
    const response = await fetch(this.apiUrl, {
      method,
      credentials: 'same-origin',
      headers: payload ? { 'content-type': 'application/json', accept: 'application/json' } : { accept: 'application/json' },
      body: payload ? JSON.stringify(payload) : undefined,
    });
    const challenge = await response.json();
    this.show(challenge);
  }

  show(challenge) {
    if (challenge.component === 'xak-flow-redirect') {
      window.location.assign(challenge.to);
      return;
    }
    const tag = customElements.get(challenge.component) ? challenge.component : 'ak-stage-access-denied';
    const stage = document.createElement(tag);
    stage.host = this;
    this.shadowRoot.replaceChildren(stage);
    stage.challenge = challenge.component ? challenge : { component: 'ak-stage-access-denied', error_message: challenge.detail || 'Unknown error' };
  }
}

customElements.define('ak-stage-identification', IdentificationStage);
customElements.define('ak-stage-password', PasswordStage);
customElements.define('ak-stage-consent', ConsentStage);
customElements.define('ak-stage-session-end', SessionEndStage);
customElements.define('ak-stage-access-denied', AccessDeniedStage);
customElements.define('ak-flow-executor', FlowExecutor);
