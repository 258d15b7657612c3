-- Unregisters an active connection of a node and adds its message count, once.
-- KEYS: node connections hash, node labels hash, totals hash. ARGV: connection id, messages.
local labels = redis.call('HGET', KEYS[1], ARGV[1])
if not labels then
  return 0
end
redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('HINCRBY', KEYS[3], 'messages', ARGV[2])
for label in string.gmatch(labels, '[^\n]+') do
  if redis.call('HINCRBY', KEYS[2], label, -1) <= 0 then
    redis.call('HDEL', KEYS[2], label)
  end
end
return 1
