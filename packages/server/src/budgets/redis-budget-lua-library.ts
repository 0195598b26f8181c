/**
 * The Lua functions every budget script starts with (redis-budget-scripts.ts): key names, the
 * checks' argument format, summing counters, releasing and sweeping reservations. Lua has no
 * imports in Redis scripts, so each script is this text followed by its own body.
 */
export const BUDGET_LUA_LIBRARY = `
local prefix = ARGV[1]
local function counterKey(key) return prefix .. 'c:' .. key end
local function expiryKey(key) return prefix .. 'z:' .. key end
local function reservationKey(id) return prefix .. 'r:' .. id end
local function settledKey(id) return prefix .. 's:' .. id end

-- Adds a call's real cost, its tokens and one request to a counter.
local function addTo(counter, cost, tokens, requests)
  redis.call('HINCRBY', counter, 'spent', cost)
  redis.call('HINCRBY', counter, 'tokens', tokens)
  redis.call('HINCRBY', counter, 'requests', requests or 1)
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
-- check), or nil and the counters that are not loaded. A counter holding reserved money is swept
-- of its expired reservations first; one holding none has nothing to sweep (a rolling window's
-- older hours, mostly), which spares a range query per counter.
local function usages(checks, alsoRequired, now)
  local flat, missing, seen, swept = {}, {}, {}, {}
  local function need(key)
    if not seen[key] and redis.call('EXISTS', counterKey(key)) == 0 then missing[#missing + 1] = key end
    seen[key] = true
  end
  for _, check in ipairs(checks) do
    local spent, reserved, requests, tokens = 0, 0, 0, 0
    for _, key in ipairs(check.readKeys) do
      local counter = redis.call('HMGET', counterKey(key), 'spent', 'reserved', 'requests', 'tokens')
      if counter[2] and counter[2] ~= '0' and not swept[key] then
        swept[key] = true
        sweep({ key }, now)
        counter = redis.call('HMGET', counterKey(key), 'spent', 'reserved', 'requests', 'tokens')
      end
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
local function add(keys, cost, tokens, requests)
  for _, key in ipairs(keys) do
    if redis.call('EXISTS', counterKey(key)) == 1 then addTo(counterKey(key), cost, tokens, requests) end
  end
end
`;
