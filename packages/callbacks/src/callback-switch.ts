import type { CallbackEvent, RuntimeApp } from '@parley/app-config';

/** An event is sent only when the app has callbacks enabled, a URL, and this event's switch on. */
export function callbackWanted(app: RuntimeApp, command: CallbackEvent): boolean {
  const callbacks = app.config.callbacks;
  return callbacks.enabled && callbacks.url !== '' && callbacks.events[command];
}
