/**
 * Keeps secrets out of the stand-in's log: every password, client secret, JWT, authorization code and IdP token
 * the stand-in sees is registered here, and every log line passes through `redact` before it is written.
 */
export class Redactor {
  private readonly secrets = new Set<string>();

  add(value: string | null | undefined): void {
    if (!value) return;
    this.secrets.add(value);
    const encoded = encodeURIComponent(value);
    if (encoded !== value) this.secrets.add(encoded);
  }

  redact(line: string): string {
    let out = line;
    // Longest first, so a secret that contains another is masked whole.
    for (const s of [...this.secrets].sort((a, b) => b.length - a.length)) out = out.split(s).join('***');
    return out;
  }
}
