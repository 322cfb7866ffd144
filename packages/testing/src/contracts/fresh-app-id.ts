/** This process's starting point: random, so parallel test files and reruns on shared backends do not meet. */
let next = 1_500_000_000 + Math.floor(Math.random() * 2_000_000_000);

/** A fresh SDKAppID per call, so tests stay isolated even when adapters share one backend across tests. */
export function freshAppId(): number {
  next += 1;
  return next;
}
