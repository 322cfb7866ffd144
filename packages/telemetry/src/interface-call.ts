/** One finished call of an interface (a WebSocket operation or a REST route), as the apps report it. */
export interface InterfaceCall {
  /** The application the call was made to; null before login or for app-less routes. */
  sdkAppId: number | null;
  /** Operation name or route template from a bounded set the caller controls — never a raw URL. */
  interface: string;
  /** The caller's public network exit IP. */
  clientIp: string;
  /** When the call started, epoch ms. */
  startedAt: number;
  /** How long it took; used only for the monitoring average, never recorded per call. */
  durationMs: number;
  /** The catalogue code and name of the error the call ended with; absent on success. */
  error?: { code: number; name: string };
}
