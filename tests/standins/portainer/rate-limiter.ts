/**
 * api/http/security/rate_limiter.go, NewRateLimiter(10, 1s, 1h) (reference portainer.md 1.4): more than 10
 * requests per second from one IP to a limited route bans that IP for an hour with 403 "Access denied".
 */
export class RateLimiter {
  private readonly hits = new Map<string, number[]>();
  private readonly bannedUntil = new Map<string, number>();

  constructor(
    private readonly maxRequests = 10,
    private readonly windowMs = 1000,
    private readonly banMs = 3_600_000,
  ) {}

  /** Records a request; false when the IP is (now) banned. */
  allow(ip: string, now = Date.now()): boolean {
    const until = this.bannedUntil.get(ip);
    if (until !== undefined && until > now) return false;
    const recent = (this.hits.get(ip) ?? []).filter((t) => now - t < this.windowMs);
    recent.push(now);
    this.hits.set(ip, recent);
    if (recent.length > this.maxRequests) {
      this.bannedUntil.set(ip, now + this.banMs);
      return false;
    }
    return true;
  }
}
