-- Forgets what dead nodes (lease gone) held: their connections, their connection quota entries, and up to a batch of their room
-- memberships, each removed as a leave would (an emptied ephemeral room is deleted with its stream).
-- A dead node stays in the nodes set until all its memberships are gone. The script is atomic, so
-- each dead node's users and memberships are reaped, and answered, by exactly one run of one node.
-- KEYS: nodes set, cluster users hash. ARGV: key prefix, batch.
-- Returns {memberships removed, {node, user, ...} of the users whose connections a dead node held,
-- {node, room, user, '1' if the user has no member connection left in the room else '0', ...}}.
local p = ARGV[1]
local budget = tonumber(ARGV[2])
local removed = 0
local users = {}
local left = {}
for _, node in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  if budget <= 0 then
    break
  end
  if redis.call('EXISTS', p .. 'node:' .. node) == 0 then
    redis.call('DEL', p .. 'node-conns:' .. node, p .. 'node-labels:' .. node)
    local nodeUsers = p .. 'node-users:' .. node
    for _, user in ipairs(redis.call('HKEYS', nodeUsers)) do
      table.insert(users, node)
      table.insert(users, user)
      if redis.call('HINCRBY', KEYS[2], user, -1) <= 0 then
        redis.call('HDEL', KEYS[2], user)
      end
    end
    redis.call('DEL', nodeUsers)
    local quota = p .. 'node-quota:' .. node
    local counted = redis.call('HGETALL', quota)
    for i = 1, #counted, 2 do
      local v = counted[i + 1]
      local nl = string.find(v, '\n', 1, true)
      redis.call('HDEL', p .. 'quota-user:' .. string.sub(v, 1, nl - 1), counted[i])
      if nl < #v then
        redis.call('HDEL', p .. 'quota-addr:' .. string.sub(v, nl + 1), counted[i])
      end
    end
    redis.call('DEL', quota)
    local set = p .. 'node-members:' .. node
    for _, entry in ipairs(redis.call('SPOP', set, budget)) do
      budget = budget - 1
      local nl = string.find(entry, '\n', 1, true)
      local room = string.sub(entry, 1, nl - 1)
      local member = string.sub(entry, nl + 1)
      local user = string.sub(member, 1, string.find(member, '\n', 1, true) - 1)
      if redis.call('HDEL', p .. 'room-conns:' .. room, member) == 1 then
        removed = removed + 1
        local roomUsers = p .. 'room-users:' .. room
        local userLeft = '0'
        if redis.call('HINCRBY', roomUsers, user, -1) <= 0 then
          redis.call('HDEL', roomUsers, user)
          userLeft = '1'
        end
        table.insert(left, node)
        table.insert(left, room)
        table.insert(left, user)
        table.insert(left, userLeft)
        if redis.call('HGET', p .. 'room:' .. room, 'eph') == '1'
            and redis.call('HLEN', roomUsers) == 0 then
          redis.call('DEL', p .. 'room:' .. room, roomUsers, p .. 'room-conns:' .. room,
            p .. 'stream:' .. room, p .. 'stream-meta:' .. room, p .. 'stream-ids:' .. room)
          redis.call('ZREM', p .. 'rooms', room)
          redis.call('ZREM', p .. 'rooms-expiry', room)
        end
      end
    end
    if redis.call('SCARD', set) == 0 then
      redis.call('SREM', KEYS[1], node)
    end
  end
end
return {removed, users, left}
