// Makes sure Debian's Chromium is there for the browser test (no browser downloads work here: the
// test drives /usr/bin/chromium through playwright-core). Installs it with apt-get when missing and
// running as root (CI is), else fails with one clear line. Never skips.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

function fail(message) {
  console.error(`ensure-chromium: ${message}`);
  process.exit(1);
}

function run(command, args) {
  const result = spawnSync(command, args, { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  return result.status === 0;
}

if (!existsSync(chromium)) {
  if (process.env.CHROMIUM_PATH !== undefined) fail(`CHROMIUM_PATH=${chromium} does not exist`);
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) {
    fail(`${chromium} is missing; install Debian's chromium package (sudo apt-get install chromium), then run the browser test again`);
  }
  console.log(`ensure-chromium: ${chromium} is missing; installing Debian's chromium package`);
  if (!run('apt-get', ['update']) || !run('apt-get', ['install', '-y', 'chromium'])) {
    fail("apt-get could not install Debian's chromium package; the browser test cannot run without it");
  }
  if (!existsSync(chromium)) fail(`apt-get installed chromium, but ${chromium} is still missing`);
}
const version = spawnSync(chromium, ['--version'], { encoding: 'utf8' });
if (version.status !== 0) fail(`${chromium} --version failed: ${(version.stderr || '').trim().split('\n')[0]}`);
console.log(`ensure-chromium: ${version.stdout.trim()}`);
