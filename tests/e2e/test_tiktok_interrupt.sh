#!/usr/bin/env bash
# Issue 15.3: Ctrl-C (SIGINT) and SIGTERM while agoras posts.  During a file upload: the transfer
# stops at once, stderr names the post and says TikTok cannot cancel a file upload, exit 130/143.
# While TikTok pulls the video: the documented cancel is sent and the post ends FAILED /
# publish_cancelled.  While waiting for processing (and in `status --wait`): the line that resumes
# the wait.  A second Ctrl-C during the cancel request exits at once.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/client_lib.sh"
source "$(dirname "$0")/video_lib.sh"
set -m # background jobs in their own process group, where SIGINT is not ignored

SMALL="$T/small.mp4"
gen_video "$SMALL" 1 720x1280 30
MEDIA="$T/media"
mkdir -p "$MEDIA"
cp "$SMALL" "$MEDIA/slow.mp4"

# Stalls last 8 s and processing 8 s: far longer than agoras may take to stop.
vstart --media-dir "$MEDIA" --stall-ms 8000 --complete-after 8000

# start_agoras ARGS...: run agoras in the background (BG = its pid).
start_agoras() {
    "$AGORAS_BIN" "$@" >"$OUT" 2>"$ERR" </dev/null &
    BG=$!
}

# wait_until NAME CMD...: poll CMD for up to 10 s.
wait_until() {
    local name=$1 i
    shift
    for i in $(seq 100); do "$@" && { ok; return 0; }; sleep 0.1; done
    fail "$name: timed out waiting"
    return 1
}

# signal_agoras SIG MAX_S: send SIG to agoras; it must be gone within MAX_S seconds; sets RC.
signal_agoras() {
    local i
    kill "-$1" "$BG"
    for i in $(seq $(($2 * 10))); do kill -0 "$BG" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$BG" 2>/dev/null; then
        fail "agoras still running $2 s after SIG$1"
        kill -KILL "$BG"
    else
        ok
    fi
    wait "$BG" && RC=0 || RC=$?
    cat "$OUT" "$ERR" >>"$SECRETS_LOG"
}

queue_fault() {
    curl -s -o /dev/null "$SBX_URL/_sandbox/fault" --data "path=$1&codes=$2"
}
err_has() { grep -qF -- "$1" "$ERR"; }
post_status() { sandbox_state "s['posts'][-1]['status'] + '/' + str(s['posts'][-1].get('fail_reason') or '')"; }
uploading() { [ "$(sent $UPLOAD)" -ge 1 ]; } # the PUT is counted as it arrives, then stalls
status_seen() { [ "$(sent $STATUS_FETCH)" -ge 1 ]; }
# The sandbox counts no /media/ GET (its own file host, not an emulated route): the newest post
# waiting for its download says the pull is under way.
pulling() {
    [ "$(sandbox_state "s['posts'][-1]['source'] + '/' + s['posts'][-1]['status']")" = PULL_FROM_URL/PROCESSING_DOWNLOAD ]
}

# --- 1. Ctrl-C during a file upload -------------------------------------------------------------
for sig in INT TERM; do
    new_client
    queue_fault upload stall
    start_agoras tiktok video --video-file "$SMALL"
    wait_until "upload under way ($sig)" uploading
    signal_agoras "$sig" 2
    ID=$(last_post publish_id)
    assert_rc "SIG$sig during the upload" "$([ $sig = INT ] && echo 130 || echo 143)"
    assert_err "SIG$sig during the upload: what happened" "interrupted by SIG$sig during the upload of post '$ID'"
    assert_err "SIG$sig during the upload: no cancel for uploads" "TikTok cannot cancel a file upload"
    expect "SIG$sig during the upload: the post is unfinished" "$(post_status)" "PROCESSING_UPLOAD/"
    expect "SIG$sig during the upload: nothing on stdout" "$(cat "$OUT")" ""
done

# --- 2. Ctrl-C while TikTok pulls the video: the documented cancel ------------------------------
new_client
queue_fault /media/slow.mp4 stall
start_agoras tiktok video --video-url "$SBX_URL/media/slow.mp4" --upload-mode pull
wait_until "pull under way" pulling
signal_agoras INT 3
ID=$(last_post publish_id)
assert_rc "SIGINT during the pull" 130
assert_err "SIGINT during the pull: cancelled" "post '$ID': the post was cancelled"
expect "SIGINT during the pull: one cancel" "$(sent $CANCEL)" 1
expect "SIGINT during the pull: the sandbox cancelled it" "$(post_status)" "FAILED/publish_cancelled"

# --- 3. Ctrl-C while waiting for processing: the line that resumes the wait ----------------------
new_client
start_agoras tiktok video --video-file "$SMALL"
wait_until "processing wait" err_has "waiting up to"
wait_until "a status request answered" status_seen
sleep 0.3 # agoras has read it and sleeps 1 s before the next one
signal_agoras INT 2
ID=$(last_post publish_id)
assert_rc "SIGINT while processing" 130
assert_err "SIGINT while processing: resume line" "agoras tiktok status --publish-id $ID --wait"
assert_err "SIGINT while processing: last status" "(PROCESSING_UPLOAD)"
expect "SIGINT while processing: no cancel" "$(sent $CANCEL)" 0

start_agoras tiktok status --publish-id "$ID" --wait
sleep 1.5
signal_agoras TERM 2
assert_rc "SIGTERM during status --wait" 143
assert_err "status --wait: resume line" "agoras tiktok status --publish-id $ID --wait"
expect "status --wait: no cancel" "$(sent $CANCEL)" 0

# --- 4. A second Ctrl-C while the cancel request hangs exits at once -------------------------------
new_client
queue_fault /media/slow.mp4 stall
queue_fault /v2/post/publish/cancel/ stall
start_agoras tiktok video --video-url "$SBX_URL/media/slow.mp4" --upload-mode pull
wait_until "pull under way (second Ctrl-C)" pulling
kill -INT "$BG"
wait_until "cancel under way" err_has "cancelling post"
signal_agoras INT 1
assert_rc "second SIGINT" 130
assert_err "second SIGINT says so" "interrupted again"

video_finish
