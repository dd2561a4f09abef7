/** DOCPROOF_STACK: set wins (validated); unset, compose when a Docker engine answers, the stand-ins otherwise. */
import { afterEach, describe, expect, it } from 'vitest';
import { chooseTestStack, dockerEngineAnswers } from '../../src/stack/select.js';
import { fakeDocker, type FakeDocker } from './support.js';

describe('chooseTestStack', () => {
  const yes = () => true;
  const no = () => false;

  it('unset: compose when a Docker engine answers, otherwise the stand-ins', () => {
    expect(chooseTestStack({}, yes)).toBe('compose');
    expect(chooseTestStack({}, no)).toBe('standins');
    expect(chooseTestStack({ DOCPROOF_STACK: '' }, no)).toBe('standins');
    expect(chooseTestStack({ DOCPROOF_STACK: '  ' }, yes)).toBe('compose');
  });

  it('set: that stack, without asking Docker', () => {
    let asked = 0;
    const ask = () => (asked++, true);
    expect(chooseTestStack({ DOCPROOF_STACK: 'standins' }, ask)).toBe('standins');
    expect(chooseTestStack({ DOCPROOF_STACK: 'external' }, ask)).toBe('external');
    expect(chooseTestStack({ DOCPROOF_STACK: ' compose ' }, () => false)).toBe('compose');
    expect(asked).toBe(0);
  });

  it('a bad value: one line naming the variable and the choices', () => {
    expect(() => chooseTestStack({ DOCPROOF_STACK: 'docker' }, yes)).toThrow(new Error('DOCPROOF_STACK="docker" is not one of compose, standins, real, external'));
    expect(() => chooseTestStack({ DOCPROOF_STACK: 'Compose' }, yes)).toThrow(/is not one of/);
  });
});

describe('dockerEngineAnswers', () => {
  let docker: FakeDocker | undefined;
  const savedPath = process.env.PATH;
  afterEach(() => {
    docker?.restore();
    docker = undefined;
    process.env.PATH = savedPath;
  });

  it('is true when `docker info` reaches an engine', () => {
    docker = fakeDocker({ FAKE_DOCKER_ENGINE: '1' });
    docker.install();
    expect(dockerEngineAnswers()).toBe(true);
    expect(docker.callsWith('info', '--format')).toHaveLength(1);
  });

  it('is false when the CLI is there but no engine answers', () => {
    docker = fakeDocker({ FAKE_DOCKER_ENGINE: '0' });
    docker.install();
    expect(dockerEngineAnswers()).toBe(false);
  });

  it('is false when there is no docker CLI at all', () => {
    process.env.PATH = '/nonexistent-docproof-path';
    expect(dockerEngineAnswers()).toBe(false);
  });
});
