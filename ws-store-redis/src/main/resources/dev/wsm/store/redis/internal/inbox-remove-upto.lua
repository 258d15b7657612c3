-- Removes the messages of a user's inbox numbered up to ARGV[2]; returns how many.
-- KEYS: order zset, messages hash, sequence counter, deadlines zset. ARGV: user, up to.
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[2])
for _, id in ipairs(ids) do
  redis.call('HDEL', KEYS[2], id)
  redis.call('ZREM', KEYS[4], ARGV[1] .. '\n' .. id)
end
if #ids > 0 then
  redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[2])
end
return #ids
