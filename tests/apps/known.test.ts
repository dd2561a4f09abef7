/** The drivers the planner and the reports know (src/apps/known.ts) are the built ones of src/apps/index.ts, and more. */
import { describe, expect, it } from 'vitest';
import { DRIVERS } from '../../src/apps/index.js';
import { KNOWN_DRIVERS, builtDriverNames, knownDriver } from '../../src/apps/known.js';

describe('known drivers', () => {
  it('built is true exactly for the drivers registered for a run, with the same name, display name and shape', () => {
    expect(KNOWN_DRIVERS.filter((d) => d.built).map((d) => d.name).sort()).toEqual([...DRIVERS.keys()].sort());
    for (const [name, driver] of DRIVERS) {
      expect(knownDriver(name)).toMatchObject({ name: driver.name, displayName: driver.displayName, takes: driver.takes ?? 'ui' });
    }
    expect(builtDriverNames()).toEqual([...DRIVERS.keys()].sort());
  });
  it('pgAdmin is known, and takes configuration', () => {
    expect(knownDriver(' pgAdmin ')).toMatchObject({ name: 'pgadmin', displayName: 'pgAdmin', takes: 'configuration', defaultUserField: 'email' });
  });
});
