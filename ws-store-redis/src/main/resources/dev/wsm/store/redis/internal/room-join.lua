-- Adds a member connection, enforcing the member limit (distinct users) atomically.
-- KEYS: room hash, room users hash (user -> connections), room connections hash (member -> node),
--       the joining node's memberships set.
-- ARGV: user, member (user .. '\n' .. connection), node id, room name.
if redis.call('EXISTS', KEYS[1]) == 0 then
  return 'NO_SUCH_ROOM'
end
if redis.call('HEXISTS', KEYS[3], ARGV[2]) == 1 then
  return 'ALREADY_MEMBER'
end
local outcome = 'JOINED_FIRST_DEVICE'
if redis.call('HEXISTS', KEYS[2], ARGV[1]) == 1 then
  outcome = 'JOINED_ANOTHER_DEVICE'
else
  local limit = tonumber(redis.call('HGET', KEYS[1], 'limit') or '0')
  if limit > 0 and redis.call('HLEN', KEYS[2]) >= limit then
    return 'FULL'
  end
end
redis.call('HINCRBY', KEYS[2], ARGV[1], 1)
redis.call('HSET', KEYS[3], ARGV[2], ARGV[3])
redis.call('SADD', KEYS[4], ARGV[4] .. '\n' .. ARGV[2])
return outcome
