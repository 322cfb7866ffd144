import { ParleyError } from '@parley/protocol';

/** A terminated app's accounts are frozen until its data is purged: changes answer 410 APP_TERMINATED. */
export function assertUsable(app: { status: string }): void {
  if (app.status === 'terminated') throw new ParleyError('APP_TERMINATED');
}
