/** The parts of a V8 `.cpuprofile` (written by `node --cpu-prof`) that the summary reads. */
export interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    hitCount?: number;
    children?: number[];
  }[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

interface ProfileRow {
  name: string;
  ms: number;
  pct: number;
}

export interface ProfileSummary {
  total_ms: number;
  idle_ms: number;
  gc_ms: number;
  /** Busy time (everything but idle) per origin: a package of this repo, a dependency, node internals. */
  by_origin: ProfileRow[];
  /** Functions by self time. */
  self: ProfileRow[];
  /** Functions by inclusive time (each counted once per stack, so recursion does not double it). */
  inclusive: ProfileRow[];
}

/** Condenses a CPU profile into the tables docs/performance.md quotes: where the busy time went. */
export function summariseCpuProfile(profile: CpuProfile, top = 25): ProfileSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

  // Each sample's duration is the delta to the next sample (V8's own convention).
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i + 1] ?? 0;
    selfUs.set(id, (selfUs.get(id) ?? 0) + delta);
  });

  let totalUs = 0;
  let idleUs = 0;
  let gcUs = 0;
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const origin = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const node = byId.get(id);
    if (!node) continue;
    totalUs += us;
    const name = frameName(node.callFrame);
    if (node.callFrame.functionName === '(idle)') {
      idleUs += us;
      continue;
    }
    if (node.callFrame.functionName === '(garbage collector)') gcUs += us;
    self.set(name, (self.get(name) ?? 0) + us);
    origin.set(originOf(node.callFrame), (origin.get(originOf(node.callFrame)) ?? 0) + us);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at);
      if (!frame) break;
      const frameKey = frameName(frame.callFrame);
      if (seen.has(frameKey)) continue;
      seen.add(frameKey);
      inclusive.set(frameKey, (inclusive.get(frameKey) ?? 0) + us);
    }
  }
  const busyUs = totalUs - idleUs;
  const rows = (map: Map<string, number>, limit: number) =>
    [...map]
      .filter(([name]) => name !== '(root)')
      .sort((a, b) => b[1] - a[1])
      .slice(0, limit)
      .map(([name, us]) => ({
        name,
        ms: Math.round(us / 1000),
        pct: round((us / Math.max(1, busyUs)) * 100),
      }));
  return {
    total_ms: Math.round(totalUs / 1000),
    idle_ms: Math.round(idleUs / 1000),
    gc_ms: Math.round(gcUs / 1000),
    by_origin: rows(origin, 20),
    self: rows(self, top),
    inclusive: rows(inclusive, top),
  };
}

function frameName(frame: { functionName: string; url: string; lineNumber: number }): string {
  if (!frame.url) return frame.functionName || '(anonymous)';
  return `${frame.functionName || '(anonymous)'} ${shortUrl(frame.url)}:${frame.lineNumber + 1}`;
}

function shortUrl(url: string): string {
  const path = url.replace(/^file:\/\//, '');
  const modules = path.lastIndexOf('node_modules/');
  if (modules >= 0) return path.slice(modules + 'node_modules/'.length);
  const repo = /\/(apps|packages|load-tests|bench)\/(.*)$/.exec(path);
  return repo ? `${repo[1]}/${repo[2]}` : path;
}

/** Which code the time belongs to: `@parley/<package>`, a dependency's name, `node:internal`, or V8. */
function originOf(frame: { functionName: string; url: string }): string {
  const { url } = frame;
  if (!url) return frame.functionName.startsWith('(') ? frame.functionName : '(native)';
  if (url.startsWith('node:')) return 'node: internals';
  const path = url.replace(/^file:\/\//, '');
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path.slice(path.lastIndexOf('node_modules/')));
  if (path.includes('node_modules/') && modules?.[1]) return modules[1];
  const repo = /\/(apps|packages)\/([^/]+)\//.exec(path);
  return repo ? `@parley/${repo[2]}` : path;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
