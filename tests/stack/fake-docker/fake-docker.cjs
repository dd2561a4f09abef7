/**
 * A fake `docker` CLI for the stack tests (the one place a fake stands in for Docker: no engine runs where these
 * tests run). It appends one JSON line per call to $FAKE_DOCKER_LOG with its argv, and answers as scripted:
 *   info                       FAKE_DOCKER_ENGINE=1 → prints a server version; otherwise fails like a CLI without engine
 *   compose version --short    FAKE_DOCKER_COMPOSE_VERSION (default 2.40.3; "none": the plugin is missing)
 *   image inspect IMAGE        present unless IMAGE is in FAKE_DOCKER_MISSING (comma-separated)
 *   pull IMAGE                 fails like a registry that cannot be reached when IMAGE is in FAKE_DOCKER_UNPULLABLE
 *   compose ... up ...         waits FAKE_DOCKER_UP_MS, then exits FAKE_DOCKER_UP_EXIT with FAKE_DOCKER_UP_STDERR
 *   compose ... ps ...         prints FAKE_DOCKER_PS
 *   compose ... logs ... SVC   prints a few lines for SVC, one of them with the bootstrap token (as a service might)
 *   compose ... down ...       waits FAKE_DOCKER_DOWN_MS, exits FAKE_DOCKER_DOWN_EXIT
 * Like the real compose, every `compose -f FILE` call fails when a variable compose.yaml requires is unset.
 * It records which DOCPROOF_* variables it received (names; values only for the DOCPROOF_IMAGE_* ones), and a SHA-256
 * of the bootstrap token, never secret values.
 */
'use strict';
const fs = require('node:fs');
const crypto = require('node:crypto');

const argv = process.argv.slice(2);
const env = process.env;
const entry = {
  argv,
  pid: process.pid,
  vars: Object.keys(env).filter((k) => k.startsWith('DOCPROOF_')).sort(),
  // Image names are not secret: recorded with their values, to check which images compose was given.
  images: Object.fromEntries(Object.keys(env).filter((k) => k.startsWith('DOCPROOF_IMAGE_')).sort().map((k) => [k, env[k]])),
  tokenSha256: env.DOCPROOF_AUTHENTIK_BOOTSTRAP_TOKEN
    ? crypto.createHash('sha256').update(env.DOCPROOF_AUTHENTIK_BOOTSTRAP_TOKEN).digest('hex')
    : null,
};
function record(extra) {
  if (env.FAKE_DOCKER_LOG) fs.appendFileSync(env.FAKE_DOCKER_LOG, JSON.stringify({ ...entry, ...extra }) + '\n');
}
record({ event: 'call' });
process.on('SIGTERM', () => {
  record({ event: 'signal', signal: 'SIGTERM' });
  process.exit(143);
});

function fail(msg, code = 1) {
  process.stderr.write(msg + '\n');
  process.exit(code);
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const REQUIRED = [
  'DOCPROOF_PG_PASSWORD', 'DOCPROOF_AUTHENTIK_SECRET_KEY', 'DOCPROOF_AUTHENTIK_BOOTSTRAP_PASSWORD',
  'DOCPROOF_AUTHENTIK_BOOTSTRAP_TOKEN', 'DOCPROOF_AUTHENTIK_BOOTSTRAP_EMAIL', 'DOCPROOF_PORTAINER_ADMIN_PASSWORD',
  'DOCPROOF_AUTHENTIK_PORT', 'DOCPROOF_PORTAINER_PORT', 'DOCPROOF_IMAGE_POSTGRES', 'DOCPROOF_IMAGE_AUTHENTIK',
  'DOCPROOF_IMAGE_PORTAINER', 'DOCPROOF_IMAGE_FORWARDER',
];

async function main() {
  if (argv[0] === 'info') {
    if (env.FAKE_DOCKER_ENGINE === '1') return void process.stdout.write('28.2.2\n');
    fail('Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?');
  }
  const list = (v) => (v || '').split(',').filter(Boolean);
  if (argv[0] === 'image' && argv[1] === 'inspect') {
    const image = argv[argv.length - 1];
    if (list(env.FAKE_DOCKER_MISSING).includes(image)) fail(`Error response from daemon: No such image: ${image}`);
    return void process.stdout.write(`sha256:${crypto.createHash('sha256').update(image).digest('hex')}\n`);
  }
  if (argv[0] === 'pull') {
    const image = argv[argv.length - 1];
    if (list(env.FAKE_DOCKER_UNPULLABLE).includes(image)) {
      const host = image.split('/')[0];
      fail(`Error response from daemon: Get "https://${host}/v2/": dial tcp: lookup ${host} on 127.0.0.53:53: no such host`);
    }
    process.stdout.write(`${image.split(':').pop()}: Pulling from ${image}\nStatus: Downloaded newer image for ${image}\n`);
    return;
  }
  if (argv[0] !== 'compose') fail(`fake docker: unscripted command ${argv.join(' ')}`, 125);
  if (argv[1] === 'version') {
    const v = env.FAKE_DOCKER_COMPOSE_VERSION || '2.40.3';
    if (v === 'none') fail("docker: unknown command: docker compose");
    return void process.stdout.write(argv.includes('--short') ? `${v}\n` : `Docker Compose version v${v}\n`);
  }
  if (argv.includes('-f')) {
    const missing = REQUIRED.find((k) => !env[k]);
    if (missing) fail(`error while interpolating: required variable ${missing} is missing a value`, 15);
  }
  const verb = argv.find((a) => ['up', 'ps', 'logs', 'down'].includes(a));
  if (verb === 'up') {
    await sleep(Number(env.FAKE_DOCKER_UP_MS || 0));
    if (env.FAKE_DOCKER_UP_STDERR) process.stderr.write(env.FAKE_DOCKER_UP_STDERR + '\n');
    record({ event: 'done', verb });
    process.exit(Number(env.FAKE_DOCKER_UP_EXIT || 0));
  }
  if (verb === 'ps') return void process.stdout.write(env.FAKE_DOCKER_PS || '');
  if (verb === 'logs') {
    const svc = argv[argv.length - 1];
    process.stdout.write(
      [`${svc}-1  | starting ${svc}`, `${svc}-1  | bootstrap token=${env.DOCPROOF_AUTHENTIK_BOOTSTRAP_TOKEN}`, `${svc}-1  | still waiting`].join('\n') + '\n',
    );
    return;
  }
  if (verb === 'down') {
    await sleep(Number(env.FAKE_DOCKER_DOWN_MS || 0));
    record({ event: 'done', verb });
    process.exit(Number(env.FAKE_DOCKER_DOWN_EXIT || 0));
  }
  fail(`fake docker: unscripted compose command ${argv.join(' ')}`, 125);
}
main();
