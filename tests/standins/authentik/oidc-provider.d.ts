// Minimal typings for the parts of oidc-provider 9 the stand-in uses (the package ships none).
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  export interface KoaContextLike {
    method: string;
    path: string;
    status: number;
    body: unknown;
    querystring: string;
    href: string;
    get(field: string): string;
    set(field: string, value: string): void;
    remove(field: string): void;
    req: IncomingMessage & { body?: unknown; originalUrl?: string };
    oidc: {
      route?: string;
      client?: { clientId: string };
      result?: unknown;
      params?: Record<string, unknown>;
      session?: { accountId?: string };
    };
  }

  export interface InteractionLike {
    uid: string;
    returnTo: string;
    exp: number;
    params: Record<string, unknown>;
    result?: unknown;
    save(ttl: number): Promise<string>;
  }

  export interface GrantLike {
    addOIDCScope(scope: string): void;
    save(): Promise<string>;
  }

  export class Provider {
    constructor(issuer: string, configuration: Record<string, unknown>);
    issuer: string;
    proxy: boolean;
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
    use(middleware: (ctx: KoaContextLike, next: () => Promise<void>) => Promise<void>): void;
    on(event: string, listener: (...args: unknown[]) => void): void;
    Interaction: { find(uid: string): Promise<InteractionLike | undefined> };
    Grant: new (opts: { accountId: string; clientId: string }) => GrantLike;
  }

  export class Check {
    constructor(reason: string, description: string, check: (ctx: KoaContextLike) => boolean | Promise<boolean>);
    static REQUEST_PROMPT: boolean;
    static NO_NEED_TO_PROMPT: boolean;
  }

  export const interactionPolicy: {
    base(): Array<{ name: string; checks: { add(check: Check, index?: number): void } }> & {
      get(name: string): { name: string; checks: { add(check: Check, index?: number): void } } | undefined;
    };
    Check: typeof Check;
  };

  export default Provider;
}
