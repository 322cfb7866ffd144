// The image's HEALTHCHECK: GET /healthz and /readyz on the ports of this container's role must both answer 200.
// Plain JavaScript so it runs on any Node without type stripping. Exit 0 healthy, 1 not.
const role = process.env.PARLEY_ROLE ?? 'all';
const ports = [];
if (role !== 'gateway') ports.push(process.env.PARLEY_ADMIN_PORT ?? '8080');
if (role !== 'admin') ports.push(process.env.PARLEY_GATEWAY_PORT ?? '8090');

const failures = [];
for (const port of ports) {
  for (const path of ['/healthz', '/readyz']) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(4000) });
      if (response.status !== 200)
        failures.push(`${port}${path} ${response.status} ${await response.text()}`);
    } catch (error) {
      failures.push(`${port}${path} ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
if (failures.length > 0) {
  console.error(`unhealthy: ${failures.join('; ')}`);
  process.exit(1);
}
