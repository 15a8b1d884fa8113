#!/usr/bin/env bash
# agoras tiktok video --video-file: FILE_UPLOAD of one chunk and of 13 chunks (the bytes TikTok
# received hash to the file's), the result line, drafts, --no-wait, --dry-run, usage errors, chunk
# retries, a connection lost mid-chunk or after a chunk arrived (resume from the server's
# Content-Range after 416), and an access token that expires during the upload.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/client_lib.sh"
source "$(dirname "$0")/video_lib.sh"

SMALL="$T/small.mp4"
gen_video "$SMALL" 2 720x1280 30
BIG="$T/big.mp4"
gen_big "$BIG"

# --- one chunk: the result line, the request fields, the bytes ------------------------------------
vstart
run_agoras tiktok video --video-file "$SMALL" --title "Hello #agoras" --privacy PUBLIC_TO_EVERYONE \
    --no-allow-duet --cover-timestamp 500 --ai-generated --brand-organic
assert_rc "small upload" 0
assert_json_line "small upload result" "$RESULT_OK and len(j['post_ids']) == 1"
assert_err "nickname shown" "Posting as Sandbox Creator (@sandbox_creator)"
assert_err "brand organic label" "Your photo/video will be labeled as 'Promotional content'"
assert_err "music usage line" "By posting, you agree to TikTok's Music Usage Confirmation"
expect "publish_id printed is the sandbox's" "$(json_out 'j["publish_id"]')" "$(last_post publish_id)"
expect "post id printed is the sandbox's" "$(json_out 'j["post_ids"][0]')" \
    "$(sandbox_state "s['posts'][-1]['publicaly_available_post_id'][0]")"
expect "one chunk: chunk_size" "$(last_post chunk_size)" "$(stat -c %s "$SMALL")"
expect "one chunk: total_chunk_count" "$(last_post total_chunk_count)" 1
expect "one chunk: one PUT" "$(sent $UPLOAD)" 1
expect "one chunk: sha256" "$(last_post sha256)" "$(sha_of "$SMALL")"
expect "title sent" "$(last_post title)" "Hello #agoras"
expect "privacy sent" "$(last_post privacy_level)" PUBLIC_TO_EVERYONE
expect "--no-allow-duet sent" "$(last_post disable_duet)" true
expect "comments allowed" "$(last_post disable_comment)" false
expect "cover timestamp sent" "$(last_post video_cover_timestamp_ms)" 500
expect "AI label sent" "$(last_post is_aigc)" true
expect "brand organic sent" "$(last_post brand_organic_toggle)" true
expect "content type" "$(last_post content_type)" video/mp4

# Metadata from env (Agoras's names); the default privacy is SELF_ONLY: no public post id.
mark
TIKTOK_TITLE="from env" TIKTOK_ALLOW_COMMENTS=no run_agoras tiktok video --video-file "$SMALL"
assert_rc "env metadata" 0
assert_json_line "private post: no post ids" "list(j) == ['publish_id','status','post_ids'] and j['status'] == 'PUBLISH_COMPLETE' and j['post_ids'] == []"
expect "TIKTOK_TITLE" "$(last_post title)" "from env"
expect "TIKTOK_ALLOW_COMMENTS=no" "$(last_post disable_comment)" true
expect "default privacy" "$(last_post privacy_level)" SELF_ONLY

# Branded content: the Paid partnership label and the Branded Content Policy line.
mark
run_agoras tiktok video --video-file "$SMALL" --privacy PUBLIC_TO_EVERYONE --brand-content --brand-organic
assert_rc "branded content" 0
assert_err "paid partnership label" "Your photo/video will be labeled as 'Paid partnership'"
assert_err "branded content policy line" \
    "By posting, you agree to TikTok's Branded Content Policy (https://www.tiktok.com/legal/page/global/bc-policy/en) and Music Usage Confirmation"
expect "brand content sent" "$(last_post brand_content_toggle)" true

# --- 13 chunks (about 132 MB), streamed from disk ---------------------------------------------------
new_client
SIZE=$(stat -c %s "$BIG")
run_agoras_rss tiktok video --video-file "$SMALL" --no-wait
assert_rc "small upload, measured" 0
RSS_SMALL=$RSS_KB
mark
run_agoras_rss tiktok video --video-file "$BIG" --privacy PUBLIC_TO_EVERYONE
assert_rc "big upload" 0
assert_json_line "big upload result" "$RESULT_OK"
expect "big: chunk_size" "$(last_post chunk_size)" 10000000
expect "big: total_chunk_count" "$(last_post total_chunk_count)" $((SIZE / 10000000))
expect "big: one PUT per chunk" "$(sent $UPLOAD)" $((SIZE / 10000000))
expect "big: bytes received" "$(last_post uploaded_bytes)" "$SIZE"
expect "big: sha256" "$(last_post sha256)" "$(sha_of "$BIG")"
echo "peak RSS of agoras (with its media probe): $RSS_SMALL KiB uploading $(stat -c %s "$SMALL") bytes," \
    "$RSS_KB KiB uploading $SIZE bytes"
# Streamed from disk: memory must not grow with the file (a buffered chunk alone would add 10 MB).
[ $((RSS_KB - RSS_SMALL)) -lt 8000 ] && ok || fail "peak RSS grew from $RSS_SMALL to $RSS_KB KiB with the file size"

# A connection lost after the sandbox stored chunk 3: the retry gets 416 and agoras resumes at
# chunk 4 from the server's Content-Range; the bytes still hash right.
new_client
upload_proxy lose-answer 3
AGORAS_TIKTOK_API_BASE=$PROXY_URL run_agoras tiktok video --video-file "$BIG" -l DEBUG
assert_rc "answer lost after chunk 3" 0
assert_json_line "resume result" "list(j) == ['publish_id','status','post_ids']"
# One PUT per chunk, and chunk 3 once more (answered 416, whose Content-Range says where to resume).
expect "resume: chunk 3 sent again, no other" "$(sent $UPLOAD)" $((SIZE / 10000000 + 1))
expect "resume: sha256" "$(last_post sha256)" "$(sha_of "$BIG")"
assert_err "resume is reported" "resuming at chunk 4"

# The connection dies halfway through chunk 2: the chunk did not arrive; it is sent again.
new_client
upload_proxy cut-body 2
AGORAS_TIKTOK_API_BASE=$PROXY_URL run_agoras tiktok video --video-file "$BIG"
assert_rc "connection cut mid-chunk" 0
expect "cut mid-chunk: sha256" "$(last_post sha256)" "$(sha_of "$BIG")"
expect "cut mid-chunk: bytes" "$(last_post uploaded_bytes)" "$SIZE"
stop_servers

# The last chunk arrives but its answer is lost: the retry's 416 says everything is there.
new_client
upload_proxy lose-answer $((SIZE / 10000000))
AGORAS_TIKTOK_API_BASE=$PROXY_URL run_agoras tiktok video --video-file "$BIG"
assert_rc "answer to the last chunk lost" 0
expect "last chunk lost: sha256" "$(last_post sha256)" "$(sha_of "$BIG")"
stop_servers

# --- chunk faults ---------------------------------------------------------------------------------
# 5xx on a chunk is retried; a dropped connection before the body too.
new_client
BEFORE=$(posts_count)
curl -s -o /dev/null "$SBX_URL/_sandbox/fault" --data 'path=upload&codes=500,503,drop'
run_agoras tiktok video --video-file "$SMALL"
assert_rc "chunk 500, 503, drop then success" 0
expect "chunk retried: three faulted PUTs, then the one stored" "$(sent $UPLOAD)" 4
expect "chunk retried: sha256" "$(last_post sha256)" "$(sha_of "$SMALL")"
expect "chunk retried: one post" "$(posts_count)" $((BEFORE + 1))

# A chunk that keeps failing: exit 5 naming the post, which exists (publish_id) but is incomplete.
mark
curl -s -o /dev/null "$SBX_URL/_sandbox/fault" --data 'path=upload&codes=500,500,500,500,500'
run_agoras tiktok video --video-file "$SMALL"
assert_rc "chunk keeps failing" 5
assert_err "chunk failure names the post" "$(last_post publish_id)"
assert_err "chunk failure says HTTP 500" "HTTP 500"

# The upload_url expires (403): an error naming the post, not a retry.
new_client
curl -s -o /dev/null "$SBX_URL/_sandbox/fault" --data 'path=upload&codes=403:upload_url_expired'
run_agoras tiktok video --video-file "$SMALL"
assert_rc "upload_url expired" 1
assert_err "upload_url expired message" "expired"
expect "403 not retried" "$(sent $UPLOAD)" 1

# --- the access token expires while the chunk is being sent: status gets 401, agoras refreshes
# once and asks again --------------------------------------------------------------------------------
sbx_start --auto-approve --complete-after 300 --stall-ms 1500
client_env
authorize_ok
mark
curl -s -o /dev/null "$SBX_URL/_sandbox/fault" --data 'path=upload&codes=stall'
OLD_ACCESS=$(stored_field access_token)
OLD_REFRESH=$(stored_field refresh_token)
"$AGORAS_BIN" tiktok video --video-file "$SMALL" >"$OUT" 2>"$ERR" &
APID=$!
wait_for_post || fail "no init within 10 s"
curl -s -o /dev/null "$SBX_URL/_sandbox/expire" --data-urlencode token=access --data-urlencode "value=$OLD_ACCESS"
wait "$APID" && RC=0 || RC=$?
cat "$OUT" "$ERR" >>"$SECRETS_LOG"
assert_rc "token expired mid-upload" 0
assert_json_line "token expired mid-upload result" "j['status'] == 'PUBLISH_COMPLETE'"
# The first status request gets 401 (the token expired during the stall); one refresh, then asked again.
expect "one refresh" "$(sent $OAUTH_TOKEN)" 1
expect_at_least "status asked before and after the refresh" "$(sent $STATUS_FETCH)" 2
[ "$(stored_field refresh_token)" != "$OLD_REFRESH" ] && ok || fail "rotated refresh token not stored"
expect "one init" "$(inits)" 1

# --- drafts, --no-wait, --dry-run ----------------------------------------------------------------
vstart
run_agoras tiktok video --video-file "$SMALL" --draft --title "draft title"
assert_rc "draft" 0
assert_json_line "draft result" "j['status'] == 'SEND_TO_USER_INBOX' and j['post_ids'] == []"
expect "draft goes to the inbox endpoint" "$(sent $INBOX_INIT)" 1
expect "draft: no direct init" "$(sent $INIT)" 0
expect "draft: inbox post" "$(last_post inbox)" true
expect "draft: sha256" "$(last_post sha256)" "$(sha_of "$SMALL")"
assert_err "draft: finish in the app" "Open the notification in the TikTok app"

mark
run_agoras tiktok video --video-file "$SMALL" --no-wait
assert_rc "--no-wait" 0
assert_json_line "--no-wait prints only the publish_id" "list(j) == ['publish_id'] and j['publish_id'].startswith('v_pub_file~')"
expect "--no-wait: no status call" "$(sent $STATUS_FETCH)" 0
expect "--no-wait: uploaded all the same" "$(last_post uploaded_bytes)" "$(stat -c %s "$SMALL")"

mark
BEFORE=$(posts_count)
run_agoras tiktok video --video-file "$BIG" --dry-run --title "dry" --privacy MUTUAL_FOLLOW_FRIENDS
assert_rc "--dry-run" 0
assert_json_line "--dry-run prints the request" "j['endpoint'] == '/v2/post/publish/video/init/' and j['body']['source_info'] == {'source': 'FILE_UPLOAD', 'video_size': $SIZE, 'chunk_size': 10000000, 'total_chunk_count': $((SIZE / 10000000))} and j['body']['post_info']['title'] == 'dry' and j['body']['post_info']['privacy_level'] == 'MUTUAL_FOLLOW_FRIENDS'"
expect "--dry-run: no init" "$(inits)" 0
expect "--dry-run: no upload" "$(sent $UPLOAD)" 0
expect "--dry-run: no post" "$(posts_count)" "$BEFORE"
assert_err "--dry-run still shows the declaration" "Music Usage Confirmation"

mark
run_agoras tiktok video --video-file "$SMALL" --draft --dry-run
assert_rc "--draft --dry-run" 0
assert_json_line "--draft --dry-run: inbox body" "j['endpoint'] == '/v2/post/publish/inbox/video/init/' and list(j['body']) == ['source_info']"
expect "--draft --dry-run: no init" "$(inits)" 0

# --- usage errors: exit 2, nothing sent ------------------------------------------------------------
mark
run_agoras tiktok video --video-file "$SMALL" --video-url "$SBX_URL/media/x.mp4"
assert_rc "both sources" 2
assert_err "both sources message" "not both"
run_agoras tiktok video --title "no video"
assert_rc "no source" 2
assert_err "no source message" "missing video"
run_agoras tiktok video --video-file "$SMALL" --upload-mode pull
assert_rc "--upload-mode with a file" 2
run_agoras tiktok video --video-file "$T/does-not-exist.mp4"
assert_rc "missing file" 4
assert_err "missing file is named" "does-not-exist.mp4"
run_agoras tiktok video --video-file "$SMALL" --privacy EVERYONE
assert_rc "bad privacy value" 2
assert_err "usage hint" "Try 'agoras tiktok video --help'."
expect "usage errors: no request at all" "$(sent_any)" 0

video_finish
