/**
 * A plan: the ordered steps a run performs, each pointing at the guide lines it performs. It is plain data (JSON),
 * printed by `docproof plan` and handed to the Playwright worker by `docproof run`. Values are as the guide writes
 * them; placeholders are mapped and references resolved at run time, against the stack (src/plan/placeholders.ts).
 */
import type { OAuth2AppSpec } from '../authentik/provision.js';
import type { ValueRef } from '../guide/model.js';
import type { SettingMeaning } from './meaning.js';
import type { PlaceholderHost } from './placeholders.js';

export interface StepBase {
  /** "guide:53 fill Authorization URL": the test.step title, and how every report names the step. */
  title: string;
  /** Guide lines the step performs (sorted, may be empty for steps the guide implies, such as bootstrap). */
  lines: number[];
  /** True when the guide does not say it but the run must do it (e.g. save when the guide names no button). */
  implicit?: boolean;
}

export interface FillValue {
  /** The guide's literal value, placeholders unmapped; null when the guide refers to a value (see `ref`). */
  value: string | null;
  ref: ValueRef | null;
  meaning: SettingMeaning;
  /** True when the value must be masked (client secret). */
  secret: boolean;
}

export type PlanStep =
  | (StepBase & { kind: 'bootstrap' })
  | (StepBase & { kind: 'provision'; spec: OAuth2AppSpec; redirectLines: number[] })
  | (StepBase & { kind: 'sign-in-admin' })
  | (StepBase & { kind: 'navigate'; path: string[] })
  | (StepBase & { kind: 'choose'; option: string; under: string | null })
  | (StepBase & { kind: 'toggle'; label: string; on: boolean })
  | (StepBase & { kind: 'fill'; label: string } & FillValue)
  | (StepBase & { kind: 'click'; label: string | null; save: boolean })
  | (StepBase & {
      kind: 'configure';
      /** Which alternative the step belongs to: a configuration file (for a process) or environment variables (for containers). */
      form: 'file' | 'env';
      /** The file the guide names (`config_local.py`) for form 'file'; null for 'env'. */
      file: string | null;
      /** The top-level key as written: `OAUTH2_CONFIG`, `PGADMIN_CONFIG_OAUTH2_AUTO_CREATE_USER`. */
      key: string;
      /** Path inside a structured value: ['OAUTH2_CONFIG', 0, 'OAUTH2_CLIENT_ID']; [key] for a scalar. */
      keyPath: Array<string | number>;
      /** How the value is written in the guide's syntax: 'string' (quoted), 'literal' (True, 3, ['oauth2','internal']). */
      syntax: 'string' | 'literal';
    } & FillValue)
  | (StepBase & { kind: 'restart'; form: 'file' | 'env' })
  | (StepBase & { kind: 'sign-out-admin' })
  | (StepBase & { kind: 'start-sso' })
  | (StepBase & { kind: 'sign-in-idp' })
  | (StepBase & { kind: 'assert-identity'; claim: string | null; userField: 'username' | 'email' | 'name' | null })
  | (StepBase & { kind: 'sign-out' })
  | (StepBase & { kind: 'assert-session-ended' })
  | (StepBase & {
      kind: 'configure';
      /** Which alternative the step belongs to: a configuration file (for a process) or environment variables (for containers). */
      form: ConfigForm['form'];
      /** The file the guide names (`config_local.py`) for form 'file'; null for 'env'. */
      file: string | null;
      /** The top-level key as written: `OAUTH2_CONFIG`, `PGADMIN_CONFIG_OAUTH2_AUTO_CREATE_USER`. */
      key: string;
      /** Path inside a structured value: ['OAUTH2_CONFIG', 0, 'OAUTH2_CLIENT_ID']; [key] for a scalar. */
      keyPath: Array<string | number>;
      /** How the value is written in the guide's syntax: 'string' (quoted), 'literal' (True, 3, ['oauth2','internal']). */
      syntax: 'string' | 'literal';
      /** Column of the value on its line (`lines[0]`): the keys of a one-line structured variable share the line. */
      column: number;
    } & FillValue)
  /** "Save the file and restart pgAdmin for the changes to take effect": after the configure steps of one form. */
  | (StepBase & { kind: 'restart'; form: ConfigForm['form'] });

/** One of the guide's alternative configuration blocks: a run performs the steps of the form its stack takes. */
export interface ConfigForm {
  /** 'file' for an application that runs as a process (external stack), 'env' for a container (compose). */
  form: 'file' | 'env';
  /** The file the guide names for it (`config_local.py`), null for environment variables. */
  file: string | null;
  /** Line of the block's opening fence. */
  line: number;
  /** The block's language as the guide writes it (`python`, `bash`). */
  lang: string | null;
}

/** The authentik half as an administrator performs it in authentik's admin interface (issue 12). */
export type AuthentikUiStep = StepBase &
  (
    | { kind: 'ak-sign-in-admin' } // "Log in to authentik as an administrator…" (or implicit)
    | { kind: 'ak-navigate'; path: string[] } // "Navigate to **Applications** > **Applications**"
    // "click **New Application**", "Click **Submit**"; `existingProvider`: the list's creation of an application that
    // uses a provider made before ("Create an application which uses this provider")
    | { kind: 'ak-click'; label: string; existingProvider?: true }
    // implicit: save what a creation the guide opens outside the wizard holds ("create an OAuth2/OpenID provider with
    // these settings" says nothing of the form's Create button, which a person clicks)
    | { kind: 'ak-save'; creates: 'application' | 'provider' }
    // a wizard page as the guide names it: "Choose a Provider type". The agreed interface named this field `title`,
    // which is StepBase's step title already (one property cannot hold both), so the page's name is `page`.
    | { kind: 'ak-page'; page: string }
    | { kind: 'ak-choose'; option: string; under: string | null } // provider type, client type, matching mode…
    | ({ kind: 'ak-fill'; label: string } & FillValue) // a field with the guide's value (Name, Slug, Scopes…)
    | { kind: 'ak-redirect-uri'; matchingMode: 'strict' | 'regex'; uriKind: 'authorization' | 'post-logout'; url: string }
    | {
        kind: 'ak-reader';
        field: 'application-name' | 'provider-name' | 'slug' | 'signing-key' | 'authorization-flow' | 'invalidation-flow' | 'other';
        label: string;
        said: string;
      }
    // a setting the guide leaves to the reader ("Select any available signing key"): the driver does it as a
    // careful person would; `said` is the guide's words, `label` the field it concerns as the guide names it
    | { kind: 'ak-note'; values: Array<'clientId' | 'clientSecret' | 'slug'> } // "Note the Client ID, Client Secret, and slug"
    | { kind: 'ak-readback' } // implicit: read back via API and compare with the model
  );

export interface Plan {
  file: string;
  /** Driver name ("portainer") and the name used in findings ("Portainer"). */
  app: { name: string; displayName: string };
  provider: { type: 'oauth2'; label: string; line: number };
  /**
   * Placeholder hosts the run maps onto the stack, onto which base URL, with the scheme the guide writes most for
   * each (mapped onto that base URL) and whether it writes the other scheme too (mapped onto a second address).
   */
  placeholders: PlaceholderHost[];
  /** The app-side configuration: where a failure that concerns the configuration as a whole is reported. */
  configLine: number;
  /**
   * For an application configured by code blocks: the guide's alternative blocks, whose `configure` and `restart`
   * steps the plan holds side by side (tagged by `form`); a run performs one form and skips the other.
   */
  configForms?: ConfigForm[];
  steps: PlanStep[];
  /**
   * The guide's authentik half as UI steps, in file order (src/plan/authentik-ui.ts). A run in `api` mode performs
   * the `provision` step instead; in `ui` mode it performs these in its place.
   */
  authentikUi: AuthentikUiStep[];
}
