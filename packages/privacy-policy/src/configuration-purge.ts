import { policyCategory } from './policy.ts';

function graceMonthsFromPolicy(): number {
  const retention = policyCategory('configurationData').retention;
  if (retention.kind !== 'while-in-use-then-grace') {
    throw new Error('the privacy policy no longer states a grace period for configuration data');
  }
  return retention.graceMonths;
}

/** Calendar months configuration data is kept after the application is terminated (section 6: "2 months"). */
export const CONFIGURATION_DATA_GRACE_MONTHS: number = graceMonthsFromPolicy();

/** The longest run of `months` consecutive calendar months, in ms (checked over a leap and a common year). */
function longestMonthsMs(months: number): number {
  let longest = 0;
  for (let start = 0; start < 24; start += 1) {
    longest = Math.max(longest, Date.UTC(2023, start + months, 1) - Date.UTC(2023, start, 1));
  }
  return longest;
}

/**
 * The LONGEST the grace period can last, in ms: 2 calendar months span 59 to 62 days (62 = July–August or
 * December–January, i.e. 5 356 800 000 ms). Use it to size timers or sanity-check stored dates, never to
 * compute a due date — that is `configurationPurgeDueAt`, which does calendar arithmetic.
 */
export const CONFIGURATION_DATA_GRACE_MS: number = longestMonthsMs(CONFIGURATION_DATA_GRACE_MONTHS);

function daysInUtcMonth(year: number, monthIndex: number): number {
  return new Date(Date.UTC(year, monthIndex + 1, 0)).getUTCDate();
}

/**
 * When the configuration data of an application terminated at `terminatedAt` must be deleted: the same UTC
 * wall-clock time, CONFIGURATION_DATA_GRACE_MONTHS calendar months later. A day of month that does not exist
 * in the target month is clamped to its last day (31 Dec → 28/29 Feb), as java.time and date-fns do, so the
 * data is never kept beyond the stated months (JavaScript's own Date overflow would roll into March).
 */
export function configurationPurgeDueAt(terminatedAt: Date): Date {
  const time = terminatedAt.getTime();
  if (!Number.isFinite(time)) throw new RangeError('configurationPurgeDueAt needs a valid Date');
  const monthIndex = terminatedAt.getUTCMonth() + CONFIGURATION_DATA_GRACE_MONTHS;
  const year = terminatedAt.getUTCFullYear() + Math.floor(monthIndex / 12);
  const month = monthIndex % 12;
  const day = Math.min(terminatedAt.getUTCDate(), daysInUtcMonth(year, month));
  const timeOfDay =
    time - Date.UTC(terminatedAt.getUTCFullYear(), terminatedAt.getUTCMonth(), terminatedAt.getUTCDate());
  return new Date(Date.UTC(year, month, day) + timeOfDay);
}
