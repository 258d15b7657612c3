-- Counts over the live nodes' connections (dead nodes' are forgotten by node-reap).
-- KEYS: nodes set, totals hash, cluster users hash (user -> nodes holding a connection of it).
-- ARGV: lease key prefix, node connections key prefix.
-- Returns {active, total, messages, {label, count, ...}, users}. A user counts while a node with a
-- live lease holds one of its connections: the users of dead nodes not reaped yet are taken off.
local active = 0
local byLabel = {}
local dead = {}
for _, node in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  if redis.call('EXISTS', ARGV[1] .. node) == 1 then
    active = active + redis.call('HLEN', ARGV[2] .. 'conns:' .. node)
    local l = redis.call('HGETALL', ARGV[2] .. 'labels:' .. node)
    for i = 1, #l, 2 do
      byLabel[l[i]] = (byLabel[l[i]] or 0) + tonumber(l[i + 1])
    end
  else
    for _, user in ipairs(redis.call('HKEYS', ARGV[2] .. 'users:' .. node)) do
      dead[user] = (dead[user] or 0) + 1
    end
  end
end
local users = redis.call('HLEN', KEYS[3])
for user, nodes in pairs(dead) do
  local holding = redis.call('HGET', KEYS[3], user)
  if holding and tonumber(holding) <= nodes then
    users = users - 1
  end
end
local flat = {}
for label, count in pairs(byLabel) do
  table.insert(flat, label)
  table.insert(flat, count)
end
return {active, tonumber(redis.call('HGET', KEYS[2], 'total') or '0'),
  tonumber(redis.call('HGET', KEYS[2], 'messages') or '0'), flat, users}
