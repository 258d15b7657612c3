-- Removes up to a batch of inbox messages whose deadline has passed, from every inbox.
-- KEYS: deadlines zset (user .. '\n' .. id, scored by deadline). ARGV: now (epoch ms), batch,
-- key prefix. The inbox keys are derived here from the prefix (this store needs one Redis, not a
-- Redis Cluster). Returns how many were removed.
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
local removed = 0
for _, member in ipairs(due) do
  local nl = string.find(member, '\n', 1, true)
  local user = string.sub(member, 1, nl - 1)
  local id = string.sub(member, nl + 1)
  redis.call('ZREM', KEYS[1], member)
  if redis.call('HDEL', ARGV[3] .. 'inbox-msgs:' .. user, id) == 1 then
    removed = removed + 1
  end
  redis.call('ZREM', ARGV[3] .. 'inbox:' .. user, id)
end
return removed
