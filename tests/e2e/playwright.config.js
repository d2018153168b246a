// @ts-check
// Playwright config: Debian's Chromium (never a downloaded browser) against the sandbox
// serving the release build in dist/.
//
// Env knobs:
//   E2E_PORT=8181        port of the sandbox started by `webServer`
//   E2E_BASE_URL=http://127.0.0.1:8080
//                        test an already running server instead (no webServer is started)
//   E2E_REUSE_SERVER=1   reuse a server already listening on E2E_PORT
//   CHROMIUM_BIN=/usr/bin/chromium
//   CI=true              retries 1, forbid test.only, HTML report
import { defineConfig } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../..');
const port = Number(process.env.E2E_PORT || 8181);
const externalBaseURL = process.env.E2E_BASE_URL;
const baseURL = externalBaseURL || `http://127.0.0.1:${port}`;
const isCI = !!process.env.CI && process.env.CI !== 'false';

/** Flags Chromium needs on these machines (root, closed network). Playwright adds
 * --headless itself (unless --headed) and a fresh temporary --user-data-dir per launch. */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export default defineConfig({
  testDir: './specs',
  outputDir: './test-results',
  // 2 cores, and the sandbox state is shared: one worker, tests reset it (support/fixtures.js).
  workers: 1,
  fullyParallel: false,
  retries: isCI ? 1 : 0,
  forbidOnly: isCI,
  timeout: 45_000,
  expect: { timeout: 10_000 },
  reporter: isCI
    ? [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]]
    : [['list']],
  use: {
    baseURL,
    locale: 'fr-FR',
    timezoneId: 'Europe/Paris',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    video: 'off',
    launchOptions: {
      executablePath: process.env.CHROMIUM_BIN || '/usr/bin/chromium',
      args: chromiumArgs,
    },
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
  webServer: externalBaseURL
    ? undefined
    : {
        command: `"${path.join(repoRoot, 'target/release/sandbox')}" --dist "${path.join(repoRoot, 'dist')}" --port ${port}`,
        cwd: repoRoot,
        url: `${baseURL}/`,
        reuseExistingServer: process.env.E2E_REUSE_SERVER === '1',
        timeout: 60_000,
        stdout: 'pipe',
        stderr: 'pipe',
      },
});
