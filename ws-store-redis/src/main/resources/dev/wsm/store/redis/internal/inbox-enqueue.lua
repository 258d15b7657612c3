-- Keeps a direct message for a user; drops the oldest beyond the capacity. Returns the message's
-- sequence number in the user's inbox, or 0 if it was already there.
-- KEYS: order zset (id by sequence), messages hash, sequence counter, deadlines zset.
-- ARGV: message id, encoded message, deadline (epoch ms), capacity, user.
if redis.call('HEXISTS', KEYS[2], ARGV[1]) == 1 then
  return 0
end
local seq = redis.call('INCR', KEYS[3])
redis.call('ZADD', KEYS[1], seq, ARGV[1])
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
redis.call('ZADD', KEYS[4], ARGV[3], ARGV[5] .. '\n' .. ARGV[1])
local over = redis.call('ZCARD', KEYS[1]) - tonumber(ARGV[4])
if over > 0 then
  local gone = redis.call('ZPOPMIN', KEYS[1], over)
  for i = 1, #gone, 2 do
    redis.call('HDEL', KEYS[2], gone[i])
    redis.call('ZREM', KEYS[4], ARGV[5] .. '\n' .. gone[i])
  end
end
return seq
