-- wrk script for the intake benchmark: every request is a POST /sync of a new submission with an
-- id of its own (run prefix from the command line, then thread number and a counter), so each one
-- is a real durable insert, never an "already had it".
-- Usage: wrk -s post_sync.lua http://127.0.0.1:PORT -- RUNHEX8
local threads = {}
local next_thread = 0

function setup(thread)
  next_thread = next_thread + 1
  thread:set("thread_no", next_thread)
  table.insert(threads, thread)
end

local run, counter = "00000000", 0

function init(args)
  run = args[1] or run
end

function request()
  counter = counter + 1
  local id = string.format("%s-%04x-4000-8000-%012x", run, thread_no, counter)
  local body = '{"id":"' .. id .. '","name":"bench ' .. counter .. '"}'
  return wrk.format("POST", "/sync", { ["Content-Type"] = "application/json" }, body)
end

-- One JSON line the benchmark reads: counts, duration and latency percentiles in microseconds.
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests":%d,"duration_us":%d,"connect_errors":%d,"read_errors":%d,"write_errors":%d,"status_errors":%d,"timeouts":%d,"p50_us":%d,"p99_us":%d}\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(99)))
end
