import { describe, expect, it } from 'vitest';
import { matchLabel, normalizeLabel, similarity } from '../../src/authentik/ui/words.js';

const WIZARD_PAGES = ['Application', 'Choose a Provider', 'Configure Provider', 'Configure Bindings', 'Review and Submit Application'];

describe('a careful reader matching a guide\'s words to authentik 2026.5\'s admin interface', () => {
  it('takes the same words in another case or with punctuation as the same', () => {
    expect(matchLabel('new application', ['New Application', 'Refresh'])).toEqual({ kind: 'same', ui: 'New Application' });
    expect(matchLabel('**Configure Bindings**:', WIZARD_PAGES)).toEqual({ kind: 'same', ui: 'Configure Bindings' });
    expect(normalizeLabel('Select a signing key...')).toBe('select a signing key');
  });

  it('goes on with the current guides\' page names, which add "type" and "the"', () => {
    expect(matchLabel('Choose a Provider type', WIZARD_PAGES)).toEqual({ kind: 'close', ui: 'Choose a Provider' });
    expect(matchLabel('Configure the Provider', WIZARD_PAGES)).toEqual({ kind: 'close', ui: 'Configure Provider' });
  });

  it('takes a provider type with one word of three renamed as close, and an old name sharing too little as missing', () => {
    const types = ['LDAP Provider', 'OAuth2/OpenID Provider', 'Proxy Provider', 'SAML Provider'];
    expect(matchLabel('OAuth2/OpenID Connect', types)).toEqual({ kind: 'close', ui: 'OAuth2/OpenID Provider' });
    expect(matchLabel('OpenID Connect Provider', types)).toEqual({ kind: 'none', nearest: 'OAuth2/OpenID Provider' });
    expect(matchLabel('OIDC Provider', types)).toEqual({ kind: 'none', nearest: null });
  });

  it('does not take a renamed button for the one the guide names', () => {
    expect(matchLabel('Create with Provider', ['New Application', 'New Application options', 'Refresh'])).toEqual({ kind: 'none', nearest: null });
    expect(matchLabel('Submit', ['Back', 'Create Application', 'Cancel']).kind).toBe('none');
  });

  it('forgives a one-letter typo in a long word', () => {
    expect(matchLabel('Aplications', ['Applications', 'Providers']).kind).toBe('close');
    expect(similarity('Signing Key', 'Signing Key')).toBe(1);
  });
});
