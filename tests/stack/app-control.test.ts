import { describe, expect, it } from 'vitest';
import { appControlClient, serveAppControl, withAppControl } from '../../src/stack/app-control.js';
import { AppRecreateError, type Stack } from '../../src/stack/types.js';

describe('app control: the application environment of a stack, from another process', () => {
  it('recreates through the serving process, with the values over loopback only; refusals keep their output, stack failures stay stack failures', async () => {
    const seen: Record<string, string>[] = [];
    const server = await serveAppControl({
      recreateWithEnv: async (vars) => {
        seen.push(vars);
        if (vars.MODE === 'refuse') throw new AppRecreateError('pgadmin: its container stopped', 'SyntaxError: invalid syntax');
        if (vars.MODE === 'engine') throw new Error('docker compose up failed');
      },
      logsSince: async (since) => `logged since ${since}`,
    });
    try {
      expect(server.control.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const client = appControlClient(server.control);
      await client.recreateWithEnv({ PGADMIN_CONFIG_X: "['a']" });
      expect(seen).toEqual([{ PGADMIN_CONFIG_X: "['a']" }]);
      const refused = await client.recreateWithEnv({ MODE: 'refuse' }).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(AppRecreateError);
      expect((refused as AppRecreateError).output).toBe('SyntaxError: invalid syntax');
      const engine = await client.recreateWithEnv({ MODE: 'engine' }).catch((e: unknown) => e);
      expect(engine).not.toBeInstanceOf(AppRecreateError);
      expect((engine as Error).message).toBe('docker compose up failed');
      expect(await client.logsSince(42)).toBe('logged since 42');
      // Without the token: refused, nothing done.
      const wrong = appControlClient({ url: server.control.url, token: 'not-the-token' });
      await expect(wrong.recreateWithEnv({ A: 'b' })).rejects.toThrow(/answered 401/);
      expect(seen).toHaveLength(3);
    } finally {
      await server.close();
    }
  });

  it('gives a stack handed over with app.control the capability back, and leaves other stacks as they are', () => {
    const app: Stack['app'] = { name: 'pgadmin', url: 'http://localhost:1', adminUser: 'a', adminPassword: 'p', version: null };
    expect(withAppControl({ app }).app.recreateWithEnv).toBeUndefined();
    const handed = withAppControl({ app: { ...app, control: { url: 'http://127.0.0.1:9', token: 't' } } });
    expect(typeof handed.app.recreateWithEnv).toBe('function');
    expect(typeof handed.app.logsSince).toBe('function');
  });
});
