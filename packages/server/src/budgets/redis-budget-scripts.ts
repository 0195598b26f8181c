import type { Redis } from "ioredis";
import { BUDGET_LUA_LIBRARY } from "./redis-budget-lua-library.js";

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
 * - `P r:<id>`: a reservation, read by settle: "<amount> <expiry> <counters as JSON>". Ids are
 *   unique per call (a reused id replaces its live reservation).
 * - `P s:<id>`: a settled id, remembered for an hour so a retried settlement is not counted twice.
 *
 * The scripts build keys from the prefix instead of declaring them in KEYS (a reservation's
 * counters are only known once it is read), so Redis Cluster is not supported: single node only,
 * optionally with replicas. No hash tags either: they would only put every key in one slot.
 *
 * Money is integer nano-dollars, which pass 2^32 but stay far below 2^53. Lua numbers are doubles,
 * exact for integers below 2^53, so sums and comparisons are exact; amounts reach HINCRBY as the
 * caller's strings (a Lua number would be formatted with 14 digits). Replies turn Lua numbers into
 * integers, exact for integers.
 */

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
local checks, writeKeys = parseChecks(8)
local flat, missing = usages(checks, writeKeys, now)
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

/** ARGV: prefix, now, cost, tokens, requests, write keys (distinct). */
const RECORD = `
local keys = {}
for index = 6, #ARGV do keys[#keys + 1] = ARGV[index] end
sweep(keys, tonumber(ARGV[2]))
add(keys, ARGV[3], ARGV[4], ARGV[5])
return 1
`;

/** ARGV: prefix, now, checks. Replies {0, missing keys} or {2, usages}. */
const READ = `
local checks = parseChecks(3)
local flat, missing = usages(checks, {}, tonumber(ARGV[2]))
if not flat then return { 0, missing } end
return { 2, flat }
`;

/** The scripts by the name they are defined under on the client (ioredis defineCommand). */
export const BUDGET_SCRIPTS = {
  burnrateBudgetSeed: BUDGET_LUA_LIBRARY + SEED,
  burnrateBudgetReserve: BUDGET_LUA_LIBRARY + RESERVE,
  burnrateBudgetSettle: BUDGET_LUA_LIBRARY + SETTLE,
  burnrateBudgetRecord: BUDGET_LUA_LIBRARY + RECORD,
  burnrateBudgetRead: BUDGET_LUA_LIBRARY + READ,
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
