/**
 * The drivers docproof knows, without loading them: the planner and the reports (`docproof plan`, `docproof
 * report`, both without Playwright) read this list; `docproof run` loads the drivers themselves from
 * src/apps/index.ts. `built` says whether a driver is registered there, so a run can use it
 * (tests/apps/known.test.ts holds the two lists to each other).
 */
import type { Guide } from '../guide/model.js';
import { recogniseApp, titleOf } from './facts.js';
import { pgadminDriverInfo } from './pgadmin/info.js';
import { portainerDriverInfo } from './portainer/info.js';
import type { DriverInfo } from './types.js';

export interface KnownDriver extends DriverInfo {
  /** Registered in src/apps/index.ts: `docproof run` can use it. */
  readonly built: boolean;
}

export const KNOWN_DRIVERS: readonly KnownDriver[] = [
  { ...portainerDriverInfo, built: true },
  { ...pgadminDriverInfo, built: true },
];

/** The names of the built drivers, for messages ("docproof can run: portainer"). */
export function builtDriverNames(): string[] {
  return KNOWN_DRIVERS.filter((d) => d.built).map((d) => d.name).sort();
}

/** What docproof knows of the driver for a guide (by its app slug, else its title), or null. */
export function driverInfoOfGuide(guide: Guide): KnownDriver | null {
  return recogniseApp(KNOWN_DRIVERS, guide.appSlug, titleOf(guide));
}

/** The known driver named `name` (case-insensitive), or null. */
export function knownDriver(name: string): KnownDriver | null {
  return KNOWN_DRIVERS.find((d) => d.name === name.trim().toLowerCase()) ?? null;
}
