// @ts-check
// `test` for every spec: resets the sandbox before each test (auto fixture), so tests never
// see each other's data, faults or sessions. Import { test, expect } from here.
import { test as base, expect } from '@playwright/test';
import { reset } from './sandbox.js';

export const test = base.extend({
  sandboxReset: [
    async ({ request }, use) => {
      await reset(request);
      await use(undefined);
    },
    { auto: true },
  ],
});

export { expect };
