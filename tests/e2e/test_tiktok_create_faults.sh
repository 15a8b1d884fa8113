#!/usr/bin/env bash
# Issue 15.4: every request that creates a post (video/init, inbox/video/init, content/init) exits
# 6 "may or may not have created the post" when its outcome is unknown (a 5xx answer, no answer),
# and 5 "safe to retry" only when nothing can exist (TikTok's documented 429 rate_limit_exceeded);
# a 4xx refusal is its own error.  The init is sent once whatever happens (never re-sent after it
# may have arrived).
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/client_lib.sh"
source "$(dirname "$0")/video_lib.sh"

SMALL="$T/small.mp4"
gen_video "$SMALL" 1 720x1280 30
MEDIA="$T/media"
mkdir -p "$MEDIA"
ffmpeg -loglevel error -y -f lavfi -i testsrc=size=1080x1350 -frames:v 1 "$MEDIA/a.jpg"

vstart --media-dir "$MEDIA" --retry-after 0 # the 429 cases need no real wait

# fault NAME PATH CODES WANT_RC TEXT ARGS...: queue CODES on PATH, run agoras ARGS, check the exit
# code, the message and that exactly one init was sent (or, for 429s, only the refused retries).
fault() {
    local name=$1 path=$2 codes=$3 want=$4 text=$5 before
    shift 5
    new_client
    before=$(posts_count)
    curl -s -o /dev/null "$SBX_URL/_sandbox/fault" --data "path=$path&codes=$codes"
    run_agoras tiktok "$@"
    assert_rc "$name" "$want"
    assert_err "$name: message" "$text"
    expect "$name: no upload" "$(sent $UPLOAD)" 0
    case "$codes" in
    429*) expect "$name: nothing created" "$(posts_count)" "$before" ;;
    *) expect "$name: init sent once" "$(sent $INIT $INBOX_INIT $CONTENT_INIT)" 1 ;;
    esac
}

MAYBE="may or may not have created the post"
VIDEO=(video --video-file "$SMALL")
DRAFT=(video --video-file "$SMALL" --draft)
PHOTO=(post --image-1 "$SBX_URL/media/a.jpg")
for kind in VIDEO DRAFT PHOTO; do
    case $kind in
    VIDEO) path=/v2/post/publish/video/init/; args=("${VIDEO[@]}") ;;
    DRAFT) path=/v2/post/publish/inbox/video/init/; args=("${DRAFT[@]}") ;;
    PHOTO) path=/v2/post/publish/content/init/; args=("${PHOTO[@]}") ;;
    esac
    fault "$kind init 500" "$path" 500 6 "$MAYBE" "${args[@]}"
    fault "$kind init 503" "$path" 503 6 "$MAYBE" "${args[@]}"
    fault "$kind init dropped" "$path" drop 6 "$MAYBE" "${args[@]}"
    fault "$kind init rate-limited" "$path" 429,429,429 5 "rate limit" "${args[@]}"
    fault "$kind init refused" "$path" 403:spam_risk_too_many_posts 1 "daily limit" "${args[@]}"
done
# A 429 that is not TikTok's documented rate-limit answer proves nothing: unknown.
fault "init 429 without rate_limit_exceeded" /v2/post/publish/video/init/ 429:internal_error,429:internal_error,429:internal_error \
    6 "$MAYBE" "${VIDEO[@]}"
video_finish
