/** A plan as text: one numbered line per step, its guide lines first, the guide's value where it gives one. */
import type { AuthentikUiStep, Plan } from './model.js';

const IMPLIED = ' (implied: the guide does not say)';

/** The authentik half as UI steps: the section `docproof plan` prints, also for guides whose application has no driver. */
export function formatAuthentikUi(steps: readonly AuthentikUiStep[]): string {
  if (steps.length === 0) return '';
  const out = ["  in authentik's admin interface (docproof run --authentik ui; --authentik api creates the same through the API):"];
  const width = String(steps.length).length;
  steps.forEach((s, i) => {
    let detail = '';
    if (s.kind === 'ak-fill') detail = s.ref ? ` ← ${s.ref}` : s.value !== null ? ` = ${s.value}` : ' (no value in the guide)';
    if (s.kind === 'ak-redirect-uri') detail = ` = ${s.url}`;
    out.push(`    ${String(i + 1).padStart(width)}. ${s.title}${detail}${s.implicit ? IMPLIED : ''}`);
  });
  return `${out.join('\n')}\n`;
}

export function formatPlan(plan: Plan): string {
  const out: string[] = [];
  out.push(`${plan.file}: ${plan.app.displayName}, ${plan.provider.label} provider (guide:${plan.provider.line})`);
  if (plan.placeholders.length) {
    out.push(
      `  placeholders mapped at run time: ${plan.placeholders
        .map((p) => {
          const service = p.target === 'authentik' ? 'authentik' : plan.app.displayName;
          const other = p.otherScheme ? `; ${p.scheme === 'http' ? 'https' : 'http'}://${p.host} → a second address of ${service}` : '';
          return `${p.scheme ?? 'https'}://${p.host} → the stack's ${service} URL${other}`;
        })
        .join(', ')}`,
    );
  }
  for (const f of plan.configForms ?? []) {
    const what = f.form === 'env' ? 'environment variables (a container: compose)' : `${f.file ?? 'a configuration file'} (a process: external)`;
    out.push(`  configuration form ${f.form} (guide:${f.line}${f.lang ? `, ${f.lang}` : ''}): ${what}`);
  }
  const ak = formatAuthentikUi(plan.authentikUi);
  if (ak) out.push(ak.trimEnd());
  if (ak) out.push('  the run:');
  const width = String(plan.steps.length).length;
  plan.steps.forEach((s, i) => {
    let detail = '';
    if (s.kind === 'fill' || s.kind === 'configure') detail = s.ref ? ` ← ${s.ref} from authentik` : s.value !== null ? ` = ${s.value}` : ' (no value in the guide)';
    if (s.kind === 'configure' && s.ref === 'other') detail = ' ← a value the reader chooses';
    if (s.kind === 'provision') {
      const uris = s.spec.redirectUris.map((u) => `${u.matchingMode} ${u.url}`).join(', ');
      detail = ` [redirect URIs: ${uris || 'none'}; signing key: ${s.spec.signingKey}; flow: ${s.spec.authorizationFlow}-consent; scopes: openid email profile]`;
    }
    const form = s.kind === 'configure' || s.kind === 'restart' ? ` [${s.form}]` : '';
    out.push(`  ${String(i + 1).padStart(width)}. ${s.title}${form}${detail}${s.implicit ? IMPLIED : ''}`);
  });
  return `${out.join('\n')}\n`;
}
