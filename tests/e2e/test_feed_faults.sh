#!/usr/bin/env bash
# feed-publish when things go wrong: kill -9 during the fetch, during the post and after the post before
# it is recorded (the next run reports the item unknown, exit 6, and never posts it again); an unknown
# outcome from the network; --resolve; definite failures retried next run; a held lock and two
# concurrent runs (one is "busy", exit 5, nothing posted twice).
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/client_lib.sh"
source "$(dirname "$0")/telegram_lib.sh"
source "$(dirname "$0")/feed_lib.sh"

sbx_start --stall-ms 3000
tg_env
feed_start
sends() { requests_count telegram:sendMessage; }
URL="$FEED_BASE/f.xml"

# bg_run ARGS...: feed-publish in a session of its own (parent and children killable as a group).
bg_run() {
    setsid "$AGORAS_BIN" utils feed-publish "$@" >"$T/bg.out" 2>"$T/bg.err" </dev/null &
    BG=$!
}
# wait_for CMD VALUE: poll (up to 10 s) until $(CMD) prints VALUE.
wait_for() {
    local i
    for i in $(seq 1 200); do
        [ "$($1)" = "$2" ] && return 0
        sleep 0.05
    done
    fail "timed out waiting for $1 = $2 (got $($1))"
}
kill_group() {
    kill -9 -- "-$BG" 2>/dev/null
    wait "$BG" 2>/dev/null
}

# --- killed during the fetch: nothing recorded, the next run posts normally ---
rss f.xml "k1|K1|60"
bg_run --network telegram --mode last --feed-url "$FEED_BASE/slow/f.xml"
wait_for "feed_requests /slow/f.xml" 1
kill_group
expect "killed in fetch: nothing sent" "$(sends)" 0
feed_run --network telegram --mode last --feed-url "$URL"
assert_rc "after a killed fetch" 0
expect "after a killed fetch: posted" "$(lines published)" 1
expect "after a killed fetch: one message" "$(sends)" 1

# --- killed during the post (the request stalls at the network): unknown, never re-posted ---
rss f.xml "k1|K1|60" "k2|K2|30"
fault telegram:sendMessage stall
bg_run --network telegram --mode last --feed-url "$URL"
wait_for sends 2
kill_group
sleep 3.5 # the stalled request is answered: the message exists
expect "killed in post: left posting" "$(ledger "select state from deliveries where item='urn:test:k2'")" posting
for i in 1 2; do
    feed_run --network telegram --mode last --feed-url "$URL"
    assert_rc "next run $i after a kill in the post" 6
    expect "run $i: reported unknown" "$(grep -c '"item":"urn:test:k2","status":"unknown"' "$OUT")" 1
    assert_out "run $i: says what to do" "--resolve 'urn:test:k2=published'"
    assert_err "run $i: the summary" "never retried on its own"
    expect "run $i: not posted again" "$(sends)" 2
done

# --- --resolve: published settles it for good; nothing is fetched ---
before=$(feed_requests /f.xml)
feed_run --network telegram --feed-url "$URL" --resolve urn:test:k2=published
assert_rc "resolve published" 0
expect "resolve: one line" "$(lines resolved)" 1
expect "resolve: nothing fetched" "$(feed_requests /f.xml)" "$before"
feed_run --network telegram --mode last --feed-url "$URL"
assert_rc "after resolve" 0
expect "after resolve: quiet" "$(wc -c <"$OUT")" 0
expect "after resolve: not posted" "$(sends)" 2
feed_run --network telegram --feed-url "$URL" --resolve urn:test:k2=retry
assert_rc "nothing to settle" 2
assert_err "nothing to settle: says so" "no delivery of item 'urn:test:k2' to telegram is posting or in error"

# --- killed after the post, before it is recorded (the ledger is held by another writer) ---
rss f.xml "k1|K1|60" "k2|K2|30" "k3|K3|20"
"$PY" - "$AGORAS_STORAGE_DIR/ledger.sqlite" "$T/holding" <<'PY' &
import sqlite3, sys, time, os
db = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=30)
while not os.path.exists(sys.argv[2] + ".go"):
    time.sleep(0.02)
db.execute("BEGIN IMMEDIATE")
open(sys.argv[2], "w").close()
time.sleep(8)
db.execute("ROLLBACK")
PY
HOLDER=$!
fault telegram:sendMessage stall
bg_run --network telegram --mode last --feed-url "$URL"
wait_for sends 3       # claimed (committed) and sent; the answer stalls
touch "$T/holding.go"  # now take the ledger's write lock
held() { [ -e "$T/holding" ] && echo yes; }
wait_for held yes
sleep 3.5              # the post is answered; recording it waits for the lock
kill_group
wait "$HOLDER"
expect "killed before the record: left posting" "$(ledger "select state from deliveries where item='urn:test:k3'")" posting
feed_run --network telegram --mode last --feed-url "$URL"
assert_rc "after a kill before the record" 6
expect "reported unknown" "$(grep -c '"item":"urn:test:k3","status":"unknown"' "$OUT")" 1
expect "not posted again" "$(sends)" 3
feed_run --network telegram --feed-url "$URL" --resolve urn:test:k3=retry
assert_rc "resolve retry" 0
feed_run --network telegram --mode last --feed-url "$URL"
assert_rc "retried by hand" 0
expect "retried: posted" "$(grep -c '"item":"urn:test:k3","status":"published"' "$OUT")" 1
expect "retried: a second message, as asked" "$(sends)" 4

# --- the network cannot say whether the post exists (exit 6 from the action) ---
rss f.xml "k1|K1|60" "k4|K4|10"
fault telegram:sendMessage stall
AGORAS_HTTP_TIMEOUT_S=1 feed_run --network telegram --mode last --feed-url "$URL"
assert_rc "unknown outcome" 6
expect "unknown line" "$(grep -c '"item":"urn:test:k4","status":"unknown"' "$OUT")" 1
assert_out "the network's own words" "may have been posted"
expect "kept posting" "$(ledger "select state from deliveries where item='urn:test:k4'")" posting
sleep 2.5
feed_run --network telegram --mode last --feed-url "$URL"
assert_rc "unknown again next run" 6
expect "not retried" "$(sends)" 5
feed_run --network telegram --feed-url "$URL" --resolve urn:test:k4=published
assert_rc "settled" 0

# --- a definite failure: recorded error, retried by the next run ---
rss f.xml "k1|K1|60" "k5|K5|5"
fault telegram:sendMessage 400
feed_run --network telegram --mode last --feed-url "$URL"
expect "definite failure: error line" "$(lines error)" 1
expect "recorded as error" "$(ledger "select state from deliveries where item='urn:test:k5'")" error
[ "$RC" -ne 0 ] && [ "$RC" -ne 6 ] && ok || fail "definite failure: exit $RC"
feed_run --network telegram --mode last --feed-url "$URL"
assert_rc "retried next run (no 304: validators were not stored)" 0
expect "retried: published" "$(grep -c '"item":"urn:test:k5","status":"published"' "$OUT")" 1

# --- a broken feed: exit 1 naming it, the ledger untouched ---
rows=$(ledger "select count(*) || max(updated) from deliveries")
echo "BROKEN <rss" >"$FEEDS/f.xml"
feed_run --network telegram --mode last --feed-url "$URL"
assert_rc "broken feed" 1
assert_err "broken feed: names it" "feed $URL"
expect "broken feed: ledger untouched" "$(ledger "select count(*) || max(updated) from deliveries")" "$rows"
feed_run --network telegram --mode last --feed-url "$FEED_BASE/missing.xml"
assert_rc "404" 1

# --- a lock held by another run: busy, exit 5, nothing posted ---
rss f.xml "k1|K1|60" "k6|K6|4"
lock="$AGORAS_STORAGE_DIR/feed-locks/$(printf %s "$URL" | sha256sum | cut -c1-16)-telegram.lock"
base=$(sends)
flock "$lock" sleep 3 &
FLOCK=$!
sleep 0.3
feed_run --network telegram --mode last --feed-url "$URL"
assert_rc "busy" 5
expect "busy line" "$(cat "$OUT")" "{\"network\":\"telegram\",\"status\":\"busy\",\"message\":\"busy: another feed-publish run holds $lock\"}"
expect "busy: nothing sent" "$(sends)" "$base"
wait "$FLOCK"

# --- two concurrent runs: one posts, the other is busy; nothing posted twice ---
fault telegram:sendMessage stall
bg_run --network telegram --mode last --feed-url "$URL"
wait_for sends $((base + 1))
feed_run --network telegram --mode last --feed-url "$URL"
assert_rc "second run while the first posts" 5
expect "second run: busy" "$(lines busy)" 1
wait "$BG"
expect "first run: published" "$(grep -c '"item":"urn:test:k6","status":"published"' "$T/bg.out")" 1
expect "posted once" "$(sends)" $((base + 1))

# --- SIGTERM (Ctrl-C alike) while a post is under way: it is finished and recorded, nothing more is sent ---
rss f.xml "k1|K1|60" "k6|K6|4" "k7|K7|3" "k8|K8|2"
base=$(sends)
fault telegram:sendMessage stall
bg_run --network telegram --mode last --max-count 5 --feed-url "$URL"
wait_for sends $((base + 1))
kill -TERM -- "-$BG"
wait "$BG" && rc=0 || rc=$?
expect "SIGTERM: exit 143" "$rc" 143
expect "SIGTERM: the post under way recorded" "$(ledger "select state from deliveries where item='urn:test:k7'")" published
expect "SIGTERM: no more posts" "$(sends)" $((base + 1))
grep -qF "interrupted by SIGTERM: the next run posts what is left" "$T/bg.err" && ok || fail "SIGTERM: message: $(cat "$T/bg.err")"
feed_run --network telegram --mode last --max-count 5 --feed-url "$URL"
assert_rc "after SIGTERM" 0
expect "after SIGTERM: the rest" "$(grep -o 'urn:test:k[0-9]' "$OUT")" urn:test:k8

assert_no_secrets "$TOKEN"
finish
