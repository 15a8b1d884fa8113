#!/usr/bin/env bash
# agoras x video against the sandbox: a local file and a URL (downloaded first) uploaded by initialize,
# 4 MiB appends streamed from disk, finalize and STATUS until succeeded, then the post, once; the text
# "<title> - <text>" checked first; bad media, a failed processing and a wait over --wait-timeout stop
# before the post.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/client_lib.sh"
source "$(dirname "$0")/x_lib.sh"

mkdir -p "$T/media"
ffmpeg -loglevel error -y -f lavfi -i testsrc=size=320x240:rate=25 -t 2 -pix_fmt yuv420p "$T/media/v.mp4"
# About 10 MB of noise: three appends of 4 MiB.
ffmpeg -loglevel error -y -f lavfi -i "nullsrc=s=640x480:r=25,geq=random(1)*255:128:128" -t 4 \
    -pix_fmt yuv420p -c:v libx264 -b:v 24M -maxrate 24M -bufsize 4M "$T/media/big.mp4"
ffmpeg -loglevel error -y -f lavfi -i testsrc=size=64x64:rate=1 -t 141 -pix_fmt yuv420p "$T/long.mp4"
ffmpeg -loglevel error -y -f lavfi -i testsrc=size=320x240 -frames:v 1 "$T/p.jpg"
sbx_start --media-dir "$T/media"
x_env

# media_field ID FIELD: a field of an uploaded media in the emulator's state.
media_field() {
    curl -s "$SBX_URL/_sandbox/state?network=x" | "$PY" -c "
import json, sys
m = [m for m in json.load(sys.stdin).get('media', []) if m['id'] == sys.argv[1]]
print(m[0].get(sys.argv[2]) if m else 'none')" "$1" "$2"
}
first_media() { "$PY" -c "import json,sys; print(json.loads(sys.argv[1])[0])" "$(x_tweet "$1" media_ids)"; }

x_mark
run_agoras x video --video-file "$T/media/v.mp4" --video-title Title --text words
assert_rc "local video" 0
id=$(out_id)
expect "text '<title> - <text>'" "$(x_tweet "$id" text)" "Title - words"
mid=$(first_media "$id")
expect "category" "$(media_field "$mid" media_category)" tweet_video
expect "bytes intact" "$(media_field "$mid" sha256)" "$(sha256sum "$T/media/v.mp4" | cut -d' ' -f1)"
expect "one initialize" "$(x_sent media_initialize)" 1
expect "one finalize" "$(x_sent media_finalize)" 1
expect_at_least "STATUS polled until succeeded" "$(x_sent media_status)" 2
expect "one post" "$(x_sent tweets)" 1
assert_out "result line" "\"url\":\"https://x.com/i/status/$id\""

x_mark
TWITTER_VIDEO_URL="$SBX_URL/media/big.mp4" TWITTER_VIDEO_TITLE="Big" run_agoras x video
assert_rc "video by URL (env), 10 MB" 0
size=$(stat -c %s "$T/media/big.mp4")
expect "three appends of 4 MiB" "$(x_sent media_append)" $(((size + 4194303) / 4194304))
expect "URL video: bytes intact" "$(media_field "$(first_media "$(out_id)")" sha256)" "$(sha256sum "$T/media/big.mp4" | cut -d' ' -f1)"
expect "title only" "$(x_tweet "$(out_id)" text)" Big

# --- refused before anything is sent ---
x_mark
run_agoras x video --video-file "$T/media/v.mp4" --video-title "$(printf 't%.0s' $(seq 200))" --text "$(printf 'u%.0s' $(seq 80))"
assert_rc "title + ' - ' + text over 280" 4
run_agoras x video --video-title x
assert_rc "no video" 2
run_agoras x video --video-file "$T/media/v.mp4" --video-url "$SBX_URL/media/v.mp4"
assert_rc "both sources" 2
run_agoras x video --video-file "$T/p.jpg"
assert_rc "an image as the video" 4
run_agoras x video --video-file "$T/long.mp4"
assert_rc "141 s of video" 4
assert_err "too long: the limit" "140"
run_agoras x video --video-url "$SBX_URL/media/missing.mp4"
assert_rc "a URL that is not there" 4
expect "refusals: nothing initialized" "$(x_sent media_initialize)" 0
expect "refusals: nothing posted" "$(x_sent tweets)" 0

# --- X's processing fails, or takes longer than the wait ---
fault x:media_finalize failed
x_mark
run_agoras x video --video-file "$T/media/v.mp4" --text failing
assert_rc "processing failed" 1
assert_err "failed: X's reason" "Unsupported video format"
expect "failed: no post" "$(x_sent tweets)" 0
run_agoras x video --video-file "$T/media/v.mp4" --text slow --wait-timeout 1
assert_rc "processing longer than --wait-timeout" 5
assert_err "timeout: says so" "still processing"
expect "timeout: no post" "$(x_sent tweets)" 0

assert_no_secrets "$X_CS" "$X_SECRET"
finish
