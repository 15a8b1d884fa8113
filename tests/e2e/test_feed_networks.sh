#!/usr/bin/env bash
# feed-publish to Telegram and TikTok in one run: both delivered by their own processes at once (a stalled
# network does not hold back the other's lines), TikTok's settings from its env while the content comes
# only from the item (STATUS_IMAGE_URL_2 is not used), an item without an image is an error for TikTok
# ("no image for TikTok", nothing sent) and still goes to Telegram.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/client_lib.sh"
source "$(dirname "$0")/telegram_lib.sh"
source "$(dirname "$0")/feed_lib.sh"

mkdir -p "$T/media"
ffmpeg -loglevel error -y -f lavfi -i testsrc=size=1080x1350 -frames:v 1 "$T/media/a.jpg"
sbx_start --auto-approve --media-dir "$T/media" --complete-after 100 --stall-ms 4000
client_env
authorize_ok
tg_env "$AGORAS_STORAGE_DIR"
feed_start
M=$SBX_URL/media
inits() { requests_count tiktok:/v2/post/publish/content/init/; }
last_post() { sandbox_state "(lambda p: $1)(s['posts'][-1])"; }

rss f.xml "old|Old|$((2 * 86400))"
feed_run --network telegram,tiktok --mode last --feed-url "$FEED_BASE/f.xml" --seed
assert_rc "seed both" 0
expect "seed: a line per network" "$(lines seeded)" 2

# --- one item with an image, one without ---
rss f.xml "old|Old|$((2 * 86400))" "pic|With a picture|300|$M/a.jpg" "txt|Text only|200"
export STATUS_IMAGE_URL_2="$M/a.jpg" TIKTOK_PRIVACY_STATUS=PUBLIC_TO_EVERYONE
tg_mark
feed_run --network tiktok,telegram,tiktok --mode last --max-count 5 --feed-url "$FEED_BASE/f.xml"
assert_rc "no image for TikTok: exit 4" 4
expect "TikTok: the picture posted" "$(grep -c '"network":"tiktok","item":"urn:test:pic","status":"published"' "$OUT")" 1
expect "TikTok: one init only" "$(requests_count tiktok:/v2/post/publish/content/init/ "$MARK")" 1
expect "TikTok: one image, not STATUS_IMAGE_URL_2's" "$(last_post "p['photo_images']")" "['$M/a.jpg']"
expect "TikTok: the title is the item's" "$(last_post "p['title']")" "With a picture"
expect "TikTok: its settings from its env" "$(last_post "p['privacy_level']")" PUBLIC_TO_EVERYONE
expect "TikTok: the text-only item refused" "$(grep -c '"network":"tiktok","item":"urn:test:txt","status":"error","message":"no image for TikTok"' "$OUT")" 1
expect "Telegram: both posted" "$(grep -c '"network":"telegram","item":"urn:test:[a-z]*","status":"published"' "$OUT")" 2
expect "a network named twice runs once" "$(grep -c '"network":"tiktok"' "$OUT")" 2
expect "recorded error, not retried (invalid content)" "$(ledger "select state || code from deliveries where network='tiktok' and item='urn:test:txt'")" error4
unset STATUS_IMAGE_URL_2 TIKTOK_PRIVACY_STATUS
ledger "delete from feeds" >/dev/null # no 304: the feed is read again
tg_mark
feed_run --network telegram,tiktok --mode last --max-count 5 --feed-url "$FEED_BASE/f.xml"
assert_rc "next run: nothing new" 0
expect "next run: nothing sent" "$(wc -c <"$OUT")$(requests_count tiktok:/v2/post/publish/content/init/ "$MARK")$(tg_sent sendMessage)" 000

# --- a stalled Telegram does not hold back TikTok's line ---
rss f.xml "old|Old|$((2 * 86400))" "pic|With a picture|300|$M/a.jpg" "txt|Text only|200" "p2|Second picture|100|$M/a.jpg"
fault telegram:sendPhoto stall
start=$(date +%s.%N)
"$AGORAS_BIN" utils feed-publish --network telegram,tiktok --mode last --feed-url "$FEED_BASE/f.xml" >"$T/both.out" 2>"$T/both.err" &
pid=$!
tiktok_at=
for i in $(seq 1 200); do
    if [ -z "$tiktok_at" ] && grep -q '"network":"tiktok"' "$T/both.out"; then
        tiktok_at=$(date +%s.%N)
        telegram_then=$(grep -c '"network":"telegram"' "$T/both.out")
    fi
    kill -0 $pid 2>/dev/null || break
    sleep 0.05
done
wait $pid
expect "both published" "$(grep -c '"status":"published"' "$T/both.out")" 2
expect "TikTok's line came while Telegram was stalled" "${telegram_then:-none}" 0
expect "TikTok's line first" "$(head -n1 "$T/both.out" | grep -o '"network":"[a-z]*"')" '"network":"tiktok"'
"$PY" -c "import sys; s,t=map(float,sys.argv[1:]); sys.exit(0 if t - s < 3.5 else 1)" "$start" "${tiktok_at:-1e12}" && ok ||
    fail "TikTok's line waited for the stalled Telegram"

assert_no_secrets "$TOKEN" "$CLIENT_SECRET"
finish
