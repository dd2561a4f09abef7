/**
 * The application drivers, keyed by the app's slug. A guide names its app by its slug (the docs folder, e.g.
 * docs/integrations/portainer/) or its title ("Integrate with Portainer"); src/apps/facts.ts recognises it the
 * same way for the lint rules.
 */
import { pgadminDriver } from './pgadmin/index.js';
import { portainerDriver } from './portainer/index.js';
import type { Guide } from '../guide/model.js';
import type { AppDriver, DriverInfo } from './types.js';
import { recogniseApp, titleOf } from './facts.js';

const DRIVERS: ReadonlyMap<string, AppDriver> = new Map<string, AppDriver>([
  [portainerDriver.name, portainerDriver],
  [pgadminDriver.name, pgadminDriver],
]);

/** Every driver the planner and the reports know. */
const KNOWN: readonly DriverInfo[] = [...DRIVERS.values()];

/** The names of the drivers docproof knows, for messages ("docproof can run: pgadmin, portainer"). */
export function knownDriverNames(): string[] {
  return KNOWN.map((d) => d.name).sort();
}

/** What docproof knows of the driver for a guide (by its app slug, else its title), loaded or not, or null. */
export function driverInfoOfGuide(guide: Guide): DriverInfo | null {
  return recogniseApp(KNOWN, guide.appSlug, titleOf(guide));
}

/** The driver registered under `name` (case-insensitive), or null. */
export function driverFor(name: string): AppDriver | null {
  return DRIVERS.get(name.trim().toLowerCase()) ?? null;
}

/** The driver for a guide model: by its app slug, else by the app's name in its title. */
export function driverOfGuide(guide: Guide): AppDriver | null {
  return driverForGuide(guide.appSlug, titleOf(guide));
}

/** The driver for a guide, recognised by its app slug first, then by the app's name as a word of its title. */
export function driverForGuide(appSlug: string | null, title: string): AppDriver | null {
  return recogniseApp(DRIVERS.values(), appSlug, title);
}

export type { AppDriver, DriverInfo, DriverShape } from './types.js';
