-- Appends a message to a room stream under the next offset, idempotent by message id.
-- KEYS: stream, meta hash (epoch, last), ids hash (message id -> offset).
-- ARGV: message id, epoch for a new stream, max length, cutoff (epoch ms; older entries go),
--       field, value, ... (the first two fields are i = id and t = sent at, epoch ms).
-- Returns {offset, fields of the stored entry} when the id is known, else {offset, {}}.
-- Entry ids are '<offset>-0', so offsets map one to one onto stream positions.
local known = redis.call('HGET', KEYS[3], ARGV[1])
if known then
  local entry = redis.call('XRANGE', KEYS[1], known .. '-0', known .. '-0')
  if #entry > 0 then
    return {tonumber(known), entry[1][2]}
  end
  redis.call('HDEL', KEYS[3], ARGV[1])
end
-- A stream whose meta is gone, or whose entries are gone while the meta says it had some, was lost
-- (eviction, a restart without persistence): it starts again, under a new epoch.
local epoch = redis.call('HGET', KEYS[2], 'epoch')
local last = tonumber(redis.call('HGET', KEYS[2], 'last') or '0')
if not epoch or (last > 0 and redis.call('EXISTS', KEYS[1]) == 0) then
  redis.call('DEL', KEYS[1], KEYS[3])
  redis.call('HSET', KEYS[2], 'epoch', ARGV[2], 'last', 0)
end
local offset = redis.call('HINCRBY', KEYS[2], 'last', 1)
redis.call('XADD', KEYS[1], offset .. '-0', unpack(ARGV, 5))
redis.call('HSET', KEYS[3], ARGV[1], offset)
-- Trim: beyond the max length, and older than the cutoff; at most 100 entries per append.
local excess = redis.call('XLEN', KEYS[1]) - tonumber(ARGV[3])
local cutoff = tonumber(ARGV[4])
for _ = 1, 100 do
  local oldest = redis.call('XRANGE', KEYS[1], '-', '+', 'COUNT', 1)
  if #oldest == 0 then
    break
  end
  local fields = oldest[1][2]
  if excess <= 0 and tonumber(fields[4]) >= cutoff then
    break
  end
  redis.call('HDEL', KEYS[3], fields[2])
  redis.call('XDEL', KEYS[1], oldest[1][1])
  excess = excess - 1
end
return {offset, {}}
