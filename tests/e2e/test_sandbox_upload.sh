# PUT upload_url rules (TIKTOK_API.md §2.4): headers, order, 206/201, 400, 403 after expiry, 404,
# 416 with the server's Content-Range; faults mid-upload; and the media checks after upload
# (container/codec, duration vs the account's max, 360-4096 px, 23-60 fps) with their fail_reasons.
source "$(dirname "$0")/lib.sh"

sbx_start --auto-approve --complete-after 100
login
video="$T/two-chunks.mp4"
gen_video "$video" 1 720x1280 30 -vf noise=alls=60:allf=t -c:v libx264 -preset ultrafast -b:v 60M
size=$(stat -c %s "$video")
chunk=$((size / 2)) # two chunks: floor(size / chunk) = 2, the last takes the odd byte
head -c "$chunk" "$video" >"$T/c0"
tail -c +$((chunk + 1)) "$video" >"$T/c1"
last=$((size - 1))
c0="0-$((chunk - 1))/$size"
c1="$chunk-$last/$size"

init_upload() { # init_upload SIZE CHUNK COUNT [inbox]: sets PUBLISH_ID and URL
    local path=/v2/post/publish/video/init/ pi='"post_info":{"privacy_level":"SELF_ONLY"},'
    [ -n "${4:-}" ] && { path=/v2/post/publish/inbox/video/init/; pi=; }
    api "$path" "{$pi\"source_info\":{\"source\":\"FILE_UPLOAD\",\"video_size\":$1,\"chunk_size\":$2,\"total_chunk_count\":$3}}"
    PUBLISH_ID=$(jget data.publish_id)
    URL=$(jget data.upload_url)
}
put() { # put URL FILE RANGE [content-type]
    req PUT "$1" -H "Content-Type: ${4:-video/mp4}" -H "Content-Range: bytes $3" --data-binary @"$2"
}

init_upload "$size" "$chunk" 2
check "init" 200 ok
put "$URL" "$T/c1" "$c1"
check "second chunk first" 416
expect "416 tells the progress" "$(header Content-Range)" "bytes 0-0/$size"
put "$URL" "$T/c0" "$c0" video/x-msvideo
check "unsupported Content-Type" 400
req PUT "$URL" -H "Content-Range: bytes $c0" --data-binary @"$T/c0"
check "form Content-Type (curl default)" 400
put "$URL" "$T/c0" "0-$((chunk - 1))"
check "Content-Range without total" 400
put "$URL" "$T/c0" "0-$((chunk - 1))/$((size + 1))"
check "Content-Range total differs from video_size" 400
req PUT "$URL" -H 'Content-Type: video/mp4' -H "Content-Range: bytes=$c0" --data-binary @"$T/c0"
check "Range-style 'bytes=' syntax" 400
head -c 1000 "$T/c0" >"$T/short"
put "$URL" "$T/short" "$c0"
check "body length differs from Content-Range" 400
put "$URL" "$T/c0" "0-3999999/$size"
check "chunk shorter than the plan" 400
put "${URL%%&upload_token=*}&upload_token=0000" "$T/c0" "$c0"
check "wrong upload_token" 404
put "$SBX_URL/video/?upload_id=1&upload_token=0" "$T/c0" "$c0"
check "unknown upload_id" 404
put "$URL" "$T/c0" "$c0"
check "first chunk" 206
expect "206 Content-Range" "$(header Content-Range)" "bytes 0-$chunk/$size"
put "$URL" "$T/c0" "$c0"
check "first chunk again" 416
form /_sandbox/fault --data 'path=upload&codes=500,drop'
put "$URL" "$T/c1" "$c1"
check "injected 500 on a chunk" 500 internal_error
put "$URL" "$T/c1" "$c1"
expect "dropped connection" "$STATUS" 000
api /v2/post/publish/status/fetch/ "{\"publish_id\":\"$PUBLISH_ID\"}"
expect "still uploading after faults" "$(jget data.status)/$(jget data.uploaded_bytes)" "PROCESSING_UPLOAD/$chunk"
put "$URL" "$T/c1" "$c1"
check "retried last chunk" 201
put "$URL" "$T/c1" "$c1"
check "PUT after completion" 416
wait_status "$PUBLISH_ID" PUBLISH_COMPLETE && ok || fail "SELF_ONLY post completes"
expect "private posts get no public id" "$(jget data.publicaly_available_post_id)" "[]"

# --- expiry: 403 once the upload_url is past its hour ---
init_upload "$size" "$chunk" 2
form /_sandbox/expire --data-urlencode token=upload --data-urlencode "value=$PUBLISH_ID"
put "$URL" "$T/c0" "$c0"
check "expired upload_url" 403

# --- media checks after upload: each bad video FAILS with its documented reason ---
login
media_case() { # media_case NAME FILE FAIL_REASON [inbox]: on a fresh token (status is 30/min)
    local s
    login
    s=$(stat -c %s "$2")
    init_upload "$s" "$s" 1 "${4:-}"
    put "$URL" "$2" "0-$((s - 1))/$s"
    check "$1: upload" 201
    wait_status "$PUBLISH_ID" FAILED && ok || fail "$1: FAILED expected"
    expect "$1: fail_reason" "$(jget data.fail_reason)" "$3"
}
gen_video "$T/small.mp4" 1 320x320 30
media_case "320x320" "$T/small.mp4" picture_size_check_failed
gen_video "$T/slow.mp4" 1 640x640 15
media_case "15 fps" "$T/slow.mp4" frame_rate_check_failed
gen_video "$T/mpeg4.mp4" 1 640x640 30 -c:v mpeg4
media_case "MPEG-4 part 2 codec" "$T/mpeg4.mp4" file_format_check_failed
head -c 200000 /dev/urandom >"$T/noise.mp4"
media_case "not a video" "$T/noise.mp4" file_format_check_failed
login
gen_video "$T/wide.mp4" 1 4112x400 25
media_case "4112 px wide" "$T/wide.mp4" picture_size_check_failed

gen_video "$T/good.mp4" 1 640x640 30
form /_sandbox/fault --data 'path=processing&codes=spam_risk_text'
check "queue a processing fail_reason" 200
media_case "moderation refuses the caption" "$T/good.mp4" spam_risk_text
form /_sandbox/fault --data 'path=processing&codes=500'
check "processing faults take fail_reasons only" 400

# --- a good WebM (VP9) through the inbox: SEND_TO_USER_INBOX ---
gen_video "$T/ok.webm" 1 640x640 30 -c:v libvpx-vp9 -deadline realtime
s=$(stat -c %s "$T/ok.webm")
init_upload "$s" "$s" 1 inbox
put "$URL" "$T/ok.webm" "0-$((s - 1))/$s" video/webm
check "webm upload" 201
wait_status "$PUBLISH_ID" SEND_TO_USER_INBOX && ok || fail "inbox post ends in SEND_TO_USER_INBOX"
req GET "$SBX_URL/_sandbox/media/$PUBLISH_ID"
expect "page serves the WebM as WebM" "$(header Content-Type)" video/webm
form /_sandbox/finish --data-urlencode "publish_id=$PUBLISH_ID" --data privacy_level=PUBLIC_TO_EVERYONE
check "the user finishes the draft in the app" 200
api /v2/post/publish/status/fetch/ "{\"publish_id\":\"$PUBLISH_ID\"}"
expect "finished draft" "$(jget data.status)" PUBLISH_COMPLETE
[[ "$(jget data.publicaly_available_post_id.0)" =~ ^7[0-9]{18}$ ]] && ok || fail "finished public draft has a post id"

# --- duration against the account's max (a state file lowers it to 1 s) ---
cat >"$T/state.json" <<EOF
{"accounts":[{"username":"short_creator","nickname":"Short","max_video_post_duration_sec":1}]}
EOF
sbx_start --auto-approve --complete-after 100 --state "$T/state.json"
login
api /v2/post/publish/creator_info/query/ '{}'
expect "max duration from the state file" "$(jget data.max_video_post_duration_sec)" 1
gen_video "$T/long.mp4" 2 640x640 30
media_case "2 s video for a 1 s max" "$T/long.mp4" duration_check_failed
finish
