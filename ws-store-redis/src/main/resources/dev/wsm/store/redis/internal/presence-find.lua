-- A user's last presence and whether the node that saved it still holds its lease.
-- KEYS: presence hash. ARGV: lease key prefix. Returns {} or {fields, leaseAlive}.
local fields = redis.call('HGETALL', KEYS[1])
if #fields == 0 then
  return {}
end
local node = redis.call('HGET', KEYS[1], 'node')
local alive = 0
if node then
  alive = redis.call('EXISTS', ARGV[1] .. node)
end
return {fields, alive}
