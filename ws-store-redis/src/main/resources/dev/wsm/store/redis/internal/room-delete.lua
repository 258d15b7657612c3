-- Deletes a room and its memberships; 1 if there was one.
-- KEYS: room hash, room users hash, room connections hash, rooms zset, expiry zset.
-- ARGV: room name, key prefix.
local members = redis.call('HGETALL', KEYS[3])
for i = 1, #members, 2 do
  redis.call('SREM', ARGV[2] .. 'node-members:' .. members[i + 1], ARGV[1] .. '\n' .. members[i])
end
local existed = redis.call('DEL', KEYS[1])
redis.call('DEL', KEYS[2], KEYS[3])
redis.call('ZREM', KEYS[4], ARGV[1])
redis.call('ZREM', KEYS[5], ARGV[1])
return existed
