/**
 * Leak checks for socket tests: the sockets, servers and timers alive in this process, and a bounded
 * wait for them to come back to what they were before a test. Closing a TCP socket takes a few turns
 * of the event loop (and `ws` keeps a close timer until the peer's close frame arrives), so the check
 * polls with `setImmediate` for at most two seconds; it never sleeps a fixed time.
 */

/** Resource kinds a session or an emulator may leave behind. */
const WATCHED = new Set(['TCPSocketWrap', 'TCPServerWrap', 'Timeout']);

/** The longest a closed socket may take to be gone. */
const SETTLE_MS = 2_000;

export type ResourceCounts = Readonly<Record<string, number>>;

/** Live sockets, servers and timers, by kind. */
export function liveResources(): ResourceCounts {
  const counts: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) if (WATCHED.has(kind)) counts[kind] = (counts[kind] ?? 0) + 1;
  return counts;
}

/** Resolves once no more sockets, servers or timers are alive than in `baseline`; fails otherwise. */
export async function expectNoLeaks(baseline: ResourceCounts): Promise<void> {
  const exceeds = (): boolean => Object.entries(liveResources()).some(([kind, count]) => count > (baseline[kind] ?? 0));
  const started = Date.now();
  while (exceeds() && Date.now() - started < SETTLE_MS) await new Promise((resolve) => setImmediate(resolve));
  for (const [kind, count] of Object.entries(liveResources())) expect({ kind, count }).toEqual({ kind, count: Math.min(count, baseline[kind] ?? 0) });
}
