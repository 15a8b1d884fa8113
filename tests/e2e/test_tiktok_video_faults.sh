#!/usr/bin/env bash
# agoras tiktok video and status: 429/500/dropped connections on init, creator_info and status (an
# init is never re-sent after TikTok may have received it), every processing fail_reason,
# --wait-timeout, and `agoras tiktok status --publish-id ID [--wait]`.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/client_lib.sh"
source "$(dirname "$0")/video_lib.sh"

SMALL="$T/small.mp4"
gen_video "$SMALL" 2 720x1280 30

# --- faults on init: never re-sent unless TikTok refused it (429) -----------------------------------
vstart
curl -s -o /dev/null "$SBX_URL/_sandbox/fault" --data 'path=/v2/post/publish/video/init/&codes=500'
run_agoras tiktok video --video-file "$SMALL"
assert_rc "init 500: the post may exist (exit 6, not \"safe to retry\")" 6
expect "init 500 sent once" "$(inits)" 1
expect "init 500: no upload" "$(sent $UPLOAD)" 0
assert_err "init 500: the post may exist" "may or may not have created the post"
assert_err "init 500: TikTok's error" "internal_error"

# A connection lost after the init was sent: not re-sent; the outcome is unknown (exit 6).
mark
curl -s -o /dev/null "$SBX_URL/_sandbox/fault" --data 'path=/v2/post/publish/video/init/&codes=drop'
run_agoras tiktok video --video-file "$SMALL"
assert_rc "init connection dropped" 6
expect "dropped init sent once" "$(inits)" 1
assert_err "dropped init: it may have been carried out" "may have been carried out"
expect "dropped init: no upload" "$(sent $UPLOAD)" 0

mark
curl -s -o /dev/null "$SBX_URL/_sandbox/fault" --data 'path=/v2/post/publish/video/init/&codes=429'
run_agoras tiktok video --video-file "$SMALL"
assert_rc "init 429 then success" 0
expect "init 429 re-sent" "$(inits)" 2
expect "init 429: one post" "$(posts_count)" 1

mark
curl -s -o /dev/null "$SBX_URL/_sandbox/fault" --data 'path=/v2/post/publish/video/init/&codes=429,429,429'
run_agoras tiktok video --video-file "$SMALL"
assert_rc "init 429 every time" 5
assert_err "init rate limit advice" "rate limit"
expect "init 429: three attempts" "$(inits)" 3
expect "init 429 every time: still one post" "$(posts_count)" 1

mark
curl -s -o /dev/null "$SBX_URL/_sandbox/fault" --data 'path=/v2/post/publish/video/init/&codes=400:invalid_params'
run_agoras tiktok video --video-file "$SMALL"
assert_rc "init 400 invalid_params" 1
assert_err "init 400 says which" "invalid_params"

# --- faults on creator_info and status: read-only calls are retried --------------------------------
new_client
curl -s -o /dev/null "$SBX_URL/_sandbox/fault" --data 'path=/v2/post/publish/creator_info/query/&codes=500,429'
curl -s -o /dev/null "$SBX_URL/_sandbox/fault" --data 'path=/v2/post/publish/status/fetch/&codes=500,429'
run_agoras tiktok video --video-file "$SMALL"
assert_rc "creator_info and status faults retried" 0
assert_json_line "result after status faults" "j['status'] == 'PUBLISH_COMPLETE'"
expect "creator_info retried: two faulted, then answered" "$(sent $CREATOR_INFO)" 3
# Status is polled until processing ends, so the count is not exact: both faults and one answer at
# least, and the faults were all used (the next status request is answered).
expect_at_least "status retried" "$(sent $STATUS_FETCH)" 3
expect "status faults: one init" "$(inits)" 1
api $STATUS_FETCH "{\"publish_id\":\"$(last_post publish_id)\"}" "$(stored_field access_token)"
check "status faults: none left over" 200

mark
curl -s -o /dev/null "$SBX_URL/_sandbox/fault" --data 'path=/v2/post/publish/status/fetch/&codes=500,500,500'
run_agoras tiktok video --video-file "$SMALL"
assert_rc "status keeps failing" 6
assert_err "status failure names the post" "$(last_post publish_id)"
expect "status failure: one init" "$(inits)" 1

# --- every fail_reason of processing: exit 1 and the explanation ---------------------------------------
new_client
declare -A ADVICE=(
    [internal]="TikTok had an internal error: try again"
    [spam_risk_too_many_posts]="too many API posts in 24 h"
    [spam_risk_user_banned_from_posting]="banned from posting: do not retry"
    [spam_risk_text]="judged the caption risky"
    [spam_risk]="judged the post risky: do not retry"
)
curl -s -o /dev/null "$SBX_URL/_sandbox/fault" \
    --data 'path=processing&codes=internal,spam_risk_too_many_posts,spam_risk_user_banned_from_posting,spam_risk_text,spam_risk'
for reason in internal spam_risk_too_many_posts spam_risk_user_banned_from_posting spam_risk_text spam_risk; do
    mark
    run_agoras tiktok video --video-file "$SMALL"
    assert_rc "fail_reason $reason" 1
    assert_err "fail_reason $reason is named" "($reason)"
    assert_err "fail_reason $reason is explained" "${ADVICE[$reason]}"
    assert_err "fail_reason $reason names the post" "$(last_post publish_id)"
    expect "fail_reason $reason: polling stopped at FAILED" "$(sent $STATUS_FETCH)" 1
done

# The status of a failed post: shown as is; with --wait, exit 1 and the explanation.
FAILED_ID=$(last_post publish_id)
run_agoras tiktok status --publish-id "$FAILED_ID"
assert_rc "status of a failed post" 0
assert_json_line "status of a failed post" "j == {'publish_id': '$FAILED_ID', 'status': 'FAILED', 'post_ids': [], 'fail_reason': 'spam_risk'}"
run_agoras tiktok status --publish-id "$FAILED_ID" --wait
assert_rc "status --wait of a failed post" 1
assert_err "status --wait of a failed post: explained" "judged the post risky"

# --- --wait-timeout and agoras tiktok status ------------------------------------------------------------
sbx_start --auto-approve --complete-after 4000 \
    --state "$(state_file "{\"accounts\":[$(account_json)]}")"
client_env
authorize_ok
run_agoras tiktok video --video-file "$SMALL" --privacy PUBLIC_TO_EVERYONE --wait-timeout 1
assert_rc "--wait-timeout too short" 6
ID=$(last_post publish_id)
assert_err "timeout names the post" "$ID"
assert_err "timeout says how to check" "agoras tiktok status --publish-id $ID"
[ -s "$OUT" ] && fail "timeout printed on stdout: $(cat "$OUT")" || ok

run_agoras tiktok status --publish-id "$ID"
assert_rc "status while processing" 0
assert_json_line "status while processing" "j == {'publish_id': '$ID', 'status': 'PROCESSING_UPLOAD', 'post_ids': []}"

run_agoras tiktok status --publish-id "$ID" --wait
assert_rc "status --wait" 0
assert_json_line "status --wait result" "$RESULT_OK and j['publish_id'] == '$ID' and len(j['post_ids']) == 1"

run_agoras tiktok status --publish-id "$ID" --wait
assert_rc "status --wait of a finished post" 0
assert_json_line "finished post" "$RESULT_OK"

# TikTok's answer, not a usage error (issue 15): exit 1.
run_agoras tiktok status --publish-id "v_pub_file~v2-1.1234567890123456789"
assert_rc "unknown publish_id" 1
assert_err "unknown publish_id message" "no post has this publish_id"
run_agoras tiktok status --publish-id "v_pub_file~v2-1.1234567890123456789" --wait --wait-timeout 5
assert_rc "unknown publish_id with --wait" 1
assert_err "unknown publish_id with --wait: message" "no post has this publish_id"
run_agoras tiktok status
assert_rc "status without --publish-id" 2

video_finish
