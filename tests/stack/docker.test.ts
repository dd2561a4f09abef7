/**
 * What docproof reads from the docker CLI: the line of compose's stderr that explains a failure (compose prints its
 * progress first and its verdict last), the services a line names, and the containers that stopped.
 */
import { describe, expect, it } from 'vitest';
import { explainingLine, notUp, parsePs, servicesNamed, stopped } from '../../src/stack/docker.js';

describe('explainingLine', () => {
  it('skips compose\'s progress lines: "Network … Creating" is not what went wrong', () => {
    const stderr = [
      ' Network docproof-ab12cd34_default  Creating',
      ' Network docproof-ab12cd34_default  Created',
      ' Volume "docproof-ab12cd34_database"  Creating',
      ' Container docproof-ab12cd34-postgresql-1  Creating',
      ' Container docproof-ab12cd34-postgresql-1  Created',
      ' Container docproof-ab12cd34-worker-1  Starting',
      ' Container docproof-ab12cd34-postgresql-1  Healthy',
      ' Container docproof-ab12cd34-worker-1  Error',
      'container docproof-ab12cd34-worker-1 had unexpected health status ""',
    ].join('\n');
    expect(explainingLine(stderr)).toBe('container docproof-ab12cd34-worker-1 had unexpected health status ""');
  });

  it('finds the verdict of the failures met on older engines and without a registry', () => {
    expect(explainingLine("can't set healthcheck.start_interval as feature require Docker Engine v25 or later\n")).toBe(
      "can't set healthcheck.start_interval as feature require Docker Engine v25 or later",
    );
    expect(explainingLine([
      ' postgresql Pulling ',
      ' postgresql Error Get "https://registry-1.docker.io/v2/": dial tcp: lookup registry-1.docker.io: no such host',
      'Error response from daemon: Get "https://registry-1.docker.io/v2/": dial tcp: lookup registry-1.docker.io: no such host',
    ].join('\n'))).toBe('Error response from daemon: Get "https://registry-1.docker.io/v2/": dial tcp: lookup registry-1.docker.io: no such host');
    expect(explainingLine([
      ' Container docproof-x-server-1  Starting',
      'Error response from daemon: driver failed programming external connectivity on endpoint docproof-x-server-1: Bind for 127.0.0.1:49152 failed: port is already allocated',
    ].join('\n'))).toMatch(/^Error response from daemon: .*port is already allocated$/);
  });

  it('skips warnings, and falls back to the last line that says anything', () => {
    expect(explainingLine('WARN[0000] /x/compose.yaml: `version` is obsolete\nsomething odd happened\n')).toBe('something odd happened');
    expect(explainingLine('time="2026-12-04T21:00:00Z" level=warning msg="x"\n Container p-a-1  Error\n')).toBe('Container p-a-1  Error');
    expect(explainingLine('')).toBe('');
  });
});

describe('servicesNamed', () => {
  it('reads the services from container names of the project, not of another one', () => {
    expect(servicesNamed('dependency failed to start: container docproof-x-server-1 exited (1)', 'docproof-x')).toEqual(['server']);
    expect(servicesNamed('container docproof-x-to-authentik-1 and docproof-x_worker_1 failed', 'docproof-x')).toEqual(['to-authentik', 'worker']);
    expect(servicesNamed('container other-server-1 failed', 'docproof-x')).toEqual([]);
  });
});

describe('compose ps', () => {
  const ps = [
    { Service: 'postgresql', State: 'running', Health: 'healthy', ExitCode: 0 },
    { Service: 'server', State: 'running', Health: '', ExitCode: 0 },
    { Service: 'worker', State: 'exited', Health: '', ExitCode: 137 },
  ];

  it('parses one object per line and a JSON array alike, with the exit code', () => {
    const lines = parsePs(ps.map((r) => JSON.stringify(r)).join('\n'));
    expect(parsePs(JSON.stringify(ps))).toEqual(lines);
    expect(lines[2]).toEqual({ service: 'worker', state: 'exited', health: '', exitCode: 137 });
  });

  it('names what stopped, and what is not up', () => {
    const states = parsePs(JSON.stringify(ps));
    expect(stopped(states).map((s) => s.service)).toEqual(['worker']);
    expect(notUp(states)).toEqual(['worker']);
  });
});
