-- Counts the entries of a quota hash whose node's lease lives.
-- KEYS: user or address quota hash. ARGV: lease key prefix.
local n = 0
local h = redis.call('HGETALL', KEYS[1])
for i = 1, #h, 2 do
  if redis.call('EXISTS', ARGV[1] .. h[i + 1]) == 1 then
    n = n + 1
  end
end
return n
