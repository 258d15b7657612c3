-- A user's presence roster: one view per node ('n:' .. node -> 'rank devices seenMillis', rank
-- the PresenceStatus ordinal) and 'meta'. Only views of nodes whose lease lives count; the others
-- are removed on the way, and the hash goes when no view is left (its meta still answered once).
-- KEYS: roster hash. ARGV: lease key prefix, node ('' to only read), rank, devices, seen ms,
-- '1' if meta is given, meta. Returns {best rank, devices, latest seen ms, has meta, meta}.
local key = KEYS[1]
if ARGV[2] ~= '' then
  if tonumber(ARGV[4]) > 0 then
    redis.call('HSET', key, 'n:' .. ARGV[2], ARGV[3] .. ' ' .. ARGV[4] .. ' ' .. ARGV[5])
  else
    redis.call('HDEL', key, 'n:' .. ARGV[2])
  end
  if ARGV[6] == '1' then
    redis.call('HSET', key, 'meta', ARGV[7])
  end
end
local best = 3
local devices = 0
local seen = 0
local meta = false
local h = redis.call('HGETALL', key)
for i = 1, #h, 2 do
  local f = h[i]
  if f == 'meta' then
    meta = h[i + 1]
  elseif string.sub(f, 1, 2) == 'n:' then
    if redis.call('EXISTS', ARGV[1] .. string.sub(f, 3)) == 1 then
      local r, d, s = string.match(h[i + 1], '^(%d+) (%d+) (%d+)$')
      r = tonumber(r)
      s = tonumber(s)
      if r < best then
        best = r
      end
      devices = devices + tonumber(d)
      if s > seen then
        seen = s
      end
    else
      redis.call('HDEL', key, f)
    end
  end
end
if devices == 0 then
  redis.call('DEL', key)
end
if meta then
  return {best, devices, seen, 1, meta}
end
return {best, devices, seen, 0, ''}
