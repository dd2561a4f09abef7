import { describe, expect, it } from 'vitest';
import { driverFor, driverForGuide } from '../../../src/apps/index.js';
import { portainerDriver } from '../../../src/apps/portainer/index.js';

describe('driver registry', () => {
  it('finds the Portainer driver by its slug, case-insensitively, and nothing else', () => {
    expect(driverFor('portainer')).toBe(portainerDriver);
    expect(driverFor(' Portainer ')).toBe(portainerDriver);
    expect(driverFor('grafana')).toBeNull();
  });

  it("recognises the Portainer guide by its slug or by the word Portainer in its title", () => {
    expect(driverForGuide('portainer', 'anything')).toBe(portainerDriver);
    expect(driverForGuide(null, 'Integrate with Portainer')).toBe(portainerDriver);
    expect(driverForGuide('unknown-app', 'Integrate with Portainer CE')).toBe(portainerDriver);
    expect(driverForGuide(null, 'Integrate with Portainerish')).toBeNull();
    expect(driverForGuide('grafana', 'Integrate with Grafana')).toBeNull();
  });
});
