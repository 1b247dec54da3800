-- lua5.4: coroutines, string.format, io, os.time, pcall/error, a CPU loop.
local co = coroutine.wrap(function(a)
  for i = 1, 3 do a = coroutine.yield(a * i) end
  return "done"
end)
print(co(2), co(5), co(7), co(0))
local gen = coroutine.create(function() coroutine.yield(1); error("boom") end)
print(coroutine.resume(gen)); print(coroutine.resume(gen)); print(coroutine.status(gen))
print(string.format("%5.2f|%-6s|%x|%q|%g|%e", math.pi, "ab", 255, "q\"uote\n", 1e20, 12345.678))
print(string.format("%d %s %i", 2^53, tostring(nil), -7), ("x"):rep(3, "-"), ("Hello"):upper():lower())
print(string.gsub("hello world", "o", "0"), string.find("abcabc", "ca", 1, true), ("%d+"):len())
for k, v in string.gmatch("a=1, b=2", "(%w+)=(%w+)") do io.write(k, ":", v, " ") end print()
local name = os.tmpname()
local f = assert(io.open(name, "w")); f:write("one\n", 2, "\n", 3.5, "\n"); f:close()
for line in io.lines(name) do io.write("[", line, "]") end print()
f = assert(io.open(name, "r")); print(f:read("n", "n", "n")); print(f:seek("end")); f:close()
os.remove(name); print(io.open(name) == nil)
print(os.time{year=2020, month=1, day=1, hour=12, min=0, sec=0, isdst=false} - os.time{year=2019, month=12, day=31, hour=12, isdst=false})
print(type(os.time()), os.date("!%Y-%m-%d %H:%M:%S", 86400 * 365), type(os.clock()))
local eok, eobj = pcall(error, {code = 42}); print(eok, eobj.code); print(select(2, pcall(error, "msg", 0)))
print(pcall(function() local t = nil; return t.x end))
print(xpcall(function() error("deep") end, function(m) return "handled: " .. m end))
local ok, err = pcall(string.rep); print(ok, err)
print(math.maxinteger, math.mininteger, 7 // 2, 7 % -3, 2^-1, math.floor(-3.5), math.tointeger(3.0))
local t = {} for i = 1, 10 do t[i] = (i * 7919) % 101 end table.sort(t) print(table.concat(t, ","))
print(#arg, arg[0] ~= nil, select("#", 1, nil, 3), utf8.char(72, 228, 8364), utf8.len("häl"))
-- CPU loop: about a second under emulation; a deterministic checksum.
local h = 0
for i = 1, 3000000 do h = (h * 31 + i) % 1000000007 end
print("checksum", h)
local fib; fib = function(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end
print("fib", fib(24))
os.exit(3)
