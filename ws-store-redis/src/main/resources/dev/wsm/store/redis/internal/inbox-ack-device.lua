-- Raises a device's position (never lowers it) and records it seen; then removes the messages at
-- or below the lowest position of the user's devices seen within the inbox max age, forgetting the
-- others. Returns how many pending messages the device's position newly covers.
-- KEYS: order zset, messages hash, devices hash, deadlines zset.
-- ARGV: user, device, up to, now (epoch ms), max age (ms).
local now = tonumber(ARGV[4])
local maxAge = tonumber(ARGV[5])
local function parse(value)
  local colon = string.find(value, ':', 1, true)
  return tonumber(string.sub(value, 1, colon - 1)), tonumber(string.sub(value, colon + 1))
end
local before = 0
local known = redis.call('HGET', KEYS[3], ARGV[2])
if known then
  local position, seen = parse(known)
  if seen >= now - maxAge then
    before = position
  end
end
local after = math.max(before, tonumber(ARGV[3]))
redis.call('HSET', KEYS[3], ARGV[2], after .. ':' .. ARGV[4])
redis.call('PEXPIRE', KEYS[3], maxAge)
local covered = 0
if after > before then
  local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. before, after)
  for _, id in ipairs(ids) do
    local deadline = redis.call('ZSCORE', KEYS[4], ARGV[1] .. '\n' .. id)
    if deadline and tonumber(deadline) > now then
      covered = covered + 1
    end
  end
end
local lowest = after
local devices = redis.call('HGETALL', KEYS[3])
for i = 1, #devices, 2 do
  local position, seen = parse(devices[i + 1])
  if seen < now - maxAge then
    redis.call('HDEL', KEYS[3], devices[i])
  elseif position < lowest then
    lowest = position
  end
end
if lowest > 0 then
  local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', lowest)
  for _, id in ipairs(ids) do
    redis.call('HDEL', KEYS[2], id)
    redis.call('ZREM', KEYS[4], ARGV[1] .. '\n' .. id)
  end
  if #ids > 0 then
    redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', lowest)
  end
end
return covered
