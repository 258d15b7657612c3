-- Counts a connection for its user and its address if both are under their limits. Only entries
-- of nodes whose lease lives count; the others are removed on the way.
-- KEYS: user quota hash, address quota hash, this node's quota hash, nodes set.
-- ARGV: connection id, node id, max per user, max per address (0: no limit), lease key prefix,
-- user, address ('' for none). Returns ADMITTED, USER_FULL or ADDRESS_FULL.
local alive = {}
local function live(node)
  local a = alive[node]
  if a == nil then
    a = redis.call('EXISTS', ARGV[5] .. node) == 1
    alive[node] = a
  end
  return a
end
local function count(key)
  local n = 0
  local h = redis.call('HGETALL', key)
  for i = 1, #h, 2 do
    if live(h[i + 1]) then
      n = n + 1
    else
      redis.call('HDEL', key, h[i])
    end
  end
  return n
end
if redis.call('HEXISTS', KEYS[3], ARGV[1]) == 1 then
  return 'ADMITTED'
end
local maxUser = tonumber(ARGV[3])
local maxAddress = tonumber(ARGV[4])
local hasAddress = ARGV[7] ~= ''
if maxUser > 0 and count(KEYS[1]) >= maxUser then
  return 'USER_FULL'
end
if hasAddress and maxAddress > 0 and count(KEYS[2]) >= maxAddress then
  return 'ADDRESS_FULL'
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
if hasAddress then
  redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
end
redis.call('HSET', KEYS[3], ARGV[1], ARGV[6] .. '\n' .. ARGV[7])
redis.call('SADD', KEYS[4], ARGV[2])
return 'ADMITTED'
