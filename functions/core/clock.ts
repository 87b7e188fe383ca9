/** Time, read in one place so tests can move it. */
let offsetMs = 0;

export function now(): Date {
  return new Date(Date.now() + offsetMs);
}

/** Unix seconds, as DynamoDB TTL wants them. */
export function epochSeconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}

/** For tests only: shift the clock this process reads. */
export function setClockOffset(ms: number): void {
  offsetMs = ms;
}

/** The calendar day in China (UTC+8), as limits and reconciliation count days. */
export function chinaDay(date: Date): string {
  return new Date(date.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}
