-- Registers an active connection of a node; changes nothing if it is active already.
-- KEYS: node connections hash, node labels hash, totals hash, nodes set.
-- ARGV: connection id, labels ('\n' separated), node id.
if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2]) == 0 then
  return 0
end
redis.call('HINCRBY', KEYS[3], 'total', 1)
for label in string.gmatch(ARGV[2], '[^\n]+') do
  redis.call('HINCRBY', KEYS[2], label, 1)
end
redis.call('SADD', KEYS[4], ARGV[3])
return 1
