import { ValkeyScript } from './valkey-script.js';

// Lua scripts of the invocation records and the lost-invocation protocol (docs/STORES.md, "Lost
// invocations"): each runs as one atomic step, so replicas never both end a record.

// The running save: the envelope (with its TTL) and its entry in the running index (id ->
// replica), so a sweep finds running records without scanning. One command instead of a
// MULTI/EXEC of two, which cost the client ~3x the CPU (docs/PERFORMANCE.md). KEYS: record,
// running index; ARGV: envelope, TTL, invocation id, replica id.
export const SAVE_RUNNING = new ValkeyScript(
  `
if tonumber(ARGV[2]) > 0 then redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
else redis.call('SET', KEYS[1], ARGV[1]) end
redis.call('HSET', KEYS[2], ARGV[3], ARGV[4])
return 1`,
  2,
);

// Finishes a lost record once: only while it is still running, still names the replica and that
// replica's heartbeat is still gone. KEYS: record, running index, heartbeat; ARGV: replica, final
// envelope, TTL, invocation id.
export const FINISH_LOST = new ValkeyScript(
  `
local current = redis.call('GET', KEYS[1])
if not current then return 0 end
local record = cjson.decode(current)
if record.status ~= 'running' or record.replica_id ~= ARGV[1] then return 0 end
if redis.call('EXISTS', KEYS[3]) == 1 then return 0 end
if tonumber(ARGV[3]) > 0 then redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3])
else redis.call('SET', KEYS[1], ARGV[2]) end
redis.call('HDEL', KEYS[2], ARGV[4])
return 1`,
  3,
);

// The owner's terminal save with its inline blobs: refused (the stored record returned, nothing
// written) when another replica already finished the record as lost, so a record never gets two
// terminal versions and a refused ending leaves no blob. Otherwise the envelope and every blob are
// written in the same step, the blobs hash given the envelope's TTL, so a terminal record never
// lists a blob whose bytes are missing and neither outlives the other. KEYS: record, running index,
// blobs hash; ARGV: final envelope, TTL, invocation id, blob count n, then n blob id and bytes pairs
// from ARGV[5].
// "Still running?" is answered by the running index, not by decoding the record: a record holds a
// running envelope exactly when the index has its id (SAVE_RUNNING writes both; this script and
// FINISH_LOST write the terminal envelope and HDEL the entry; delete and the sweep only drop entries
// of records that are gone or terminal). So an existing record without an index entry has ended,
// and a missing record (expired) proceeds as before. HEXISTS costs ~2 us of redis-server CPU where
// cjson.decode of a ~1 KiB envelope cost ~7 us, once per invocation; the GET runs only when the id
// is not indexed. A running record whose entry was removed by hand is therefore refused as ended.
const SAVE_TERMINAL_BODY = `
if redis.call('HEXISTS', KEYS[2], ARGV[3]) == 0 then
  local current = redis.call('GET', KEYS[1])
  if current then return current end
end
local blobCount = tonumber(ARGV[4])
if blobCount > 0 then
  local fields = {}
  for i = 5, 4 + 2 * blobCount do fields[#fields + 1] = ARGV[i] end
  redis.call('HSET', KEYS[3], unpack(fields))
end
if tonumber(ARGV[2]) > 0 then
  redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
  if blobCount > 0 then redis.call('EXPIRE', KEYS[3], ARGV[2]) end
else redis.call('SET', KEYS[1], ARGV[1]) end
redis.call('HDEL', KEYS[2], ARGV[3])`;

export const SAVE_FINAL = new ValkeyScript(
  `${SAVE_TERMINAL_BODY}
return 1`,
  3,
);

// SAVE_FINAL, then (only when the save was accepted) the invocation's last events in the same
// atomic step: XADD each, the stream's TTL, the notification (docs/STORES.md, "Invocation events").
// The events are appended with pcall: a failed append never undoes or fails the save; the reply 2
// tells the caller to append them again. KEYS: record, running index, blobs hash, event stream;
// ARGV: SAVE_FINAL's (blob pairs included), then notify channel, stream max length, then event
// name and data pairs.
export const SAVE_FINAL_WITH_EVENTS = new ValkeyScript(
  `${SAVE_TERMINAL_BODY}
local first = 5 + 2 * blobCount
local channel, maxLen = ARGV[first], ARGV[first + 1]
for i = first + 2, #ARGV, 2 do
  local added = redis.pcall('XADD', KEYS[4], 'MAXLEN', '~', maxLen, '*', 'e', ARGV[i], 'd', ARGV[i + 1])
  if type(added) == 'table' and added.err then return 2 end
end
if tonumber(ARGV[2]) > 0 then redis.pcall('EXPIRE', KEYS[4], ARGV[2]) end
redis.pcall('PUBLISH', channel, ARGV[3])
return 1`,
  4,
);
