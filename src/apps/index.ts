/**
 * The application drivers, keyed by the app's slug. A guide names its app by its slug (the docs folder, e.g.
 * docs/integrations/portainer/) or its title ("Integrate with Portainer").
 */
import { portainerDriver } from './portainer/index.js';
import type { Guide } from '../guide/model.js';
import type { AppDriver } from './types.js';
import { escapeRegExp } from '../regexp.js';

const DRIVERS: ReadonlyMap<string, AppDriver> = new Map([[portainerDriver.name, portainerDriver]]);

/** The driver registered under `name` (case-insensitive), or null. */
export function driverFor(name: string): AppDriver | null {
  return DRIVERS.get(name.trim().toLowerCase()) ?? null;
}

/** The driver for a guide model: by its app slug, else by the app's name in its title. */
export function driverOfGuide(guide: Guide): AppDriver | null {
  return driverForGuide(guide.appSlug, typeof guide.frontmatter.title === 'string' ? guide.frontmatter.title : '');
}

/** The driver for a guide, recognised by its app slug first, then by the app's name as a word of its title. */
export function driverForGuide(appSlug: string | null, title: string): AppDriver | null {
  if (appSlug) {
    const bySlug = driverFor(appSlug);
    if (bySlug) return bySlug;
  }
  for (const driver of DRIVERS.values()) {
    const names = [driver.name, driver.displayName].map(escapeRegExp);
    if (new RegExp(`(^|[^\\p{L}\\p{N}])(${names.join('|')})(?![\\p{L}\\p{N}])`, 'iu').test(title)) return driver;
  }
  return null;
}

export type { AppDriver } from './types.js';
