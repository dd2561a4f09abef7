/** "This is based on authentik 2021.7.3 and Portainer 2.6.x-CE." / "tested with authentik 2025.10.3 and Portainer 2.33.6 LTS." */
import type { TestedWith } from '../model.js';

const TESTED =
  /\b(?:tested with|based on|verified with|written for)\s+authentik\s+(?:version\s+)?v?(\d{4}\.\d+(?:\.\d+)?(?:-rc\d+)?)(?:\s+and\s+(.+?)\s+(v?\d[\w.-]*\w(?:\s+(?:LTS|CE|EE|BE|STS))?))?/i;

export function testedWithIn(text: string, line: number): TestedWith | null {
  const m = TESTED.exec(text.replace(/\s+/g, ' '));
  if (!m) return null;
  return { authentik: m[1] ?? null, app: m[3] ?? null, line };
}
