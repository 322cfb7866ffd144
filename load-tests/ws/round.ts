/** A figure for a report: two decimals. */
export function roundTo2(value: number): number {
  return Math.round(value * 100) / 100;
}
