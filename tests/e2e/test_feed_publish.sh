#!/usr/bin/env bash
# agoras utils feed-publish to Telegram: checks before any fetch, first run and --post-lookback, nothing
# posted twice across runs, --seed, --dry-run, conditional GET, max-count leftovers, the JSON lines,
# content only from the item (STATUS_* env ignored), the ledger file.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/client_lib.sh"
source "$(dirname "$0")/telegram_lib.sh"
source "$(dirname "$0")/feed_lib.sh"

mkdir -p "$T/media"
ffmpeg -loglevel error -y -f lavfi -i testsrc=size=320x240 -frames:v 1 "$T/media/p.jpg"
sbx_start --media-dir "$T/media"
tg_env
feed_start
posts() { requests_count "telegram:$1" "$MARK"; }
H=3600 D=86400

# --- refused before anything is fetched (exit 2) ---
rss blog.xml "a|Alpha|60"
feed_run --network facebook --mode last --feed-url "$FEED_BASE/blog.xml"
assert_rc "a known network not implemented" 2
assert_err "names it" "cannot post to facebook yet"
assert_err "lists what works" "(feed-publish works with: tiktok, telegram"
feed_run --network telegram,myspace --mode last --feed-url "$FEED_BASE/blog.xml"
assert_rc "an unknown network" 2
assert_err "names it and the valid ones" "unknown network 'myspace': use one of tiktok, telegram"
feed_run --network utils --mode last --feed-url "$FEED_BASE/blog.xml"
assert_rc "utils is no network" 2
feed_run --network telegram --feed-url "$FEED_BASE/blog.xml"
assert_rc "no --mode" 2
assert_err "mode: says so" "--mode is required"
feed_run --network telegram --mode first --feed-url "$FEED_BASE/blog.xml"
assert_rc "bad --mode" 2
feed_run --network telegram --mode last
assert_rc "no feed URL" 2
feed_run --network telegram --mode last --feed-url "file:///etc/passwd"
assert_rc "not http" 2
feed_run --network telegram --mode last --feed-url "$FEED_BASE/blog.xml" --resolve nonsense
assert_rc "bad --resolve" 2
expect "nothing fetched by refused runs" "$(feed_requests /blog.xml)" 0
expect "no ledger written by refused runs" "$(ls "$AGORAS_STORAGE_DIR" 2>/dev/null | grep -c ledger)" 0

# --- first run: only items within --post-lookback; older ones marked seen ---
rss blog.xml "old1|Old one|$((3 * H))" "old2|Old two|$((2 * H))" "new1|New one|600" "new2|New two|300"
export STATUS_TEXT="env text" STATUS_LINK="https://env.example/" STATUS_IMAGE_URL_1="https://env.example/1.jpg"
export STATUS_IMAGE_URL_2="https://env.example/2.jpg"
tg_mark
FEED_URL="$FEED_BASE/blog.xml" MAX_COUNT=5 feed_run --network telegram --mode last
assert_rc "first run" 0
expect "first run: two posted" "$(lines published)" 2
expect "first run: sent two messages" "$(posts sendMessage)" 2
expect "nothing sent as a photo (no STATUS_IMAGE_URL_*)" "$(posts sendPhoto)$(posts sendMediaGroup)" 00
assert_err "first run: says what it marked seen" "2 item(s) older than --post-lookback (3600 s) marked seen"
first=$(head -n1 "$OUT")
id=$("$PY" -c "import json,sys; print(json.loads(sys.argv[1])['id'])" "$first")
expect "oldest new item first, one JSON line" "$first" "{\"network\":\"telegram\",\"item\":\"urn:test:new1\",\"status\":\"published\",\"id\":\"$id\"}"
expect "text is the item's title and link, not STATUS_*" "$(tg_message $CHAT_NUM "$id" text)" "$(printf 'New one\nhttps://blog.example/new1')"
expect "ledger rows" "$(ledger "select item, state from deliveries order by item")" "$(printf 'urn:test:new1|published\nurn:test:new2|published\nurn:test:old1|seen\nurn:test:old2|seen')"
expect "ledger file 0600" "$(stat -c %a "$AGORAS_STORAGE_DIR/ledger.sqlite")" 600
expect "remote id recorded" "$(ledger "select remote_id from deliveries where item='urn:test:new1'")" "$id"
unset STATUS_TEXT STATUS_LINK STATUS_IMAGE_URL_1 STATUS_IMAGE_URL_2

# --- the same feed again: a 304 is a quiet success, nothing posted ---
tg_mark
feed_run --network telegram --mode last --feed-url "$FEED_BASE/blog.xml" -l DEBUG
assert_rc "unchanged feed" 0
expect "304: no lines" "$(wc -c <"$OUT")" 0
assert_err "304: a note at DEBUG" "not modified since the last run (304)"
expect "304: nothing sent" "$(posts sendMessage)" 0
feed_run --network telegram --mode last --feed-url "$FEED_BASE/blog.xml"
expect "304: no note at INFO" "$(grep -c 304 "$ERR")" 0

# --- a new item (the feed changes): only it is posted, whatever the dates of the others ---
rss blog.xml "old1|Old one|$((3 * H))" "old2|Old two|$((2 * H))" "new1|New one|600" "new2|New two|300" "later|Later, dated long ago|$((30 * D))"
tg_mark
feed_run --network telegram --mode last --feed-url "$FEED_BASE/blog.xml" --max-count 5
assert_rc "new item" 0
expect "only the new item" "$(cat "$OUT" | grep -c urn:test:later)$(lines published)" 11
expect "one message" "$(posts sendMessage)" 1
for i in 1 2; do
    # The feed's validators were stored: later runs are 304 and post nothing.
    tg_mark
    feed_run --network telegram --mode last --feed-url "$FEED_BASE/blog.xml" --max-count 5
    assert_rc "repeat $i" 0
    expect "repeat $i: nothing posted" "$(posts sendMessage)" 0
done
# Without validators (a fresh copy of the ledger's feed state), the ledger alone stops reposts.
ledger "delete from feeds" >/dev/null
tg_mark
feed_run --network telegram --mode last --feed-url "$FEED_BASE/blog.xml" --max-count 5
assert_rc "refetched in full" 0
expect "refetched: nothing posted twice" "$(posts sendMessage)$(wc -c <"$OUT")" "00"

# --- max-post-age: older items are never posted; --max-count leaves the rest for the next run ---
rss blog.xml "a1|A1|$((400 * D))" "a2|A2|$((2 * D))" "a3|A3|$((1 * D))" "a4|A4|100"
ledger "delete from deliveries where item like 'urn:test:a%'" >/dev/null
tg_mark
feed_run --network telegram --mode last --feed-url "$FEED_BASE/blog.xml" --max-count 2
assert_rc "max-count 2" 0
expect "two oldest eligible, in order" "$(grep -o 'urn:test:a[0-9]' "$OUT" | tr '\n' ' ')" "urn:test:a2 urn:test:a3 "
feed_run --network telegram --mode last --feed-url "$FEED_BASE/blog.xml" --max-count 2
assert_rc "the rest next run (no 304: validators were not stored)" 0
expect "the rest" "$(grep -o 'urn:test:a[0-9]' "$OUT" | tr '\n' ' ')" "urn:test:a4 "
expect "over max-post-age: never" "$(ledger "select count(*) from deliveries where item='urn:test:a1'")" 0
expect "sent three in all" "$(posts sendMessage)" 3

# --- random: one unseen eligible item per run ---
rss r.xml "r1|R1|100" "r2|R2|200" "r3|R3|300"
tg_mark
for i in 1 2 3 4; do
    feed_run --network telegram --mode random --feed-url "$FEED_BASE/r.xml"
    assert_rc "random $i" 0
    cat "$OUT" >>"$T/random.out"
done
expect "random: three distinct items in four runs" "$(grep -o 'urn:test:r[0-9]' "$T/random.out" | sort -u | wc -l)" 3
expect "random: three posts" "$(posts sendMessage)" 3

# --- --seed, then a new item: only it is posted; --dry-run posts and records nothing ---
rss s.xml "s1|S1|100" "s2|S2|200"
tg_mark
feed_run --network telegram --mode last --feed-url "$FEED_BASE/s.xml" --seed --dry-run
expect "seed dry run: says" "$(lines seeded)" 2
expect "seed dry run: nothing recorded" "$(ledger "select count(*) from deliveries where item like 'urn:test:s%'")" 0
feed_run --network telegram --mode last --feed-url "$FEED_BASE/s.xml" --seed
assert_rc "seed" 0
expect "seed: one line each" "$(lines seeded)" 2
rss s.xml "s1|S1|100" "s2|S2|200" "s3|S3 &amp; more|50|$SBX_URL/media/p.jpg"
feed_run --network telegram --mode last --feed-url "$FEED_BASE/s.xml" --max-count 5 --dry-run
assert_rc "dry run" 0
expect "dry run: what would be posted" "$(cat "$OUT")" "{\"network\":\"telegram\",\"item\":\"urn:test:s3\",\"status\":\"skipped\",\"message\":\"dry run: would be posted\",\"text\":\"S3 & more\",\"link\":\"https://blog.example/s3\",\"image\":\"$SBX_URL/media/p.jpg\"}"
expect "dry run: nothing sent" "$(posts sendMessage)$(posts sendPhoto)" 00
feed_run --network telegram --mode last --feed-url "$FEED_BASE/s.xml" --max-count 5
assert_rc "after seed" 0
expect "after seed: only the new item" "$(grep -o 'urn:test:s[0-9]' "$OUT")" urn:test:s3
expect "with its image, as a photo" "$(posts sendPhoto)$(posts sendMessage)" 10
id=$("$PY" -c "import json,sys; print(json.load(open(sys.argv[1]))['id'])" "$OUT")
expect "the title is plain text ('&' is no markup)" "$(tg_message $CHAT_NUM "$id" caption)" "$(printf 'S3 & more\nhttps://blog.example/s3')"
expect "sent without a parse mode" "$(tg_message $CHAT_NUM "$id" parse_mode)" None

assert_no_secrets "$TOKEN"
finish
