/** Photos per second over the last minute: what a worker is doing now, not since it started an hour ago. */

export const RATE_WINDOW_MS = 60_000;

export class RecentRate {
  private readonly times: number[] = [];

  constructor(
    private readonly startedAt = Date.now(),
    private readonly windowMs = RATE_WINDOW_MS,
  ) {}

  tick(now = Date.now()): void {
    this.times.push(now);
    this.prune(now);
  }

  /** Over the window, or over the time since start when that is shorter (a fresh worker is not under-counted). */
  perSecond(now = Date.now()): number {
    this.prune(now);
    const span = Math.min(this.windowMs, Math.max(1000, now - this.startedAt));
    return this.times.length / (span / 1000);
  }

  private prune(now: number): void {
    while (this.times.length && this.times[0]! <= now - this.windowMs) this.times.shift();
  }
}
