/**
 * The per-run environment of the compose stack: fresh secrets, the ports picked for this run, and the images: the
 * pinned ones of src/versions.ts unless docproof's own environment names others (DOCPROOF_IMAGE_POSTGRES, _AUTHENTIK,
 * _PORTAINER, _FORWARDER, _PGADMIN: a registry mirror, images built locally), and the application the run is about
 * (COMPOSE_PROFILES: compose.yaml starts each application under its own profile). An override is named wherever the stack is.
 * It exists only in memory and in the environment of the `docker compose` child processes (compose.yaml reads every
 * value through `${VAR:?}`); nothing here is written to disk.
 */
import { createServer } from 'node:net';
import { PINNED } from '../versions.js';
import { randomSecret } from './random.js';

/** The variables compose.yaml requires, by role. */
export const COMPOSE_VARS = {
  pgPassword: 'DOCPROOF_PG_PASSWORD',
  secretKey: 'DOCPROOF_AUTHENTIK_SECRET_KEY',
  bootstrapPassword: 'DOCPROOF_AUTHENTIK_BOOTSTRAP_PASSWORD',
  bootstrapToken: 'DOCPROOF_AUTHENTIK_BOOTSTRAP_TOKEN',
  bootstrapEmail: 'DOCPROOF_AUTHENTIK_BOOTSTRAP_EMAIL',
  portainerAdminPassword: 'DOCPROOF_PORTAINER_ADMIN_PASSWORD',
  pgadminAdminEmail: 'DOCPROOF_PGADMIN_ADMIN_EMAIL',
  pgadminAdminPassword: 'DOCPROOF_PGADMIN_ADMIN_PASSWORD',
  authentikPort: 'DOCPROOF_AUTHENTIK_PORT',
  portainerPort: 'DOCPROOF_PORTAINER_PORT',
  pgadminPort: 'DOCPROOF_PGADMIN_PORT',
  imagePostgres: 'DOCPROOF_IMAGE_POSTGRES',
  imageAuthentik: 'DOCPROOF_IMAGE_AUTHENTIK',
  imagePortainer: 'DOCPROOF_IMAGE_PORTAINER',
  imageForwarder: 'DOCPROOF_IMAGE_FORWARDER',
  imagePgadmin: 'DOCPROOF_IMAGE_PGADMIN',
  /** compose's own variable: the profiles of the applications this run starts (compose.yaml). */
  profiles: 'COMPOSE_PROFILES',
} as const;

/** Which of COMPOSE_VARS hold secrets (masked wherever compose output is shown). */
const SECRET_ROLES = ['pgPassword', 'secretKey', 'bootstrapPassword', 'bootstrapToken', 'portainerAdminPassword', 'pgadminAdminPassword'] as const;

/** Portainer creates this user from --admin-password-file; the name is fixed (reference/portainer.md §1.6). */
export const PORTAINER_ADMIN_USER = 'admin';
/** pgAdmin's first user, made by its image's entrypoint from PGADMIN_DEFAULT_EMAIL (pgAdmin's usernames are emails). */
// Not .test: pgAdmin validates the address (email_validator refuses special-use domains).
export const PGADMIN_ADMIN_EMAIL = 'admin@docproof.example.com';
/** authentik's bootstrap user. */
export const AUTHENTIK_ADMIN_USER = 'akadmin';

/** The applications compose.yaml has a service (and a profile) for; the service, the profile and the driver share the name. */
export const COMPOSE_APPS = ['portainer', 'pgadmin'] as const;
export type ComposeApp = (typeof COMPOSE_APPS)[number];

export interface ComposePorts {
  authentik: number;
  portainer: number;
  pgadmin: number;
}

export type ImageRole = keyof typeof PINNED.images;
export type StackImages = Record<ImageRole, string>;

/** The variable that overrides each image. */
export const IMAGE_VARS: Record<ImageRole, string> = {
  postgres: COMPOSE_VARS.imagePostgres,
  authentik: COMPOSE_VARS.imageAuthentik,
  portainer: COMPOSE_VARS.imagePortainer,
  forwarder: COMPOSE_VARS.imageForwarder,
  pgadmin: COMPOSE_VARS.imagePgadmin,
};

/**
 * The images of a run: each pinned image, or the one its DOCPROOF_IMAGE_* variable names in `source` (blank means
 * unset). `overridden` lists the roles whose image came from a variable.
 */
export function stackImages(source: NodeJS.ProcessEnv = process.env): { images: StackImages; overridden: ImageRole[] } {
  const images = { ...PINNED.images } as StackImages;
  const overridden: ImageRole[] = [];
  for (const role of Object.keys(IMAGE_VARS) as ImageRole[]) {
    const value = source[IMAGE_VARS[role]]?.trim();
    if (value) {
      images[role] = value;
      if (value !== PINNED.images[role]) overridden.push(role);
    }
  }
  return { images, overridden };
}

export interface ComposeEnv {
  /** Every variable compose.yaml needs, to merge into the child process environment. Holds secrets. */
  vars: Record<string, string>;
  /** The secret values among `vars`, for the masker. */
  secrets: string[];
  ports: ComposePorts;
  /** The base URLs that the browser, docproof and the containers all reach (see compose.yaml). */
  urls: { authentik: string } & Record<ComposeApp, string>;
  /** The applications this run starts (their compose profiles). */
  apps: ComposeApp[];
  images: StackImages;
  /** The roles whose image a DOCPROOF_IMAGE_* variable overrode (named in the stack's label). */
  overridden: ImageRole[];
}

/**
 * Sizes follow authentik's docs (reference section F): the secret key from 60 random bytes, the PostgreSQL password
 * from 36 (48 characters, under PostgreSQL's 99). Passwords are well over Portainer's 12-character minimum.
 */
export function composeEnv(ports: ComposePorts, source: NodeJS.ProcessEnv = process.env, apps: ComposeApp[] = ['portainer']): ComposeEnv {
  const { images, overridden } = stackImages(source);
  const values: Record<keyof typeof COMPOSE_VARS, string> = {
    pgPassword: randomSecret(36),
    secretKey: randomSecret(60),
    bootstrapPassword: randomSecret(24),
    bootstrapToken: randomSecret(48),
    bootstrapEmail: `${AUTHENTIK_ADMIN_USER}@docproof.test`,
    portainerAdminPassword: randomSecret(24),
    pgadminAdminEmail: PGADMIN_ADMIN_EMAIL,
    pgadminAdminPassword: randomSecret(24),
    authentikPort: String(ports.authentik),
    portainerPort: String(ports.portainer),
    pgadminPort: String(ports.pgadmin),
    imagePostgres: images.postgres,
    imageAuthentik: images.authentik,
    imagePortainer: images.portainer,
    imageForwarder: images.forwarder,
    imagePgadmin: images.pgadmin,
    profiles: apps.join(','),
  };
  const vars: Record<string, string> = {};
  for (const [role, name] of Object.entries(COMPOSE_VARS)) vars[name] = values[role as keyof typeof COMPOSE_VARS];
  return {
    vars,
    secrets: SECRET_ROLES.map((r) => values[r]),
    ports,
    urls: {
      authentik: `http://localhost:${ports.authentik}`,
      portainer: `http://localhost:${ports.portainer}`,
      pgadmin: `http://localhost:${ports.pgadmin}`,
    },
    apps,
    images,
    overridden,
  };
}

/** The value of a role in an environment made by composeEnv. */
export function varOf(env: ComposeEnv, role: keyof typeof COMPOSE_VARS): string {
  return env.vars[COMPOSE_VARS[role]]!;
}

/**
 * A port that is free on 127.0.0.1 right now (the kernel picks it). Between this and `compose up` another process
 * could take it; compose then fails with "port is already allocated", which is reported as is.
 */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const addr = server.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('could not pick a free port'))));
    });
  });
}

export async function freePorts(): Promise<ComposePorts> {
  const taken = new Set<number>();
  const pick = async () => {
    let p = await freePort();
    while (taken.has(p)) p = await freePort();
    taken.add(p);
    return p;
  };
  return { authentik: await pick(), portainer: await pick(), pgadmin: await pick() };
}

/** The short image label for reports: "postgres:16.11-alpine" from "docker.io/library/postgres:16.11-alpine". */
export function shortImage(ref: string): string {
  return ref.replace(/^docker\.io\/(library\/)?/, '');
}
