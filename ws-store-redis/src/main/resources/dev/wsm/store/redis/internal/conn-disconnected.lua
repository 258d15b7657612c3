-- Unregisters an active connection of a node and adds its message count, once.
-- KEYS: node connections hash, node labels hash, totals hash, node users hash, cluster users hash.
-- ARGV: connection id, messages.
local v = redis.call('HGET', KEYS[1], ARGV[1])
if not v then
  return 0
end
redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('HINCRBY', KEYS[3], 'messages', ARGV[2])
local nl = string.find(v, '\n', 1, true)
local user = string.sub(v, 1, nl - 1)
for label in string.gmatch(string.sub(v, nl + 1), '[^\n]+') do
  if redis.call('HINCRBY', KEYS[2], label, -1) <= 0 then
    redis.call('HDEL', KEYS[2], label)
  end
end
if redis.call('HINCRBY', KEYS[4], user, -1) <= 0 then
  redis.call('HDEL', KEYS[4], user)
  if redis.call('HINCRBY', KEYS[5], user, -1) <= 0 then
    redis.call('HDEL', KEYS[5], user)
  end
end
return 1
