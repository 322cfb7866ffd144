/**
 * How often each node heartbeats to the session registry, and how long after its last heartbeat it counts as gone
 * (its sessions offline, its send claims free to take over). Three missed beats: a killed node's clients resend
 * successfully within seconds, and a busy event loop has room before its node is declared dead.
 */
export const NODE_HEARTBEAT_MS = 1_000;
export const NODE_TTL_MS = 3_000;
