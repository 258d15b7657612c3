-- Adds a member connection, enforcing the member limit (distinct users) atomically.
-- KEYS: room hash, room users hash (user -> connections), room connections set.
-- ARGV: user, user .. '\n' .. connection.
if redis.call('EXISTS', KEYS[1]) == 0 then
  return 'NO_SUCH_ROOM'
end
if redis.call('SISMEMBER', KEYS[3], ARGV[2]) == 1 then
  return 'ALREADY_MEMBER'
end
if redis.call('HEXISTS', KEYS[2], ARGV[1]) == 1 then
  redis.call('HINCRBY', KEYS[2], ARGV[1], 1)
  redis.call('SADD', KEYS[3], ARGV[2])
  return 'JOINED_ANOTHER_DEVICE'
end
local limit = tonumber(redis.call('HGET', KEYS[1], 'limit') or '0')
if limit > 0 and redis.call('HLEN', KEYS[2]) >= limit then
  return 'FULL'
end
redis.call('HSET', KEYS[2], ARGV[1], 1)
redis.call('SADD', KEYS[3], ARGV[2])
return 'JOINED_FIRST_DEVICE'
