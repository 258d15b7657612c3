-- Removes messages from a user's inbox; returns how many were there.
-- KEYS: order zset, messages hash, sequence counter, deadlines zset. ARGV: user, id, id, ...
local removed = 0
for i = 2, #ARGV do
  if redis.call('HDEL', KEYS[2], ARGV[i]) == 1 then
    removed = removed + 1
    redis.call('ZREM', KEYS[1], ARGV[i])
    redis.call('ZREM', KEYS[4], ARGV[1] .. '\n' .. ARGV[i])
  end
end
-- The sequence counter stays, also when the inbox is empty: a number is never given twice.
return removed
