/**
 * The application drivers, keyed by the app's slug. A guide names its app by its slug (the docs folder, e.g.
 * docs/integrations/portainer/) or its title ("Integrate with Portainer"); src/apps/facts.ts recognises it the
 * same way for the lint rules.
 */
import { pgadminDriver } from './pgadmin/index.js';
import { portainerDriver } from './portainer/index.js';
import type { Guide } from '../guide/model.js';
import type { AppDriver } from './types.js';
import { recogniseApp, titleOf } from './facts.js';

/** Every built driver; src/apps/known.ts lists them (and those not built yet) for the planner and the reports. */
export const DRIVERS: ReadonlyMap<string, AppDriver> = new Map<string, AppDriver>([
  [portainerDriver.name, portainerDriver],
  [pgadminDriver.name, pgadminDriver],
]);

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
