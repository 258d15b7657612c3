-- Uncounts a connection this node counted; does nothing for another.
-- KEYS: this node's quota hash. ARGV: connection id, user quota key prefix, address quota key
-- prefix. Returns 1 if the connection was counted.
local v = redis.call('HGET', KEYS[1], ARGV[1])
if not v then
  return 0
end
redis.call('HDEL', KEYS[1], ARGV[1])
local nl = string.find(v, '\n', 1, true)
redis.call('HDEL', ARGV[2] .. string.sub(v, 1, nl - 1), ARGV[1])
local address = string.sub(v, nl + 1)
if address ~= '' then
  redis.call('HDEL', ARGV[3] .. address, ARGV[1])
end
return 1
