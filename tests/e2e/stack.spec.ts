import { readFileSync, statSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { E2E_ENV_FILE, E2E_STACK_LABEL } from './stack.js';

test('the suite runs against a stack whose env file is private', () => {
  const file = process.env[E2E_ENV_FILE]!;
  expect(process.env[E2E_STACK_LABEL]).toBeTruthy();
  expect(statSync(file).mode & 0o077).toBe(0);
  expect(readFileSync(file, 'utf8')).toContain('DOCPROOF_AUTHENTIK_URL=');
});
