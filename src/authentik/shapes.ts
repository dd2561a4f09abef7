/**
 * The parts of authentik's API responses that docproof reads, as lenient zod schemas. The generated client's own
 * deserializers are strict about every field its schema requires (the 2026.8 client reads `users` from
 * `/core/users/me/`, which 2026.5 does not send, and crashes), so responses are read here instead: only the fields
 * used, unknown ones ignored, each present in every supported release line's schema.yml (2025.12 to 2026.8; the
 * stand-in tests check that against the four schemas).
 */
import { z } from 'zod';

const paginated = <T extends z.ZodType>(item: T) => z.object({ results: z.array(item) });

export const VersionShape = z.object({ version_current: z.string() });

export const SessionUserShape = z.object({ user: z.object({ pk: z.number(), username: z.string() }) });

export const FlowListShape = paginated(z.object({ pk: z.string(), slug: z.string() }));

export const KeypairListShape = paginated(
  z.object({ pk: z.string(), name: z.string(), private_key_available: z.boolean().optional() }),
);

export const ScopeMappingListShape = paginated(
  z.object({ pk: z.string(), managed: z.string().nullish(), scope_name: z.string() }),
);

export const ProviderShape = z.object({
  pk: z.number(),
  name: z.string(),
  client_id: z.string().optional(),
  client_secret: z.string().optional(),
});
export const ProviderListShape = paginated(ProviderShape);

/** What a provider holds, read back after provisioning (redirect URIs with their mode, and type from 2026.5). */
export const ProviderDetailShape = ProviderShape.extend({
  client_type: z.string().optional(),
  redirect_uris: z.array(
    z.object({ matching_mode: z.string(), url: z.string(), redirect_uri_type: z.string().optional() }),
  ),
  property_mappings: z.array(z.string()).optional(),
});
export type ProviderDetail = z.infer<typeof ProviderDetailShape>;

export const ApplicationShape = z.object({ slug: z.string(), name: z.string() });
/** An application as the readback reads it: which provider it uses. */
export const ApplicationDetailShape = ApplicationShape.extend({ provider: z.number().nullish() });
export const ApplicationDetailListShape = paginated(ApplicationDetailShape);

/** What the readback compares beyond ProviderDetailShape: flows and key by pk, scopes by mapping pk. */
export const ProviderReadbackShape = ProviderDetailShape.extend({
  authorization_flow: z.string().nullish(),
  invalidation_flow: z.string().nullish(),
  signing_key: z.string().nullish(),
});
export type ProviderReadback = z.infer<typeof ProviderReadbackShape>;

export const GroupListShape = paginated(z.object({ pk: z.string(), name: z.string(), is_superuser: z.boolean().optional() }));
export const ApplicationListShape = paginated(ApplicationShape);

export const SetupUrlsShape = z.object({ issuer: z.string() });

export const UserShape = z.object({ pk: z.number(), username: z.string() });
export const UserListShape = paginated(UserShape);

/** "results[0].pk: expected number" for the first problem zod found. */
export function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'unexpected shape';
  const where = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '');
  return `${where || '(body)'}: ${issue.message}`;
}
