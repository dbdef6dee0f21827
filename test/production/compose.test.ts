// No container engine runs here, so the production files are checked by reading them: the compose
// topology, its health checks, its environment against the config schema, and the Dockerfile.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { PLATFORMS } from '../../adapters/platforms.js';
import { envNames, loadConfig } from '../../src/config.js';
import { SECRET_ENV } from '../../src/log.js';

/** What the configuration reads with every registered platform. */
const ENV_NAMES = envNames(PLATFORMS);

const root = (f: string) => fileURLToPath(new URL(`../../${f}`, import.meta.url));
const read = (f: string) => readFileSync(root(f), 'utf8');

interface Service {
  image?: string;
  build?: unknown;
  command?: string[] | string;
  environment?: Record<string, string> | string[];
  env_file?: string[] | string;
  healthcheck?: { test?: string[] | string; interval?: string };
  deploy?: { replicas?: number };
  ports?: string[];
  depends_on?: Record<string, { condition?: string }>;
}

const compose = parse(read('docker-compose.yml')) as { services: Record<string, Service>; volumes?: Record<string, unknown> };
const services = compose.services;
const envOf = (s: Service): Record<string, string> =>
  Array.isArray(s.environment) ? Object.fromEntries(s.environment.map((e) => [e.split('=')[0], e.split('=').slice(1).join('=')])) : (s.environment ?? {});
const commandOf = (s: Service) => (Array.isArray(s.command) ? s.command : String(s.command ?? '').split(/\s+/));
/** paperbot services: the ones running bin/paperbot.mjs (start or worker). */
const paperbotServices = Object.entries(services).filter(([, s]) => ['start', 'worker'].includes(commandOf(s)[0]));
const workers = paperbotServices.filter(([, s]) => commandOf(s)[0] === 'worker');

/** NAME=value lines of .env.example, set or commented out ("# NAME=..." documents an unset variable). */
function envExampleNames(): string[] {
  return [...read('.env.example').matchAll(/^#?\s*([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]);
}

describe('docker-compose.yml', () => {
  it('runs PostgreSQL, Redis, one bot and two workers, each from an image or a build', () => {
    expect(Object.keys(services)).toEqual(expect.arrayContaining(['postgres', 'redis', 'bot']));
    expect(services.postgres.image).toMatch(/^postgres:\d+/);
    expect(services.redis.image).toMatch(/^redis:\d+/);
    for (const [name, s] of Object.entries(services)) expect(s.image ?? s.build, `${name} has neither image nor build`).toBeTruthy();
    expect(commandOf(services.bot)[0]).toBe('start');
    const workerCount = workers.reduce((n, [, s]) => n + (s.deploy?.replicas ?? 1), 0);
    expect(workerCount).toBe(2);
  });

  it('gives every service a health check, and the paperbot ones probe /healthz', () => {
    for (const [name, s] of Object.entries(services)) {
      expect(s.healthcheck?.test, `${name} has no health check`).toBeTruthy();
      expect(String(s.healthcheck?.test)).not.toMatch(/NONE/);
    }
    for (const [name, s] of paperbotServices) {
      const port = envOf(s).PORT;
      expect(port, `${name} sets PORT`).toMatch(/^\d+$/);
      expect(String(s.healthcheck!.test), name).toContain(`127.0.0.1:${port}/healthz`);
    }
    // Workers each listen on their own PORT, different from the bot's.
    for (const [, s] of workers) expect(envOf(s).PORT).not.toBe(envOf(services.bot).PORT);
  });

  it('keeps Redis data: append-only persistence and no eviction (BullMQ loses jobs otherwise)', () => {
    const cmd = commandOf(services.redis).join(' ');
    expect(cmd).toMatch(/--appendonly yes/);
    expect(cmd).toMatch(/--maxmemory-policy noeviction/);
    expect(JSON.stringify(services.redis)).toMatch(/:\/data/);
    expect(compose.volumes).toHaveProperty('redisdata');
    expect(compose.volumes).toHaveProperty('pgdata');
  });

  it('starts paperbot only after PostgreSQL and Redis are healthy, pointed at them', () => {
    for (const [name, s] of paperbotServices) {
      expect(s.depends_on?.postgres?.condition, name).toBe('service_healthy');
      expect(s.depends_on?.redis?.condition, name).toBe('service_healthy');
      expect(envOf(s).DATABASE_URL).toMatch(/^postgres:\/\/[^@]+@postgres:5432\//);
      expect(envOf(s).REDIS_URL).toBe('redis://redis:6379');
      expect([s.env_file].flat()).toContain('.env');
    }
    expect(services.bot.ports?.some((p) => p.endsWith(`:${envOf(services.bot).PORT}`))).toBe(true);
  });

  it('names only variables the config schema knows, with values it accepts', () => {
    for (const [name, s] of paperbotServices) {
      for (const key of Object.keys(envOf(s))) expect(ENV_NAMES, `${name}: ${key}`).toContain(key);
      expect(() => loadConfig(envOf(s), PLATFORMS)).not.toThrow();
    }
  });
});

describe('.env.example', () => {
  it('lists every variable of the config schema, and nothing else', () => {
    const names = envExampleNames();
    for (const key of ENV_NAMES) expect(names, `${key} is missing from .env.example`).toContain(key);
    for (const key of names) expect(ENV_NAMES, `.env.example names ${key}, which the config does not read`).toContain(key);
    expect(new Set(names).size).toBe(names.length);
  });

  it('is a valid configuration as it stands (what `cp .env.example .env` gives)', () => {
    const set = Object.fromEntries([...read('.env.example').matchAll(/^([A-Z][A-Z0-9_]*)=(.*)$/gm)].map((m) => [m[1], m[2]]));
    expect(() => loadConfig(set, PLATFORMS)).not.toThrow();
    // No secret ships with a value.
    for (const secret of [...SECRET_ENV, ...PLATFORMS.flatMap((p) => p.secrets)]) expect(set).not.toHaveProperty(secret);
  });
});

describe('Dockerfile', () => {
  const dockerfile = read('Dockerfile');
  const stages = [...dockerfile.matchAll(/^FROM\s+(\S+)(?:\s+AS\s+(\S+))?/gim)];

  it('is multi-stage, installs production dependencies only from the lock, and runs as a non-root user', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(dockerfile).toMatch(/npm ci --omit=dev/);
    expect(dockerfile).toMatch(/COPY --from=\S+ \/app\/node_modules/);
    const users = [...dockerfile.matchAll(/^USER\s+(\S+)/gm)].map((m) => m[1]);
    expect(users.length).toBeGreaterThan(0);
    expect(users.at(-1)).not.toMatch(/^(root|0)(:|$)/);
    // USER comes after the last FROM, so it applies to the image that runs.
    expect(dockerfile.lastIndexOf('USER')).toBeGreaterThan(dockerfile.lastIndexOf('FROM'));
  });

  it('checks health through /healthz and starts the CLI', () => {
    expect(dockerfile).toMatch(/^HEALTHCHECK[\s\S]*\/healthz/m);
    expect(dockerfile).toMatch(/ENTRYPOINT \["node", "bin\/paperbot\.mjs"\]/);
  });

  it('copies the runtime files only, and keeps tsx (the runtime) a production dependency', () => {
    const copied = [...dockerfile.matchAll(/^COPY\s+(?:--\S+\s+)*(.+)\s+\S+$/gm)].flatMap((m) => m[1].split(/\s+/));
    for (const dir of ['bin', 'cli', 'src', 'adapters', 'jobs', 'drizzle', 'samples']) expect(copied).toContain(dir);
    for (const never of ['test', 'bench', 'docs', '.env', '.']) expect(copied).not.toContain(never);
    const pkg = JSON.parse(read('package.json')) as { dependencies: Record<string, string> };
    expect(pkg.dependencies).toHaveProperty('tsx');
    const ignored = read('.dockerignore').split('\n').map((l) => l.trim());
    expect(ignored).toEqual(expect.arrayContaining(['.env', 'node_modules', '.git']));
  });
});
