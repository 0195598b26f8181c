import type { Redis } from "ioredis";

/**
 * The Lua scripts of RedisBudgetState. Each method is one script, so each is one round trip and
 * atomic: Redis runs a script to the end before any other command.
 *
 * Keys, all under the deployment's prefix P:
 * - `P c:<counter>`: a counter, a hash of spent, reserved, requests and tokens. Only `seed`
 *   creates one; every other script leaves a missing counter missing (the ledger rebuilds it).
 * - `P z:<counter>`: the reservations held in that counter, a sorted set of `amount:id` scored by
 *   expiry (epoch ms of the caller's clock), so a script finds the expired ones with one range
 *   query and releases each from this counter without any other key. It expires with its counter.
 * - `P r:<id>`: a reservation, read by settle: "<amount> <expiry> <counters as JSON>". Reservation ids are unique per call (a reused id replaces its live reservation).
 * - `P s:<id>`: a settled id, remembered for an hour so a retried settlement is not counted twice.
 *
 * The scripts build keys from the prefix instead of declaring them in KEYS (a reservation's
 * counters are only known once it is read), so Redis Cluster is not supported: single node only,
 * optionally with replicas. No hash tags either: they would only put every key in one slot.
 *
 * Money is integer nano-dollars, which pass 2^31 but stay far below 2^53. Lua numbers are doubles,
 * exact for integers below 2^53, so sums and comparisons are exact; amounts reach HINCRBY as the
 * caller's strings (a Lua number would be formatted with 14 digits). Replies turn Lua numbers into
 * integers, exact for integers.
 */

const PRELUDE = `
local prefix = ARGV[1]
local function counterKey(key) return prefix .. 'c:' .. key end
local function expiryKey(key) return prefix .. 'z:' .. key end
local function reservationKey(id) return prefix .. 'r:' .. id end
local function settledKey(id) return prefix .. 's:' .. id end

-- Adds a call's real cost, its tokens and one request to a counter.
local function addTo(counter, cost, tokens)
  redis.call('HINCRBY', counter, 'spent', cost)
  redis.call('HINCRBY', counter, 'tokens', tokens)
  redis.call('HINCRBY', counter, 'requests', 1)
end

-- A reservation's entry in a counter's expiry set holds its amount, so a sweep can release it
-- from that counter alone, whether or not the reservation's record is still there.
local function entry(amount, id) return amount .. ':' .. id end

-- Takes an amount back out of a counter's reserved money, if the counter is still loaded.
local function unreserve(counter, amount)
  if amount ~= '0' and redis.call('EXISTS', counter) == 1 then
    redis.call('HINCRBY', counter, 'reserved', '-' .. amount)
  end
end

-- Takes a reservation's amount back out of its counters and forgets it. Settling (cost and tokens
-- given) also adds the real cost to the counters that are loaded, unless it expired by now.
-- Returns 'missing' (no such reservation: never made, settled, or swept), 'expired' or 'settled'.
local function release(id, now, cost, tokens)
  local reservation = redis.call('GET', reservationKey(id))
  if not reservation then return 'missing' end
  local amount, expires, keys = string.match(reservation, '^(%d+) ([^ ]+) (.*)$')
  local settling = cost ~= nil and tonumber(expires) > now
  for _, key in ipairs(cjson.decode(keys)) do
    local counter = counterKey(key)
    -- ZREM answers 0 when the counter's entry is already gone (with the counter, or swept).
    local held = redis.call('ZREM', expiryKey(key), entry(amount, id)) == 1 and amount ~= '0'
    if (held or settling) and redis.call('EXISTS', counter) == 1 then
      if held then redis.call('HINCRBY', counter, 'reserved', '-' .. amount) end
      if settling then addTo(counter, cost, tokens) end
    end
  end
  redis.call('DEL', reservationKey(id))
  if settling then return 'settled' end
  return 'expired'
end

-- Releases the reservations held in these counters whose expiry is at or before now: each from
-- this counter only (its other counters release it when they are swept, before being read), and
-- its record, so that settling it answers unknown.
local function sweep(keys, now)
  for _, key in ipairs(keys) do
    local expiry = expiryKey(key)
    for _, member in ipairs(redis.call('ZRANGEBYSCORE', expiry, '-inf', now)) do
      local amount, id = string.match(member, '^(%d+):(.*)$')
      redis.call('ZREM', expiry, member)
      unreserve(counterKey(key), amount)
      redis.call('DEL', reservationKey(id))
    end
  end
end

-- Checks as encoded by redis-budget-arguments.ts, from ARGV[at]: their count, then per check
-- the count of read keys, the read keys, the write key, the limits ('' for none) and enforce.
-- Also returns the distinct write keys, and the distinct keys read or written.
local function parseChecks(at)
  local checks, writeKeys, allKeys, seen, written = {}, {}, {}, {}, {}
  local function touch(key)
    if not seen[key] then seen[key] = true; allKeys[#allKeys + 1] = key end
  end
  local checkCount = tonumber(ARGV[at])
  at = at + 1
  for _ = 1, checkCount do
    local check = { readKeys = {} }
    local count = tonumber(ARGV[at])
    at = at + 1
    for index = 1, count do
      check.readKeys[index] = ARGV[at + index - 1]
      touch(check.readKeys[index])
    end
    at = at + count
    check.writeKey = ARGV[at]
    touch(check.writeKey)
    if not written[check.writeKey] then written[check.writeKey] = true; writeKeys[#writeKeys + 1] = check.writeKey end
    check.limitNanos = tonumber(ARGV[at + 1])
    check.limitRequests = tonumber(ARGV[at + 2])
    check.limitTokens = tonumber(ARGV[at + 3])
    check.enforce = ARGV[at + 4] == '1'
    at = at + 5
    checks[#checks + 1] = check
  end
  return checks, writeKeys, allKeys
end

-- Each check's usage summed over its read counters, flat (spent, reserved, requests, tokens per
-- check), or nil and the counters that are not loaded.
local function usages(checks, alsoRequired)
  local flat, missing, seen = {}, {}, {}
  local function need(key)
    if not seen[key] and redis.call('EXISTS', counterKey(key)) == 0 then missing[#missing + 1] = key end
    seen[key] = true
  end
  for _, check in ipairs(checks) do
    local spent, reserved, requests, tokens = 0, 0, 0, 0
    for _, key in ipairs(check.readKeys) do
      local counter = redis.call('HMGET', counterKey(key), 'spent', 'reserved', 'requests', 'tokens')
      if counter[1] then
        seen[key] = true
        spent = spent + tonumber(counter[1])
        reserved = reserved + tonumber(counter[2])
        requests = requests + tonumber(counter[3])
        tokens = tokens + tonumber(counter[4])
      else
        need(key)
      end
    end
    flat[#flat + 1] = spent
    flat[#flat + 1] = reserved
    flat[#flat + 1] = requests
    flat[#flat + 1] = tokens
  end
  for _, key in ipairs(alsoRequired) do need(key) end
  if #missing > 0 then return nil, missing end
  return flat
end

-- Adds a call's real cost, its tokens and one request to those of the counters that are loaded.
local function add(keys, cost, tokens)
  for _, key in ipairs(keys) do
    if redis.call('EXISTS', counterKey(key)) == 1 then addTo(counterKey(key), cost, tokens) end
  end
end
`;

/** ARGV: prefix, key, spent, requests, tokens, expiresAt ('' for never). Replies 1 if it seeded. */
const SEED = `
local key = counterKey(ARGV[2])
if redis.call('EXISTS', key) == 1 then return 0 end
redis.call('HSET', key, 'spent', ARGV[3], 'reserved', 0, 'requests', ARGV[4], 'tokens', ARGV[5])
if ARGV[6] ~= '' then redis.call('PEXPIREAT', key, ARGV[6]) end
return 1
`;

/**
 * ARGV: prefix, id, now, expiresAt, cost, tokens, keepMs, checks. Replies {0, missing keys},
 * {1, index of the refusing check, usages} or {2, usages}. The rule is decide-reservation.ts's.
 */
const RESERVE = `
local id, now, expiresAt, cost, tokens = ARGV[2], tonumber(ARGV[3]), ARGV[4], ARGV[5], ARGV[6]
local checks, writeKeys, allKeys = parseChecks(8)
sweep(allKeys, now)
local flat, missing = usages(checks, writeKeys)
if not flat then return { 0, missing } end
local worstCost, worstTokens = tonumber(cost), tonumber(tokens)
for index, check in ipairs(checks) do
  local base = (index - 1) * 4
  if check.enforce and (
    (check.limitNanos and flat[base + 1] + flat[base + 2] + worstCost > check.limitNanos)
    or (check.limitRequests and flat[base + 3] + 1 > check.limitRequests)
    or (check.limitTokens and flat[base + 4] + worstTokens > check.limitTokens)
  ) then
    return { 1, index - 1, flat }
  end
end
release(id, now) -- a reused id replaces its reservation instead of leaking it
for _, key in ipairs(writeKeys) do
  redis.call('HINCRBY', counterKey(key), 'reserved', cost)
  redis.call('ZADD', expiryKey(key), expiresAt, entry(cost, id))
  if redis.call('PTTL', expiryKey(key)) == -1 then -- new: it expires with its counter
    local ttl = redis.call('PTTL', counterKey(key))
    if ttl > 0 then redis.call('PEXPIRE', expiryKey(key), ttl) end
  end
end
-- Sweeps release expired reservations from their counters; PX only frees the record of one whose
-- counters nobody reads again.
local record = cost .. ' ' .. expiresAt .. ' ' .. cjson.encode(writeKeys)
redis.call('SET', reservationKey(id), record, 'PX', ARGV[7])
return { 2, flat }
`;

/** ARGV: prefix, id, now, cost, tokens, settledMs. Replies settled, already_settled or unknown. */
const SETTLE = `
local id = ARGV[2]
local outcome = release(id, tonumber(ARGV[3]), ARGV[4], ARGV[5])
if outcome == 'settled' then
  redis.call('SET', settledKey(id), '1', 'PX', ARGV[6])
  return 'settled'
end
if outcome == 'missing' and redis.call('EXISTS', settledKey(id)) == 1 then return 'already_settled' end
return 'unknown'
`;

/** ARGV: prefix, now, cost, tokens, write keys (distinct). */
const RECORD = `
local keys = {}
for index = 5, #ARGV do keys[#keys + 1] = ARGV[index] end
sweep(keys, tonumber(ARGV[2]))
add(keys, ARGV[3], ARGV[4])
return 1
`;

/** ARGV: prefix, now, checks. Replies {0, missing keys} or {2, usages}. */
const READ = `
local checks, _, allKeys = parseChecks(3)
sweep(allKeys, tonumber(ARGV[2]))
local flat, missing = usages(checks, {})
if not flat then return { 0, missing } end
return { 2, flat }
`;

/** The scripts by the name they are defined under on the client (ioredis defineCommand). */
export const BUDGET_SCRIPTS = {
  burnrateBudgetSeed: PRELUDE + SEED,
  burnrateBudgetReserve: PRELUDE + RESERVE,
  burnrateBudgetSettle: PRELUDE + SETTLE,
  burnrateBudgetRecord: PRELUDE + RECORD,
  burnrateBudgetRead: PRELUDE + READ,
} as const;

export type BudgetScriptName = keyof typeof BUDGET_SCRIPTS;

type ScriptCall = (...args: string[]) => Promise<unknown>;

/**
 * Defines the scripts on a client: each call is one EVALSHA, with ioredis sending the script
 * itself (EVAL) only when Redis answers NOSCRIPT (after a restart or SCRIPT FLUSH).
 */
export function defineBudgetScripts(client: Redis): Record<BudgetScriptName, ScriptCall> {
  const commands = client as unknown as Record<BudgetScriptName, ScriptCall>;
  const names = Object.keys(BUDGET_SCRIPTS) as BudgetScriptName[];
  for (const name of names) client.defineCommand(name, { lua: BUDGET_SCRIPTS[name], numberOfKeys: 0 });
  return Object.fromEntries(
    names.map((name) => [name, (...args: string[]) => commands[name](...args)]),
  ) as Record<BudgetScriptName, ScriptCall>;
}
