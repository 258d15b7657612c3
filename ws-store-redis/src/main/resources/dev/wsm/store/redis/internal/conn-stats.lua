-- Counts over the live nodes' connections (dead nodes' are forgotten by node-reap).
-- KEYS: nodes set, totals hash. ARGV: lease key prefix, node connections key prefix.
-- Returns {active, total, messages, {label, count, ...}}.
local active = 0
local byLabel = {}
for _, node in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  if redis.call('EXISTS', ARGV[1] .. node) == 1 then
    active = active + redis.call('HLEN', ARGV[2] .. 'conns:' .. node)
    local l = redis.call('HGETALL', ARGV[2] .. 'labels:' .. node)
    for i = 1, #l, 2 do
      byLabel[l[i]] = (byLabel[l[i]] or 0) + tonumber(l[i + 1])
    end
  end
end
local flat = {}
for label, count in pairs(byLabel) do
  table.insert(flat, label)
  table.insert(flat, count)
end
return {active, tonumber(redis.call('HGET', KEYS[2], 'total') or '0'),
  tonumber(redis.call('HGET', KEYS[2], 'messages') or '0'), flat}
