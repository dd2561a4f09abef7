/** The title of a suite that needs authentik's guide corpus: says why it is skipped, only when it is. */
export function corpusSuite(title: string, corpus: string | null | undefined): string {
  return corpus ? title : `${title} (skipped: no corpus at ../shared/corpus or DOCPROOF_CORPUS)`;
}

/** pgAdmin's guide in the two corpus trees, and how far the legacy tree's lines are shifted. */
export const PGADMIN_CORPUS_GUIDES = [
  ['authentik-integrations', 'infrastructure/pgadmin/index.md', 0],
  ['authentik-integrations-legacy-2025-05', 'services/pgadmin/index.md', 2],
] as const;
