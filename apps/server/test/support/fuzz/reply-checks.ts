import { type ErrorName, errorCatalogue } from '@parley/protocol';

/** Signs of a leaked stack trace or of a framework's own error body. */
const LEAKS = [/\n\s+at [^\n]+\(/, /\bat [\w.<>]+ \(node:/, /"stack"\s*:/, /FST_ERR_/, /\/src\/[\w/-]+\.ts/];

/** Problems with a reply text: stack traces, source paths, framework error codes. */
export function leaks(text: string): string[] {
  return LEAKS.filter((pattern) => pattern.test(text)).map((pattern) => `leak ${pattern}`);
}

/**
 * Problems with a wire error (`{ code, name, message, fields? }`): the name must be in the catalogue, the code
 * its code, and the HTTP status (when given) its status. A 5xx entry is itself a problem: no input may cause one.
 */
export function errorProblems(error: unknown, status?: number): string[] {
  if (typeof error !== 'object' || error === null) return ['the error is not an object'];
  const { code, name, message, fields, ...rest } = error as Record<string, unknown>;
  const problems: string[] = [];
  if (typeof name !== 'string' || !Object.hasOwn(errorCatalogue, name)) return [`unknown error name ${name}`];
  const entry = errorCatalogue[name as ErrorName];
  if (code !== entry.code) problems.push(`${name}: code ${code} is not ${entry.code}`);
  if (typeof message !== 'string' || message === '') problems.push(`${name}: no message`);
  if (status !== undefined && status !== entry.http)
    problems.push(`${name}: HTTP ${status} is not ${entry.http}`);
  if (entry.http >= 500) problems.push(`${name}: a ${entry.http} error`);
  if (fields !== undefined && !Array.isArray(fields)) problems.push(`${name}: fields is not a list`);
  if (Object.keys(rest).length > 0) problems.push(`${name}: extra keys ${Object.keys(rest).join(',')}`);
  return problems;
}
