/*
 * Portainer CE stand-in: the pages docproof drives, in plain browser JavaScript.
 * Follows ../shared/reference/portainer.md sections 3 and 4 (2.23.0 source facts): hash routes with the '#!'
 * prefix, the login page and its client-side OAuth state check, the Authentication settings page with its real
 * labels, ids, data-cy attributes and quirks, the header user menu and the logout flow.
 * Comments marked "guess" are choices the reference does not cover.
 */
(function () {
  'use strict';

  var LOGIN_STATE_KEY = 'portainer.LOGIN_STATE_UUID';
  var app = document.getElementById('app');
  var renderSeq = 0;

  // ---------------------------------------------------------------------------------------------------------------
  // HTTP, with the CSRF interceptors of app/portainer/services/csrf.ts: keep the last X-CSRF-Token response header
  // and send it back on every request.
  var csrfToken = null;

  function HttpError(status, data) {
    this.name = 'HttpError';
    this.status = status;
    this.data = data;
    this.message = 'Request failed with status code ' + status;
  }
  HttpError.prototype = Object.create(Error.prototype);

  async function api(method, path, body) {
    var headers = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (csrfToken) headers['X-CSRF-Token'] = csrfToken;
    var res = await fetch(path, {
      method: method,
      headers: headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
    });
    var token = res.headers.get('X-CSRF-Token');
    if (token) csrfToken = token;
    var text = await res.text();
    var data = null;
    if (text) {
      try {
        data = JSON.parse(text);
      } catch (e) {
        data = text;
      }
    }
    if (res.status === 303 && res.headers.get('redirect-reason') === 'AdminInitTimeout') {
      window.location.href = '/timeout.html';
      throw new HttpError(303, data);
    }
    if (!res.ok) throw new HttpError(res.status, data);
    return { data: data, headers: res.headers };
  }

  /** notifications.ts pickErrorMsg: the response's details, else its message, else the fallback text. */
  function pickErrorMsg(err, fallback) {
    var d = err && err.data;
    if (d && typeof d === 'object') {
      if (d.details) return d.details;
      if (d.message) return d.message;
    }
    return fallback;
  }

  function notify(kind, title, message) {
    var box = document.getElementById('toasts');
    var toast = h('div', { class: 'Toastify__toast Toastify__toast--' + kind, role: 'alert' }, [
      h('div', { class: 'toast-title' }, [title]),
      h('div', { class: 'toast-message' }, [message]),
    ]);
    // react-toastify renders a close button on every toast (Portainer's React notifications).
    var close = h('button', { class: 'Toastify__close-button', type: 'button', 'aria-label': 'close' }, ['\u00d7']);
    close.addEventListener('click', function () {
      toast.remove();
    });
    toast.appendChild(close);
    box.appendChild(toast);
    setTimeout(function () {
      toast.remove();
    }, 8000);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // DOM helpers: values always go in as text or properties, never as markup.
  function h(tag, attrs, children) {
    var el = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      var v = attrs[k];
      if (v === false || v === null || v === undefined) return;
      if (k.indexOf('on:') === 0) el.addEventListener(k.slice(3), v);
      else if (k === 'html') el.innerHTML = v; // static markup only (icons)
      else el.setAttribute(k, v === true ? '' : String(v));
    });
    (children || []).forEach(function (c) {
      if (c === null || c === undefined || c === false) return;
      el.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
    });
    return el;
  }

  var TOOLTIP_SVG =
    '<svg width="14" height="14" viewBox="0 0 24 24" aria-hidden="true"><circle cx="12" cy="12" r="10" fill="none" stroke="currentColor" stroke-width="2"/><path d="M12 16v.01M12 8a2 2 0 0 1 1 3.7c-.6.4-1 1-1 1.8" fill="none" stroke="currentColor" stroke-width="2"/></svg>';

  /** <portainer-tooltip>: an icon inside the label; the message shows on hover, it is not label text. */
  function tooltip(message) {
    return h('span', { class: 'tooltip-icon', 'data-tooltip': message, 'aria-hidden': 'true', html: TOOLTIP_SVG });
  }

  function uuidv4() {
    var b = new Uint8Array(16);
    crypto.getRandomValues(b);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map
      .call(b, function (x) {
        return (x + 0x100).toString(16).slice(1);
      })
      .join('');
    return hex.slice(0, 8) + '-' + hex.slice(8, 12) + '-' + hex.slice(12, 16) + '-' + hex.slice(16, 20) + '-' + hex.slice(20);
  }

  // app/portainer/helpers/urlHelper.js: parameters read raw (not decoded) from window.location.search.
  function getParameter(name) {
    var params = window.location.search
      .replace(/.*?\?/, '')
      .split('&')
      .reduce(function (acc, kv) {
        var parts = kv.split('=');
        acc[parts[0]] = parts[1];
        return acc;
      }, {});
    return params[name];
  }

  function cleanParameters() {
    window.location.replace(window.location.origin + window.location.pathname + window.location.hash);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Router: AngularJS ui-router with the default '#!' hash prefix and otherwise('/auth').
  function go(route) {
    var target = '#!' + route;
    if (window.location.hash === target) render();
    else window.location.hash = target;
  }

  function currentRoute() {
    var hash = window.location.hash;
    if (hash.indexOf('#!/') !== 0) return null;
    return hash.slice(2).split('?')[0];
  }

  var ROUTES = {
    '/auth': authView,
    '/init/admin': initAdminView,
    '/home': homeView,
    '/wizard': wizardView,
    '/account': accountView,
    '/settings': settingsView,
    '/settings/auth': settingsAuthView,
    '/logout': logoutView,
  };

  function render() {
    var route = currentRoute();
    if (route === null || !ROUTES[route]) {
      history.replaceState(null, '', window.location.pathname + window.location.search + '#!/auth');
      route = '/auth';
    }
    var seq = ++renderSeq;
    Promise.resolve(ROUTES[route](seq)).catch(function (err) {
      if (seq !== renderSeq) return;
      if (err && err.status === 401) return go('/auth');
      if (err && err.status === 303) return;
      app.replaceChildren(h('div', { class: 'page-wrapper' }, [h('p', { class: 'text-danger' }, [String(err && err.message)])]));
    });
  }

  window.addEventListener('hashchange', render);

  function stale(seq) {
    return seq !== renderSeq;
  }

  async function currentUser() {
    try {
      return (await api('GET', '/api/users/me')).data;
    } catch (err) {
      if (err.status === 401) return null;
      throw err;
    }
  }

  /** authController.js postLoginSteps / checkForEndpointsAsync. */
  async function postLoginSteps(me) {
    if (me.forceChangePassword) return go('/account');
    if (me.Role === 1) {
      var res = await api('GET', '/api/endpoints?limit=1&start=0');
      var total = Number(res.headers.get('X-Total-Count') || (res.data || []).length);
      return go(total === 0 ? '/wizard' : '/home');
    }
    return go('/home');
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Login page (app/portainer/views/auth/auth.html, authController.js; reference 3.1-3.5 and 4.2)
  async function authView(seq) {
    var settings = (await api('GET', '/api/settings/public')).data;
    try {
      await api('GET', '/api/users/admin/check');
    } catch (err) {
      if (err.status === 404) return go('/init/admin');
      throw err;
    }
    if (stale(seq)) return;
    var me = await currentUser();
    if (stale(seq)) return;
    if (me) return postLoginSteps(me);

    var state = {
      showOAuthLogin: settings.AuthenticationMethod === 3,
      showStandardLogin: settings.AuthenticationMethod !== 3,
      error: '',
      inOAuthProcess: false,
      loginInProgress: false,
    };
    var provider = determineOAuthProvider(settings.OAuthLoginURI || '');

    var code = getParameter('code');
    var pendingCode = null;
    if (code) {
      // isValidOAuthState: the state is checked in the browser only; the backend never sees it.
      if (localStorage.getItem(LOGIN_STATE_KEY) !== getParameter('state')) state.error = 'Invalid OAuth state, try again.';
      else pendingCode = code;
    }
    var loginUuid = uuidv4();
    localStorage.setItem(LOGIN_STATE_KEY, loginUuid);
    var oauthLoginURI = settings.OAuthLoginURI + '&state=' + loginUuid;

    var username = '';
    var password = '';

    function draw() {
      var rows = [];
      if (state.showOAuthLogin) {
        rows.push(
          h('div', { class: 'form-group' }, [
            h('div', { class: 'col-sm-12' }, [
              h('a', { href: oauthLoginURI }, [h('div', { class: 'btn btn-primary btn-lg btn-block' }, ['Login with ' + provider])]),
            ]),
          ]),
        );
        if (state.showStandardLogin) {
          rows.push(h('div', { class: 'form-group' }, [h('div', { class: 'col-sm-12 text-muted text-center' }, ['or'])]));
        } else {
          rows.push(
            h('div', { class: 'form-group' }, [
              h('div', {
                class: 'btn btn-default btn-block',
                'on:click': function () {
                  state.showStandardLogin = true;
                  draw();
                },
              }, ['Use internal authentication']),
            ]),
          );
        }
      }
      if (state.showStandardLogin) {
        var userInput = h('input', {
          id: 'username',
          type: 'text',
          class: 'form-control',
          name: 'username',
          autocomplete: 'username',
          placeholder: 'Enter your username',
          'data-cy': 'auth-usernameInput',
          'on:input': function (e) {
            username = e.target.value;
          },
        });
        userInput.value = username;
        var passInput = h('input', {
          id: 'password',
          type: 'password',
          class: 'form-control',
          name: 'password',
          autocomplete: 'current-password',
          placeholder: 'Enter your password',
          'data-cy': 'auth-passwordInput',
          'on:input': function (e) {
            password = e.target.value;
          },
        });
        passInput.value = password;
        // guess: visible "Username"/"Password" labels bound to the inputs.
        rows.push(h('label', { class: 'block pb-2', for: 'username' }, ['Username']), userInput);
        rows.push(h('label', { class: 'block pb-2 pt-4', for: 'password' }, ['Password']), passInput);
        rows.push(
          h('div', { class: 'form-group pt-4' }, [
            h('button', { type: 'submit', class: 'btn btn-primary btn-block', 'data-cy': 'auth-loginButton', disabled: state.loginInProgress }, [
              state.loginInProgress ? 'Login in progress...' : 'Login',
            ]),
          ]),
        );
      }
      if (state.inOAuthProcess) rows.push(h('div', { class: 'text-muted text-center' }, ['Login in progress...']));
      if (state.error) rows.push(h('div', { class: 'form-group' }, [h('span', { class: 'small text-danger' }, [state.error])]));

      app.replaceChildren(
        h('div', { class: 'page-wrapper' }, [
          h('div', { class: 'simple-box' }, [
            h('div', { class: 'simple-box-logo' }, ['portainer.io']),
            h('div', { class: 'panel panel-default' }, [
              h('div', { class: 'panel-body' }, [
                h('div', { class: 'login-header' }, [
                  h('h2', {}, ['Log in to your account']),
                  h('p', {}, ['Welcome back! Please enter your details']),
                ]),
                h('form', { class: 'simple-box-form form-horizontal', 'on:submit': onSubmit }, rows),
              ]),
            ]),
          ]),
        ]),
      );
    }

    async function onSubmit(e) {
      e.preventDefault();
      state.loginInProgress = true;
      state.error = '';
      draw();
      try {
        await api('POST', '/api/auth', { username: username, password: password });
        var user = await currentUser();
        if (!stale(seq) && user) await postLoginSteps(user);
      } catch (err) {
        state.loginInProgress = false;
        // guess: the API's own message ("Invalid credentials", "Only initial admin is allowed to login without oauth").
        state.error = (err.data && err.data.message) || 'Invalid credentials';
        if (!stale(seq)) draw();
      }
    }

    draw();
    if (pendingCode) {
      state.inOAuthProcess = true;
      draw();
      try {
        await api('POST', '/api/auth/oauth/validate', { code: pendingCode });
        cleanParameters();
      } catch (err) {
        if (stale(seq)) return;
        state.inOAuthProcess = false;
        state.error = 'Unable to login via OAuth';
        notify('error', 'Failure', pickErrorMsg(err, 'Unable to login via OAuth'));
        draw();
      }
    }
  }

  /** authController.js determineOauthProvider: a substring test on the login URI. */
  function determineOAuthProvider(loginURI) {
    if (loginURI.indexOf('login.microsoftonline.com') !== -1) return 'Microsoft';
    if (loginURI.indexOf('accounts.google.com') !== -1) return 'Google';
    if (loginURI.indexOf('github.com') !== -1) return 'GitHub';
    return 'OAuth';
  }

  // ---------------------------------------------------------------------------------------------------------------
  // First admin (app/portainer/views/init/admin/initAdmin.html; reference 4.3). Minimal.
  async function initAdminView(seq) {
    var settings = (await api('GET', '/api/settings/public')).data;
    if (stale(seq)) return;
    var min = settings.RequiredPasswordLength;
    var user = h('input', { id: 'username', class: 'form-control', 'data-cy': 'init-username', placeholder: 'e.g. admin' });
    user.value = 'admin';
    var pass = h('input', { id: 'password', type: 'password', class: 'form-control', autocomplete: 'new-password' });
    var confirm = h('input', { id: 'confirm_password', type: 'password', class: 'form-control', autocomplete: 'new-password' });
    var button = h('button', { type: 'submit', class: 'btn btn-primary' }, ['Create user']);
    async function onSubmit(e) {
      e.preventDefault();
      if (pass.value !== confirm.value) return notify('error', 'Failure', 'Passwords do not match');
      try {
        await api('POST', '/api/users/admin/init', { Username: user.value, Password: pass.value });
        await api('POST', '/api/auth', { Username: user.value, Password: pass.value });
        var me = await currentUser();
        if (me) await postLoginSteps(me);
      } catch (err) {
        if (err.status !== 303) notify('error', 'Failure', pickErrorMsg(err, 'Unable to create administrator user'));
      }
    }
    app.replaceChildren(
      h('div', { class: 'page-wrapper' }, [
        h('div', { class: 'simple-box' }, [
          h('div', { class: 'simple-box-logo' }, ['portainer.io']),
          h('div', { class: 'panel' }, [
            h('div', { class: 'panel-body' }, [
              h('div', { class: 'form-section-title' }, ['New Portainer installation']),
              h('form', { class: 'form-horizontal', 'on:submit': onSubmit }, [
                h('div', { class: 'form-group' }, [h('label', { for: 'username', class: 'control-label' }, ['Username']), user]),
                h('div', { class: 'form-group' }, [h('label', { for: 'password', class: 'control-label' }, ['Password']), pass]),
                h('div', { class: 'form-group' }, [h('label', { for: 'confirm_password', class: 'control-label' }, ['Confirm password']), confirm]),
                h('div', { class: 'form-group text-muted small' }, ['The password must be at least ' + min + ' characters long.']),
                button,
              ]),
            ]),
          ]),
        ]),
      ]),
    );
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Authenticated layout: sidebar (guess: Home, and Settings > General / Authentication for administrators) and the
  // page header with the React UserMenu (reference 4.5).
  function userMenu(me) {
    var list = h('div', { class: 'user-menu-list', role: 'menu', 'aria-label': 'User Menu', 'data-cy': 'userMenu', hidden: true }, [
      h('a', { role: 'menuitem', href: '#!/account', 'data-cy': 'userMenu-myAccount' }, ['My account']),
      h('a', { role: 'menuitem', href: '#!/logout', 'data-cy': 'userMenu-logOut' }, ['Log out']),
    ]);
    var button = h('button', {
      type: 'button',
      class: 'user-menu-button',
      'data-cy': 'userMenu-button',
      'aria-label': 'User menu toggle',
      'aria-haspopup': 'menu',
      'aria-expanded': 'false',
      'on:click': function () {
        list.hidden = !list.hidden;
        button.setAttribute('aria-expanded', String(!list.hidden));
      },
    }, [h('span', { class: 'user-icon', 'aria-hidden': 'true' }, ['\u25CF']), h('span', {}, [me.Username])]);
    return h('div', { class: 'user-menu' }, [button, list]);
  }

  function layout(me, breadcrumbs, title, content) {
    var nav = [h('li', {}, [h('a', { href: '#!/home' }, ['Home'])])];
    if (me.Role === 1) {
      nav.push(h('li', { class: 'sidebar-title' }, ['Administration']));
      nav.push(
        h('li', {}, [
          h('a', { href: '#!/settings' }, ['Settings']),
          h('ul', {}, [
            h('li', {}, [h('a', { href: '#!/settings' }, ['General'])]),
            h('li', {}, [h('a', { href: '#!/settings/auth' }, ['Authentication'])]),
          ]),
        ]),
      );
    }
    app.replaceChildren(
      h('div', { class: 'layout' }, [
        h('nav', { class: 'sidebar', 'aria-label': 'Sidebar' }, [h('div', { class: 'simple-box-logo' }, ['portainer.io']), h('ul', {}, nav)]),
        h('main', { class: 'main' }, [
          h('div', { class: 'page-header' }, [
            h('div', { class: 'titles' }, [
              h('nav', { class: 'breadcrumbs', 'aria-label': 'Breadcrumbs' }, [breadcrumbs]),
              h('h1', { class: 'page-title' }, [title]),
            ]),
            userMenu(me),
          ]),
          content,
        ]),
      ]),
    );
  }

  async function requireUser(seq) {
    var me = await currentUser();
    if (stale(seq)) return null;
    if (!me) {
      go('/auth');
      return null;
    }
    return me;
  }

  async function homeView(seq) {
    var me = await requireUser(seq);
    if (!me) return;
    layout(me, 'Environments', 'Home', h('div', { class: 'widget' }, [
      h('div', { class: 'widget-header' }, ['Environments']),
      h('div', { class: 'widget-body text-muted' }, ['No environment available.']),
    ]));
  }

  async function wizardView(seq) {
    var me = await requireUser(seq);
    if (!me) return;
    layout(me, 'Environment Wizard', 'Quick Setup', h('div', { class: 'widget' }, [
      h('div', { class: 'widget-body' }, ['Welcome to Portainer']),
    ]));
  }

  async function accountView(seq) {
    var me = await requireUser(seq);
    if (!me) return;
    layout(me, 'User settings', 'User settings', h('div', { class: 'widget' }, [
      h('div', { class: 'widget-body' }, [
        me.forceChangePassword
          ? 'Your password does not meet the requirements; change it to continue.'
          : 'Account settings are not reproduced by the Portainer stand-in.',
      ]),
    ]));
  }

  async function settingsView(seq) {
    var me = await requireUser(seq);
    if (!me) return;
    if (me.Role !== 1) return go('/home');
    layout(me, 'Settings', 'Settings', h('div', { class: 'widget' }, [
      h('div', { class: 'widget-body text-muted' }, ['General settings are not reproduced by the Portainer stand-in.']),
    ]));
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Settings > Authentication (reference 4.4)
  var SESSION_LIFETIMES = [
    ['1 hour', '1h'],
    ['4 hours', '4h'],
    ['8 hours', '8h'],
    ['24 hours', '24h'],
    ['1 week', '168h'],
    ['1 month', '720h'],
    ['6 months', '4380h'],
    ['1 year', '8760h'],
  ];

  /** React BoxSelector / BoxOption: hidden radio input#id plus label[for=id][data-cy=radioName_value]. */
  function boxSelector(radioName, options, selected, onChange) {
    return h('div', { class: 'box-selector', role: 'radiogroup' }, options.map(function (o) {
      var input = h('input', {
        type: 'radio',
        name: radioName,
        id: o.id,
        value: String(o.value),
        disabled: Boolean(o.businessOnly),
        // React's onChange for a radio fires only when its checked state changes.
        'on:change': function () {
          onChange(o.value);
        },
      });
      input.checked = o.value === selected;
      return h('div', { class: 'box-selector-item' + (o.businessOnly ? ' limited business' : '') }, [
        input,
        h('label', { for: o.id, 'data-cy': radioName + '_' + o.value }, [
          o.businessOnly ? h('span', { class: 'be-indicator' }, ['Business Feature']) : null,
          h('div', { class: 'box-header' }, [o.label]),
          h('p', { class: 'box-description' }, [o.description]),
        ]),
      ]);
    }));
  }

  /** React SwitchField: label for="toggle_<name>", the checkbox inside label.switch, then span.slider. */
  function switchField(label, name, checked, opts, onChange) {
    var id = 'toggle_' + name;
    var input = h('input', {
      type: 'checkbox',
      name: id,
      id: id,
      disabled: Boolean(opts.businessOnly),
      'on:change': function (e) {
        onChange(e.target.checked);
      },
    });
    input.checked = checked;
    return h('div', { class: 'form-group' }, [
      h('div', { class: 'col-sm-12' }, [
        h('label', { for: id, class: 'space-right control-label text-left' }, [label, opts.tooltip ? tooltip(opts.tooltip) : null]),
        h('label', { class: 'switch' }, [input, h('span', { class: 'slider round' })]),
        opts.businessOnly ? h('span', { class: 'be-indicator' }, ['Business Feature']) : null,
      ]),
    ]);
  }

  function textField(o) {
    var input = h('input', { type: o.type || 'text', class: 'form-control', id: o.id, 'data-cy': o.dataCy, placeholder: o.placeholder, autocomplete: o.autocomplete });
    input.value = o.value || '';
    input.addEventListener('input', function () {
      o.onInput(input.value);
    });
    return h('div', { class: 'form-group' }, [
      h('label', { for: o.id, class: 'col-sm-3 col-lg-2 control-label text-left' }, [o.label, o.tooltip ? tooltip(o.tooltip) : null]),
      h('div', { class: 'col-sm-9 col-lg-10 form-input' }, [input]),
    ]);
  }

  /** app/portainer/oauth/components/oauth-settings/providers.js, the one preset CE can select. */
  var CUSTOM_PROVIDER = { authUrl: '', accessTokenUrl: '', resourceUrl: '', logoutUrl: '', userIdentifier: '', scopes: '', authStyle: 0 };

  async function settingsAuthView(seq) {
    var me = await requireUser(seq);
    if (!me) return;
    if (me.Role !== 1) return go('/home');
    var settings = (await api('GET', '/api/settings')).data;
    if (stale(seq)) return;
    var authMethod = settings.AuthenticationMethod;
    var saving = false;
    var panel = h('div', { id: 'auth-method-panel' });

    async function saveSettings() {
      var body = JSON.parse(JSON.stringify(settings));
      body.AuthenticationMethod = authMethod === 4 ? 2 : authMethod;
      saving = true;
      drawPanel();
      try {
        settings = (await api('PUT', '/api/settings', body)).data;
        notify('success', 'Success', 'Authentication settings updated');
      } catch (err) {
        notify('error', 'Failure', pickErrorMsg(err, 'Unable to update authentication settings'));
      } finally {
        saving = false;
        if (!stale(seq)) drawPanel();
      }
    }

    function saveButton(oauth) {
      // OAuth: the AngularJS save-auth-settings-button (class, no data-cy); internal: the React one (data-cy).
      var attrs = oauth
        ? { type: 'button', class: 'btn btn-primary btn-sm oauth-save-settings-button', disabled: saving, 'on:click': saveSettings }
        : { type: 'button', class: 'btn btn-primary btn-sm', 'data-cy': 'save-auth-settings-button', disabled: saving, 'on:click': saveSettings };
      return [
        h('div', { class: 'col-sm-12 form-section-title' }, ['Actions']),
        h('div', { class: 'form-group' }, [h('div', { class: 'col-sm-12' }, [h('button', attrs, [saving ? 'Saving...' : 'Save settings'])])]),
      ];
    }

    var oauthState = null;
    function drawPanel() {
      if (authMethod === 3) {
        if (!oauthState) oauthState = { provider: 'custom' }; // the controller's initial state; CE skips URL detection
        panel.replaceChildren.apply(panel, oauthPanel());
      } else {
        oauthState = null; // ng-if: leaving OAuth destroys the component and its state
        panel.replaceChildren.apply(panel, authMethod === 1 ? internalPanel() : ldapPanel());
      }
    }

    function internalPanel() {
      var length = h('input', { type: 'range', id: 'password_length', min: '8', max: '18', 'on:input': function (e) {
        settings.InternalAuthSettings.RequiredPasswordLength = Number(e.target.value);
      } });
      length.value = String(settings.InternalAuthSettings.RequiredPasswordLength);
      return [
        h('div', { class: 'col-sm-12 form-section-title' }, ['Information']),
        h('div', { class: 'form-group text-muted small' }, ['When using internal authentication, Portainer will encrypt user passwords and store credentials locally.']),
        h('div', { class: 'col-sm-12 form-section-title' }, ['Password rules']),
        h('div', { class: 'form-group' }, [h('label', { for: 'password_length', class: 'control-label text-left' }, ['Minimum password length']), length]),
      ].concat(saveButton(false));
    }

    function ldapPanel() {
      return [
        h('div', { class: 'col-sm-12 form-section-title' }, ['LDAP configuration']),
        h('div', { class: 'form-group text-muted small' }, ['LDAP settings are not reproduced by the Portainer stand-in.']),
      ].concat(saveButton(false));
    }

    function oauthPanel() {
      var o = settings.OAuthSettings;
      var rows = [];
      rows.push(h('div', { class: 'col-sm-12 form-section-title' }, ['Single Sign-On']));
      rows.push(switchField('Use SSO', 'use-sso', o.SSO, { tooltip: 'When using SSO the OAuth provider is not forced to prompt for credentials.' }, function (v) {
        o.SSO = v;
        drawPanel();
      }));
      if (o.SSO) {
        rows.push(switchField('Hide internal authentication prompt', 'hide-internal-auth', false, { businessOnly: true }, function () {}));
      }

      // <auto-user-provision-toggle> (AngularJS): note the label's for="tls", which matches no input.
      var provision = h('input', { type: 'checkbox', 'data-cy': 'auto-user-provision-toggle', 'on:change': function (e) {
        o.OAuthAutoCreateUsers = e.target.checked;
        drawPanel();
      } });
      provision.checked = o.OAuthAutoCreateUsers;
      rows.push(h('div', { class: 'col-sm-12 form-section-title' }, ['Automatic user provisioning']));
      rows.push(h('div', { class: 'form-group' }, [h('span', { class: 'col-sm-12 text-muted small' }, [
        'With automatic user provisioning enabled, Portainer will create user(s) automatically with the standard user role. If disabled, users must be created beforehand in Portainer in order to login.',
      ])]));
      rows.push(h('div', { class: 'form-group' }, [h('div', { class: 'col-sm-12' }, [
        h('label', { for: 'tls', class: 'control-label text-left' }, ['Automatic user provisioning']),
        h('label', { class: 'switch', style: 'margin-left: 20px' }, [provision, h('span', { class: 'slider round' })]),
      ])]));
      if (o.OAuthAutoCreateUsers) {
        rows.push(h('div', { class: 'form-group' }, [h('span', { class: 'col-sm-12 text-muted small' }, [
          'The users created by the automatic provisioning feature can be added to a default team on creation.',
        ])]));
        rows.push(h('div', { class: 'form-group' }, [
          h('label', { class: 'col-sm-3 col-lg-2 control-label text-left' }, ['Default team']),
          h('span', { class: 'small text-muted' }, ['You have not yet created any teams. Head over to the Teams view to manage teams.']),
        ]));
      }

      rows.push(h('div', { class: 'col-sm-12 form-section-title' }, ['Team membership']));
      rows.push(h('div', { class: 'form-group' }, [h('div', { class: 'col-sm-12 text-muted small' }, [
        'Automatic team membership synchronizes the team membership based on a custom claim in the token from the OAuth provider.',
      ])]));
      rows.push(switchField('Automatic team membership', 'tls', false, { businessOnly: true }, function () {}));

      rows.push(h('div', { class: 'col-sm-12 form-section-title' }, ['Provider']));
      rows.push(boxSelector('oauth_provider', [
        { id: 'microsoft', value: 'microsoft', label: 'Microsoft', description: 'Microsoft OAuth provider', businessOnly: true },
        { id: 'google', value: 'google', label: 'Google', description: 'Google OAuth provider', businessOnly: true },
        { id: 'github', value: 'github', label: 'Github', description: 'Github OAuth provider', businessOnly: true },
        { id: 'custom', value: 'custom', label: 'Custom', description: 'Custom OAuth provider' },
      ], oauthState.provider, function (value) {
        // onSelectProvider -> useDefaultProviderConfiguration. Only on a change of provider: in CE "Custom" is
        // already selected and the others are Business Edition, so clicking "Custom" changes nothing.
        oauthState.provider = value;
        var p = CUSTOM_PROVIDER;
        o.AuthorizationURI = p.authUrl;
        o.AccessTokenURI = p.accessTokenUrl;
        o.ResourceURI = p.resourceUrl;
        o.LogoutURI = p.logoutUrl;
        o.UserIdentifier = p.userIdentifier;
        o.Scopes = p.scopes;
        o.AuthStyle = p.authStyle;
        drawPanel();
      }));

      rows.push(h('div', { class: 'col-sm-12 form-section-title' }, ['OAuth Configuration']));
      function bind(key) {
        return function (v) {
          o[key] = v;
        };
      }
      rows.push(textField({ label: 'Client ID', id: 'oauth_client_id', placeholder: 'xxxxxxxxxxxxxxxxxxxx', value: o.ClientID, tooltip: 'Public identifier of the OAuth application', onInput: bind('ClientID') }));
      rows.push(textField({ label: 'Client secret', id: 'oauth_client_secret', type: 'password', autocomplete: 'new-password', placeholder: 'xxxxxxxxxxxxxxxxxxxx', value: o.ClientSecret, onInput: bind('ClientSecret') }));
      if (oauthState.provider === 'custom') {
        rows.push(textField({ label: 'Authorization URL', id: 'oauth_authorization_uri', dataCy: 'oauth-authorization-uri', placeholder: 'https://example.com/oauth/authorize', value: o.AuthorizationURI, tooltip: 'URL used to authenticate against the OAuth provider. Will redirect the user to the OAuth provider login view', onInput: bind('AuthorizationURI') }));
        rows.push(textField({ label: 'Access token URL', id: 'oauth_access_token_uri', dataCy: 'oauth-access-token-uri', placeholder: 'https://example.com/oauth/token', value: o.AccessTokenURI, tooltip: 'URL used by Portainer to exchange a valid OAuth authentication code for an access token', onInput: bind('AccessTokenURI') }));
        rows.push(textField({ label: 'Resource URL', id: 'oauth_resource_uri', dataCy: 'oauth-resource-uri', placeholder: 'https://example.com/user', value: o.ResourceURI, tooltip: 'URL used by Portainer to retrieve information about the authenticated user', onInput: bind('ResourceURI') }));
        // CE does not pre-fill the Redirect URL ($onInit returns early, reference 3.4).
        rows.push(textField({ label: 'Redirect URL', id: 'oauth_redirect_uri', dataCy: 'oauth-redirect-uri', placeholder: 'http://yourportainer.com/', value: o.RedirectURI, tooltip: 'URL used by the OAuth provider to redirect the user after successful authentication. Should be set to your Portainer instance URL', onInput: bind('RedirectURI') }));
        rows.push(textField({ label: 'Logout URL', id: 'oauth_logout_url', dataCy: 'oauth-logout-url', value: o.LogoutURI, tooltip: 'URL used by Portainer to redirect the user to the OAuth provider in order to log the user out of the identity provider session.', onInput: bind('LogoutURI') }));
        rows.push(textField({ label: 'User identifier', id: 'oauth_user_identifier', dataCy: 'oauth-user-identifier', placeholder: 'id', value: o.UserIdentifier, tooltip: 'Identifier that will be used by Portainer to create an account for the authenticated user. Retrieved from the resource server specified via the Resource URL field', onInput: bind('UserIdentifier') }));
        rows.push(textField({ label: 'Scopes', id: 'oauth_scopes', dataCy: 'oauth-scopes', placeholder: 'id,email,name', value: o.Scopes, tooltip: 'Scopes required by the OAuth provider to retrieve information about the authenticated user. Refer to your OAuth provider documentation for more information about this', onInput: bind('Scopes') }));

        // React AuthStyleField (2.20.2+).
        var style = h('select', { id: 'oauth_authstyle', class: 'form-control', 'data-cy': 'setting-oauth-authstyle-select', 'on:change': function (e) {
          o.AuthStyle = Number(e.target.value);
        } }, [
          h('option', { value: '0' }, ['Auto Detect']),
          h('option', { value: '1' }, ['In Params']),
          h('option', { value: '2' }, ['In Header']),
        ]);
        style.value = String(o.AuthStyle || 0);
        rows.push(h('div', { class: 'form-group' }, [
          h('label', { for: 'oauth_authstyle', class: 'col-sm-3 col-lg-2 control-label text-left' }, [
            'Auth Style',
            tooltip('How the client ID and secret are sent to the access token URL; Auto Detect tries the header first, then the request parameters.'),
          ]),
          h('div', { class: 'col-sm-9 col-lg-10 form-input' }, [style]),
        ]));
      }
      return rows.concat(saveButton(true));
    }

    var timeout = h('select', { id: 'user_timeout', class: 'form-control', 'data-cy': 'user-timeout-select', 'on:change': function (e) {
      settings.UserSessionTimeout = e.target.value;
    } }, SESSION_LIFETIMES.map(function (o) {
      return h('option', { value: o[1] }, [o[0]]);
    }));
    timeout.value = settings.UserSessionTimeout;

    var content = h('div', { class: 'widget' }, [
      h('div', { class: 'widget-header' }, ['Authentication']),
      h('div', { class: 'widget-body' }, [
        h('form', { class: 'form-horizontal', 'on:submit': function (e) {
          e.preventDefault();
        } }, [
          h('div', { class: 'col-sm-12 form-section-title' }, ['Configuration']),
          h('div', { class: 'form-group' }, [
            h('label', { for: 'user_timeout', class: 'col-sm-2 control-label text-left' }, ['Session lifetime', tooltip('Time before users are forced to relogin.')]),
            h('div', { class: 'col-sm-10 form-input' }, [timeout]),
          ]),
          h('div', { class: 'form-group' }, [h('span', { class: 'col-sm-12 text-muted small' }, [
            'Changing from default is only recommended if you have additional layers of authentication in front of Portainer.',
          ])]),
          h('div', { class: 'col-sm-12 form-section-title' }, ['Authentication method']),
          boxSelector('authOptions', [
            { id: 'auth_internal', value: 1, label: 'Internal', description: 'Internal authentication mechanism' },
            { id: 'auth_ldap', value: 2, label: 'LDAP', description: 'LDAP authentication' },
            { id: 'auth_ad', value: 4, label: 'Microsoft Active Directory', description: 'AD authentication', businessOnly: true },
            { id: 'auth_oauth', value: 3, label: 'OAuth', description: 'OAuth authentication' },
          ], authMethod, function (value) {
            authMethod = value;
            drawPanel();
          }),
          panel,
        ]),
      ]),
    ]);
    drawPanel();
    layout(me, h('span', {}, [h('a', { href: '#!/settings' }, ['Settings']), ' > Authentication']), 'Authentication settings', content);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Logout (app/portainer/views/logout/logoutController.js; reference 3.8)
  async function logoutView(seq) {
    var settings = (await api('GET', '/api/settings/public')).data;
    try {
      await api('POST', '/api/auth/logout');
    } finally {
      if (!stale(seq)) {
        // The ID !== 1 guard runs after the user data was cleared, so it never holds back the redirect.
        if (settings.OAuthLogoutURI) window.location.href = settings.OAuthLogoutURI;
        else go('/auth');
      }
    }
  }

  render();
})();
