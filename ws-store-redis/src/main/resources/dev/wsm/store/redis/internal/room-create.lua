-- Creates a room unless the name is taken.
-- KEYS: room hash, rooms zset, expiry zset. ARGV: name, expiry ms or '', field, value, ...
if redis.call('EXISTS', KEYS[1]) == 1 then
  return 0
end
redis.call('HSET', KEYS[1], unpack(ARGV, 3))
redis.call('ZADD', KEYS[2], 0, ARGV[1])
if ARGV[2] ~= '' then
  redis.call('ZADD', KEYS[3], ARGV[2], ARGV[1])
end
return 1
