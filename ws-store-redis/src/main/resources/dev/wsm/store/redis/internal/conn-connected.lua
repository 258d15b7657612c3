-- Registers an active connection of a node; changes nothing if it is active already.
-- KEYS: node connections hash, node labels hash, totals hash, nodes set, node users hash (user ->
-- connections on the node), cluster users hash (user -> nodes holding a connection of the user).
-- ARGV: connection id, labels ('\n' separated), node id, user.
if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[4] .. '\n' .. ARGV[2]) == 0 then
  return 0
end
redis.call('HINCRBY', KEYS[3], 'total', 1)
for label in string.gmatch(ARGV[2], '[^\n]+') do
  redis.call('HINCRBY', KEYS[2], label, 1)
end
redis.call('SADD', KEYS[4], ARGV[3])
if redis.call('HINCRBY', KEYS[5], ARGV[4], 1) == 1 then
  redis.call('HINCRBY', KEYS[6], ARGV[4], 1)
end
return 1
