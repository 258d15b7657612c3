-- Deletes a room and its memberships; 1 if there was one.
-- KEYS: room hash, room users hash, room connections set, rooms zset, expiry zset. ARGV: name.
local existed = redis.call('DEL', KEYS[1])
redis.call('DEL', KEYS[2], KEYS[3])
redis.call('ZREM', KEYS[4], ARGV[1])
redis.call('ZREM', KEYS[5], ARGV[1])
return existed
