/**
 * Portainer's users (reference portainer.md 1.1, 2.5, 2.6): ids from 1, role 1 admin / 2 standard user,
 * usernames matched case-insensitively (strings.EqualFold), passwords stored hashed and never returned.
 */
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

export const ROLE_ADMIN = 1;
export const ROLE_STANDARD = 2;

export interface User {
  Id: number;
  Username: string;
  Role: number;
  /** salt:hash, or '' for users without a password (OAuth users). */
  passwordHash: string;
}

function hash(password: string): string {
  const salt = randomBytes(16);
  return `${salt.toString('hex')}:${scryptSync(password, salt, 32).toString('hex')}`;
}

export class UserStore {
  private readonly users: User[] = [];
  private nextId = 1;

  create(username: string, role: number, password: string): User {
    const user: User = { Id: this.nextId++, Username: username, Role: role, passwordHash: password ? hash(password) : '' };
    this.users.push(user);
    return user;
  }

  byId(id: number): User | undefined {
    return this.users.find((u) => u.Id === id);
  }

  byUsername(username: string): User | undefined {
    const lower = username.toLowerCase();
    return this.users.find((u) => u.Username.toLowerCase() === lower);
  }

  all(): User[] {
    return [...this.users];
  }

  adminExists(): boolean {
    return this.users.some((u) => u.Role === ROLE_ADMIN);
  }

  delete(id: number): void {
    const i = this.users.findIndex((u) => u.Id === id);
    if (i >= 0) this.users.splice(i, 1);
  }

  passwordMatches(user: User, password: string): boolean {
    if (!user.passwordHash) return false;
    const [saltHex, hashHex] = user.passwordHash.split(':') as [string, string];
    const actual = scryptSync(password, Buffer.from(saltHex, 'hex'), 32);
    return timingSafeEqual(actual, Buffer.from(hashHex, 'hex'));
  }
}

/** The portainer.User JSON the API returns (Password hidden). */
export function userJson(u: User): Record<string, unknown> {
  return { Id: u.Id, Username: u.Username, Role: u.Role, TokenIssueAt: 0, ThemeSettings: { color: '' }, UseCache: true };
}
