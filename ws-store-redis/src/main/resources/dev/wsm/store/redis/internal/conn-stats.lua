-- Counts over the live nodes' connections; forgets the connections of nodes whose lease is gone.
-- KEYS: nodes set, totals hash. ARGV: lease key prefix, node connections key prefix.
-- Returns {active, total, messages, {label, count, ...}}.
local active = 0
local byLabel = {}
for _, node in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  local conns = ARGV[2] .. 'conns:' .. node
  local labels = ARGV[2] .. 'labels:' .. node
  if redis.call('EXISTS', ARGV[1] .. node) == 1 then
    active = active + redis.call('HLEN', conns)
    local l = redis.call('HGETALL', labels)
    for i = 1, #l, 2 do
      byLabel[l[i]] = (byLabel[l[i]] or 0) + tonumber(l[i + 1])
    end
  else
    redis.call('DEL', conns, labels)
    redis.call('SREM', KEYS[1], node)
  end
end
local flat = {}
for label, count in pairs(byLabel) do
  table.insert(flat, label)
  table.insert(flat, count)
end
return {active, tonumber(redis.call('HGET', KEYS[2], 'total') or '0'),
  tonumber(redis.call('HGET', KEYS[2], 'messages') or '0'), flat}
