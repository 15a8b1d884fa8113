#!/usr/bin/env bash
# feed-publish to X and Telegram in one run: X's post gets the item's title and link (its "url" kept in the
# ledger), an image by URL uploaded, STATUS_* env ignored; "twitter" is X's alias and runs once with "x".
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/client_lib.sh"
source "$(dirname "$0")/telegram_lib.sh"
source "$(dirname "$0")/x_lib.sh"
source "$(dirname "$0")/feed_lib.sh"

mkdir -p "$T/media"
ffmpeg -loglevel error -y -f lavfi -i testsrc=size=320x240 -frames:v 1 "$T/media/p.jpg"
sbx_start --media-dir "$T/media"
x_env
tg_env "$AGORAS_STORAGE_DIR"
feed_start

rss f.xml "x1|First for X|300" "x2|Second with a picture|200|$SBX_URL/media/p.jpg"
export STATUS_TEXT="env text" STATUS_IMAGE_URL_2="$SBX_URL/media/p.jpg"
x_mark
feed_run --network x,telegram,twitter --mode last --max-count 5 --feed-url "$FEED_BASE/f.xml"
assert_rc "X and Telegram" 0
expect "four deliveries (twitter is x)" "$(lines published)" 4
expect "X: two posts" "$(x_sent tweets)" 2
id=$(grep '"network":"x","item":"urn:test:x1"' "$OUT" | "$PY" -c "import json,sys; print(json.load(sys.stdin)['id'])")
expect "X: '<title> <link>'" "$(x_tweet "$id" text)" "First for X https://blog.example/x1"
expect "X: the url kept in the ledger" "$(ledger "select url from deliveries where network='x' and item='urn:test:x1'")" "https://x.com/i/status/$id"
id=$(grep '"network":"x","item":"urn:test:x2"' "$OUT" | "$PY" -c "import json,sys; print(json.load(sys.stdin)['id'])")
expect "X: one image (not STATUS_IMAGE_URL_2's too)" "$(x_tweet "$id" media_ids | "$PY" -c "import json,sys; print(len(json.load(sys.stdin)))")" 1
unset STATUS_TEXT STATUS_IMAGE_URL_2
ledger "delete from feeds" >/dev/null
x_mark
feed_run --network twitter --mode last --max-count 5 --feed-url "$FEED_BASE/f.xml"
assert_rc "again, by the alias" 0
expect "again: nothing posted" "$(x_sent tweets)$(wc -c <"$OUT")" 00

assert_no_secrets "$X_CS" "$X_SECRET" "$TOKEN"
finish
