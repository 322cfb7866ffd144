import { LuaScript } from './lua-script.ts';

/*
 * Key layout under the prefix (ARGV[1] of every script):
 *   node:<nodeId>              "1" with a TTL of nodeTtlMs: the node is alive while it exists (heartbeat)
 *   user:<app>:<userId>        hash instanceId -> SessionRecord JSON
 *   app-nodes:<app>            set of nodeIds that hold sessions of the app
 *   app-node:<app>:<nodeId>    set of ["userId","instanceId"] members: the app's sessions on that node
 * A session counts only while its node key exists. A dead node's sessions are dropped lazily: from the app sets by
 * the count, from a user's hash by that user's next register. The scripts build key names from the prefix, which
 * is fine on a single Redis (not on Redis Cluster).
 */
const COMMON = `
local prefix = ARGV[1]
local function nodeKey(node) return prefix .. 'node:' .. node end
local function userKey(app, user) return prefix .. 'user:' .. app .. ':' .. user end
local function appNodesKey(app) return prefix .. 'app-nodes:' .. app end
local function appNodeKey(app, node) return prefix .. 'app-node:' .. app .. ':' .. node end
local function member(user, instance) return cjson.encode({user, instance}) end

-- The user's sessions split into live and dead ones, live sorted by instanceId.
local function readUser(key)
  local flat = redis.call('HGETALL', key)
  local live, dead, alive = {}, {}, {}
  for i = 1, #flat, 2 do
    local session = { id = flat[i], raw = flat[i + 1], record = cjson.decode(flat[i + 1]) }
    local node = session.record.nodeId
    if alive[node] == nil then alive[node] = redis.call('EXISTS', nodeKey(node)) == 1 end
    if alive[node] then live[#live + 1] = session else dead[#dead + 1] = session end
  end
  table.sort(live, function(a, b) return a.id < b.id end)
  return live, dead
end

-- Identifies exactly the live state a decision was made on.
local function digest(live)
  local parts = {}
  for i, session in ipairs(live) do parts[i] = session.raw end
  return redis.sha1hex(table.concat(parts, '\\n'))
end

-- Live sessions of the app; forgets the sessions of dead nodes on the way.
local function countApp(app)
  local total = 0
  for _, node in ipairs(redis.call('SMEMBERS', appNodesKey(app))) do
    local setKey = appNodeKey(app, node)
    if redis.call('EXISTS', nodeKey(node)) == 1 then
      local n = redis.call('SCARD', setKey)
      if n == 0 then redis.call('SREM', appNodesKey(app), node) end
      total = total + n
    else
      for _, m in ipairs(redis.call('SMEMBERS', setKey)) do
        local ids = cjson.decode(m)
        local key = userKey(app, ids[1])
        local raw = redis.call('HGET', key, ids[2])
        if raw and cjson.decode(raw).nodeId == node then redis.call('HDEL', key, ids[2]) end
      end
      redis.call('DEL', setKey)
      redis.call('SREM', appNodesKey(app), node)
    end
  end
  return total
end
`;

/** KEYS: user hash. ARGV: prefix. Returns [digest, ...live session JSON]. */
export const readUserScript = new LuaScript(`${COMMON}
local live = readUser(KEYS[1])
local out = { digest(live) }
for _, session in ipairs(live) do out[#out + 1] = session.raw end
return out
`);

/**
 * KEYS: user hash. ARGV: prefix, app, userId, expected digest, new session JSON, its instanceId, its nodeId,
 * maxAppConnections, nodeTtlMs, ...instanceIds to evict.
 * Returns {'conflict'} when the user's live sessions changed since they were read, {'quota'} when the app is full,
 * else {'ok', ...evicted session JSON}.
 */
export const commitRegisterScript = new LuaScript(`${COMMON}
local app, user, expected = ARGV[2], ARGV[3], ARGV[4]
local newRaw, newId, newNode = ARGV[5], ARGV[6], ARGV[7]
local maxConnections, ttl = tonumber(ARGV[8]), ARGV[9]
local uKey = KEYS[1]

local live, dead = readUser(uKey)
if digest(live) ~= expected then return { 'conflict' } end

local liveById = {}
for _, session in ipairs(live) do liveById[session.id] = session end
local evict, chosen = {}, {}
for i = 10, #ARGV do
  local id = ARGV[i]
  if id ~= newId and liveById[id] and not chosen[id] then
    chosen[id] = true
    evict[#evict + 1] = liveById[id]
  end
end
local leaving = #evict
if liveById[newId] then leaving = leaving + 1 end
if countApp(app) - leaving + 1 > maxConnections then return { 'quota' } end

local function forget(session)
  redis.call('HDEL', uKey, session.id)
  redis.call('SREM', appNodeKey(app, session.record.nodeId), member(user, session.id))
end
for _, session in ipairs(evict) do forget(session) end
for _, session in ipairs(dead) do forget(session) end
local previous = redis.call('HGET', uKey, newId)
if previous then redis.call('SREM', appNodeKey(app, cjson.decode(previous).nodeId), member(user, newId)) end

redis.call('HSET', uKey, newId, newRaw)
redis.call('SADD', appNodeKey(app, newNode), member(user, newId))
redis.call('SADD', appNodesKey(app), newNode)
-- A node that registers is alive.
redis.call('SET', nodeKey(newNode), '1', 'PX', ttl)

local out = { 'ok' }
for _, session in ipairs(evict) do out[#out + 1] = session.raw end
return out
`);

/**
 * KEYS: user hash. ARGV: prefix, app, userId, instanceId, nodeId, connectedAt.
 * Removes the session only if it is still the same registration (same node and connect time): a stale
 * unregister after the instance reconnected elsewhere must not remove the new one.
 */
export const unregisterScript = new LuaScript(`${COMMON}
local app, user, id, node, connectedAt = ARGV[2], ARGV[3], ARGV[4], ARGV[5], tonumber(ARGV[6])
local raw = redis.call('HGET', KEYS[1], id)
if not raw then return 0 end
local record = cjson.decode(raw)
if record.nodeId ~= node or record.connectedAt ~= connectedAt then return 0 end
redis.call('HDEL', KEYS[1], id)
redis.call('SREM', appNodeKey(app, node), member(user, id))
return 1
`);

/** ARGV: prefix, app. Returns the app's live session count. */
export const countAppScript = new LuaScript(`${COMMON}
return countApp(ARGV[2])
`);
