#!/usr/bin/env bash
# Issue 15.5: a wait of more than 2 s is never silent.  TikTok answers 429 with Retry-After: 3 on
# video/init and on creator_info: agoras says on stderr (INFO) why it waits, how long and which
# attempt comes next, then succeeds; the status wait says how long it may last.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/client_lib.sh"
source "$(dirname "$0")/video_lib.sh"

SMALL="$T/small.mp4"
gen_video "$SMALL" 1 720x1280 30
vstart --retry-after 3

curl -s -o /dev/null "$SBX_URL/_sandbox/fault" --data 'path=/v2/post/publish/video/init/&codes=429'
START=$(date +%s.%N)
run_agoras tiktok video --video-file "$SMALL"
ELAPSED=$("$PY" -c "import sys; print(float(sys.argv[2]) - float(sys.argv[1]))" "$START" "$(date +%s.%N)")
assert_rc "init rate-limited once" 0
assert_err "the wait is announced" "rate limit reached (HTTP 429 with Retry-After) from '$SBX_URL/v2/post/publish/video/init/'; waiting 3 s before retrying (attempt 2 of 3)"
"$PY" -c "import sys; sys.exit(0 if float(sys.argv[1]) >= 3 else 1)" "$ELAPSED" && ok || fail "Retry-After 3 not honoured (${ELAPSED} s)"
assert_err "the status wait says how long" "waiting up to 600 s for TikTok to process it"
expect "one post" "$(posts_count)" 1

curl -s -o /dev/null "$SBX_URL/_sandbox/fault" --data 'path=/v2/post/publish/creator_info/query/&codes=429'
run_agoras tiktok whoami
assert_rc "creator_info rate-limited once" 0
assert_err "creator_info wait announced" "waiting 3 s before retrying (attempt 2 of 3)"

# A wait of 2 s or less stays quiet at INFO level.
sbx_start --auto-approve --retry-after 1
client_env
authorize_ok
curl -s -o /dev/null "$SBX_URL/_sandbox/fault" --data 'path=/v2/post/publish/creator_info/query/&codes=429'
run_agoras tiktok whoami
assert_rc "short wait" 0
if grep -q "before retrying" "$ERR"; then fail "a 1 s wait was announced: $(cat "$ERR")"; else ok; fi
video_finish
