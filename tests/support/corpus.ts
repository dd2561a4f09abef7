/** The title of a suite that needs authentik's guide corpus: says why it is skipped, only when it is. */
export function corpusSuite(title: string, corpus: string | null | undefined): string {
  return corpus ? title : `${title} (skipped: no corpus at ../shared/corpus or DOCPROOF_CORPUS)`;
}
