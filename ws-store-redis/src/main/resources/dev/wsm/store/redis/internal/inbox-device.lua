-- Records a device of a user as seen; returns its position (0 if unknown or not seen within the
-- inbox max age). KEYS: devices hash. ARGV: device, now (epoch ms), max age (ms).
local now = tonumber(ARGV[2])
local position = 0
local known = redis.call('HGET', KEYS[1], ARGV[1])
if known then
  local colon = string.find(known, ':', 1, true)
  local seen = tonumber(string.sub(known, colon + 1))
  if seen >= now - tonumber(ARGV[3]) then
    position = tonumber(string.sub(known, 1, colon - 1))
  end
end
redis.call('HSET', KEYS[1], ARGV[1], position .. ':' .. ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return position
