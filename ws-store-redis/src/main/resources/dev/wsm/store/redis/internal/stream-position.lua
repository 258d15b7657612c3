-- A room stream's epoch and last offset; gives a new or lost stream its (new) epoch.
-- KEYS: stream, meta hash, ids hash. ARGV: epoch for a new stream. Returns {epoch, last}.
local epoch = redis.call('HGET', KEYS[2], 'epoch')
local last = tonumber(redis.call('HGET', KEYS[2], 'last') or '0')
if not epoch or (last > 0 and redis.call('EXISTS', KEYS[1]) == 0) then
  redis.call('DEL', KEYS[1], KEYS[3])
  redis.call('HSET', KEYS[2], 'epoch', ARGV[1], 'last', 0)
  epoch = ARGV[1]
  last = 0
end
return {epoch, last}
