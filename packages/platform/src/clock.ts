/**
 * The injected clock. Domain code never calls `new Date()`: business dates (算定 applies from
 * September, the 2-year limitation) must be testable, so "now" comes in from outside.
 */
export type Clock = { readonly now: () => Date };

export const systemClock: Clock = { now: () => new Date() };

export const fixedClock = (iso: string): Clock => ({ now: () => new Date(iso) });

/** Today's date in Japan (Asia/Tokyo, UTC+9, no DST), as `YYYY-MM-DD`: the date business rules use. */
export const todayInJapan = (clock: Clock): string =>
  new Date(clock.now().getTime() + 9 * 3_600_000).toISOString().slice(0, 10);
