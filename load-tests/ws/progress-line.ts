/** Writes one status line to stderr every second while a phase runs; `stop()` ends it. */
export function startProgressLine(render: (elapsedS: number) => string, enabled: boolean): () => void {
  if (!enabled) return () => {};
  const startedAt = Date.now();
  const timer = setInterval(() => {
    process.stderr.write(`${render(Math.round((Date.now() - startedAt) / 1000))}\n`);
  }, 1_000);
  return () => clearInterval(timer);
}
