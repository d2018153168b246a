// @ts-check
// Starts the real path on free ports: the sandbox in upstream mode (the API at /1.0 behind
// OAuth2 tokens or signed requests, like the provider's) and the gateway serving dist/ in
// front of it, once per sign-in flow. Release binaries, as the rest of the suite uses.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import net from 'node:net';
import { fileURLToPath } from 'node:url';

const bin = (name) => fileURLToPath(new URL(`../../../target/release/${name}`, import.meta.url));
const dist = fileURLToPath(new URL('../../../dist', import.meta.url));

/** A port nobody listens on right now. */
export async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {net.AddressInfo} */ (srv.address());
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Spawns `name` and waits for its "listening on" line.
 * @param {string} name binary in target/release
 * @param {string[]} args
 * @param {Record<string, string>} [env] extra environment (secrets go here, not in argv)
 */
async function start(name, args, env = {}) {
  const path = bin(name);
  if (!existsSync(path)) {
    throw new Error(`${path} is missing: run 'make sandbox gateway' (cargo build --release -p sandbox -p gateway)`);
  }
  const child = spawn(path, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stderr.on('data', (chunk) => {
    out += chunk;
  });
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start: ${out}`)), 20_000);
    child.stdout.on('data', (chunk) => {
      out += chunk;
      if (/listening on http:\/\//.test(out)) {
        clearTimeout(timer);
        resolve(undefined);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with ${code}: ${out}`));
    });
  });
  return { stop: () => child.kill(), output: () => out };
}

/**
 * The sandbox (upstream mode) and two gateways, OAuth2 and classic.
 * @param {{ tokenTtl: number }} opts access-token lifetime in seconds (short: refresh is tested)
 */
export async function startGatewayStack({ tokenTtl }) {
  const [sbPort, oauthPort, classicPort] = [await freePort(), await freePort(), await freePort()];
  const sandbox = `http://127.0.0.1:${sbPort}`;
  const oauth2 = `http://127.0.0.1:${oauthPort}`;
  const classic = `http://127.0.0.1:${classicPort}`;
  const procs = [];
  procs.push(
    await start('sandbox', [
      '--port', String(sbPort),
      '--upstream',
      '--upstream-callback', `${oauth2}/auth/callback`,
      '--upstream-token-ttl', String(tokenTtl),
    ]),
  );
  const common = ['--dist', dist, '--api-base-url', `${sandbox}/1.0`, '--auth-base-url', sandbox];
  // A fresh cookie key per run, as a deployment would have its own.
  const cookieKey = randomBytes(32).toString('base64');
  procs.push(
    await start('gateway', ['--listen', `127.0.0.1:${oauthPort}`, '--public-url', oauth2, ...common], {
      GATEWAY_CLIENT_ID: 'sandbox-client',
      GATEWAY_CLIENT_SECRET: 'sandbox-client-secret',
      GATEWAY_COOKIE_KEYS: cookieKey,
    }),
  );
  procs.push(
    await start('gateway', ['--listen', `127.0.0.1:${classicPort}`, '--public-url', classic, ...common], {
      GATEWAY_APP_KEY: 'sandbox-app-key',
      GATEWAY_APP_SECRET: 'sandbox-app-secret',
      GATEWAY_COOKIE_KEYS: cookieKey,
    }),
  );
  return {
    sandbox,
    oauth2,
    classic,
    stop: () => procs.forEach((p) => p.stop()),
  };
}
