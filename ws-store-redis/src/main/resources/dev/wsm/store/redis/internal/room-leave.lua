-- Removes a member connection; deletes an ephemeral room that becomes empty.
-- KEYS: room hash, room users hash, room connections hash, rooms zset, expiry zset.
-- ARGV: user, member (user .. '\n' .. connection), room name, key prefix.
-- Returns {wasMember, userLeft, roomDeleted}.
local node = redis.call('HGET', KEYS[3], ARGV[2])
if not node then
  return {0, 0, 0}
end
redis.call('HDEL', KEYS[3], ARGV[2])
redis.call('SREM', ARGV[4] .. 'node-members:' .. node, ARGV[3] .. '\n' .. ARGV[2])
local userLeft = 0
if redis.call('HINCRBY', KEYS[2], ARGV[1], -1) <= 0 then
  redis.call('HDEL', KEYS[2], ARGV[1])
  userLeft = 1
end
local deleted = 0
if redis.call('HGET', KEYS[1], 'eph') == '1' and redis.call('HLEN', KEYS[2]) == 0 then
  redis.call('DEL', KEYS[1], KEYS[2], KEYS[3])
  redis.call('ZREM', KEYS[4], ARGV[3])
  redis.call('ZREM', KEYS[5], ARGV[3])
  deleted = 1
end
return {1, userLeft, deleted}
