-- Removes a member connection; deletes an ephemeral room that becomes empty.
-- KEYS: room hash, room users hash, room connections set, rooms zset, expiry zset.
-- ARGV: user, user .. '\n' .. connection, room name. Returns {wasMember, userLeft, roomDeleted}.
if redis.call('SREM', KEYS[3], ARGV[2]) == 0 then
  return {0, 0, 0}
end
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
