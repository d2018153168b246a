// Starts the release sandbox (target/release/sandbox) serving `dir`, for the specs that need an
// account of their own (support/sandbox.js) and for the benchmarks (bench/lib/site.mjs). No
// Playwright import: the benchmarks run under plain node.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../../../target/release/sandbox', import.meta.url));

/**
 * Waits for the sandbox to say where it listens. Returns { url, stop }; `stop()` resolves once
 * the process has exited.
 * @param {string} dir the built site to serve
 * @param {string[]} args extra sandbox arguments
 * @param {{ port?: string, timeoutMs?: number }} [options]
 */
export async function spawnSandbox(dir, args, { port = '0', timeoutMs = 30_000 } = {}) {
  const child = spawn(bin, ['--port', port, '--dist', dir, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`sandbox did not start: ${out}`)), timeoutMs);
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const m = out.match(/listening on (http:\/\/\S+?)\/?\s/);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.on('exit', (code) => reject(new Error(`sandbox exited ${code}: ${out}`)));
  });
  return {
    url,
    stop: () => new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', resolve);
      child.kill();
    }),
  };
}
