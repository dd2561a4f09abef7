/** What the planner and the reports know of the Portainer driver without loading it (src/apps/known.ts). */
import type { DriverInfo } from '../types.js';

export const portainerDriverInfo: DriverInfo = { name: 'portainer', displayName: 'Portainer', takes: 'ui' };
