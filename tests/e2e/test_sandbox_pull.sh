# PULL_FROM_URL (TIKTOK_API.md §2.8) for videos and photos (§2.5): verified prefixes only, a real
# download (no redirects), downloaded_bytes, photo rules, media checks of pulled files, and cancel.
source "$(dirname "$0")/lib.sh"

media="$T/media"
mkdir -p "$media"
gen_video "$media/clip.mp4" 1 640x640 30
cp "$media/clip.mp4" "$media/slow.mp4"
ffmpeg -loglevel error -y -f lavfi -i testsrc=size=1080x1350 -frames:v 1 "$media/p1.jpg"
ffmpeg -loglevel error -y -f lavfi -i smptebars=size=1080x1350 -frames:v 1 "$media/p2.webp"
ffmpeg -loglevel error -y -f lavfi -i testsrc=size=1080x1350 -frames:v 1 "$media/p3.png"
ffmpeg -loglevel error -y -f lavfi -i testsrc=size=1440x1920 -frames:v 1 "$media/big.jpg"
sbx_start --auto-approve --complete-after 100 --media-dir "$media" --stall-ms 4000 --fault /media/slow.mp4=stall
M="$SBX_URL/media"
login

PUBLIC='"post_info":{"privacy_level":"PUBLIC_TO_EVERYONE"},'
pull() { # pull PATH URL [post_info prefix]: a video pull init
    api "$1" "{${3-$PUBLIC}\"source_info\":{\"source\":\"PULL_FROM_URL\",\"video_url\":\"$2\"}}"
    PUBLISH_ID=$(jget data.publish_id)
}

# --- video pulls ---
pull /v2/post/publish/video/init/ "$M/clip.mp4"
check "direct pull init" 200 ok
case "$PUBLISH_ID" in v_pub_url~v2.*) ok ;; *) fail "pull publish_id shape: $PUBLISH_ID" ;; esac
expect "no upload_url for pulls" "$(jget data.upload_url)" null
wait_status "$PUBLISH_ID" PUBLISH_COMPLETE && ok || fail "pulled video is published"
expect "downloaded_bytes" "$(jget data.downloaded_bytes)" "$(stat -c %s "$media/clip.mp4")"
pull /v2/post/publish/video/init/ "http://127.0.0.1:1/media/clip.mp4"
check "loopback URL outside the verified prefix" 403 url_ownership_unverified
pull /v2/post/publish/video/init/ "$M/missing.mp4"
check "init for a missing file" 200 ok
wait_status "$PUBLISH_ID" FAILED && ok || fail "missing file fails"
expect "404 pull" "$(jget data.fail_reason)" video_pull_failed
pull /v2/post/publish/video/init/ "$M/clip.mp4?redirect=1"
wait_status "$PUBLISH_ID" FAILED && ok || fail "redirect fails"
expect "redirects are not followed" "$(jget data.fail_reason)" video_pull_failed
login
pull /v2/post/publish/inbox/video/init/ "$M/clip.mp4" ""
check "inbox pull init" 200 ok
case "$PUBLISH_ID" in v_inbox_url~v2.*) ok ;; *) fail "inbox pull publish_id shape" ;; esac
wait_status "$PUBLISH_ID" SEND_TO_USER_INBOX && ok || fail "inbox pull reaches the inbox"
pull /v2/post/publish/video/init/ "$M/p1.jpg"
wait_status "$PUBLISH_ID" FAILED && ok || fail "a JPEG as video fails"
expect "JPEG as video" "$(jget data.fail_reason)" file_format_check_failed

# --- cancel: only a download in progress ---
login
pull /v2/post/publish/video/init/ "$M/slow.mp4"
sleep 0.3
api /v2/post/publish/status/fetch/ "{\"publish_id\":\"$PUBLISH_ID\"}"
expect "stalled download" "$(jget data.status)" PROCESSING_DOWNLOAD
api /v2/post/publish/cancel/ "{\"publish_id\":\"$PUBLISH_ID\"}"
check "cancel a download" 200 ok
api /v2/post/publish/status/fetch/ "{\"publish_id\":\"$PUBLISH_ID\"}"
expect "cancelled" "$(jget data.status)/$(jget data.fail_reason)" FAILED/publish_cancelled
api /v2/post/publish/cancel/ "{\"publish_id\":\"$PUBLISH_ID\"}"
check "cancel twice" 400 publish_not_cancellable
api /v2/post/publish/video/init/ '{"post_info":{"privacy_level":"SELF_ONLY"},"source_info":{"source":"FILE_UPLOAD","video_size":1000,"chunk_size":1000,"total_chunk_count":1}}'
api /v2/post/publish/cancel/ "{\"publish_id\":\"$(jget data.publish_id)\"}"
check "cancel a FILE_UPLOAD" 400 publish_not_cancellable
api /v2/post/publish/cancel/ '{"publish_id":"v_pub_url~v2.123"}'
check "cancel unknown publish_id" 400 invalid_publish_id
api /v2/post/publish/status/fetch/ '{"publish_id":"v_pub_url~v2.123"}'
check "status of unknown publish_id" 400 invalid_publish_id
api /v2/post/publish/status/fetch/ '{}'
check "status without publish_id" 400 invalid_params

# --- photos ---
photo_calls=0
photo() { # photo MODE IMAGES_JSON [cover] [post_info extra]
    if [ $((photo_calls % 5)) -eq 0 ]; then login; fi
    photo_calls=$((photo_calls + 1))
    api /v2/post/publish/content/init/ "{\"media_type\":\"PHOTO\",\"post_mode\":\"$1\",\"post_info\":{\"title\":\"t\",\"privacy_level\":\"PUBLIC_TO_EVERYONE\"${4:-}},\"source_info\":{\"source\":\"PULL_FROM_URL\",\"photo_images\":$2${3:+,\"photo_cover_index\":$3}}}"
    PUBLISH_ID=$(jget data.publish_id)
}
photo DIRECT_POST "[\"$M/p1.jpg\",\"$M/p2.webp\"]" 1
check "photo direct post" 200 ok
case "$PUBLISH_ID" in p_pub_url~v2.*) ok ;; *) fail "photo publish_id shape" ;; esac
wait_status "$PUBLISH_ID" PUBLISH_COMPLETE && ok || fail "photo post completes"
photo MEDIA_UPLOAD "[\"$M/p1.jpg\"]" 0
check "photo media upload" 200 ok
case "$PUBLISH_ID" in p_inbox_url~v2.*) ok ;; *) fail "photo inbox publish_id shape" ;; esac
wait_status "$PUBLISH_ID" SEND_TO_USER_INBOX && ok || fail "photo upload reaches the inbox"
photo DIRECT_POST "[\"$M/p3.png\"]" 0
wait_status "$PUBLISH_ID" FAILED && ok || fail "PNG fails"
expect "PNG photo" "$(jget data.fail_reason)" file_format_check_failed
photo DIRECT_POST "[\"$M/big.jpg\"]" 0
wait_status "$PUBLISH_ID" FAILED && ok || fail "1440 px shorter side fails"
expect "photo over 1080p" "$(jget data.fail_reason)" picture_size_check_failed
photo DIRECT_POST "[\"$M/nothing.jpg\"]" 0
wait_status "$PUBLISH_ID" FAILED && ok || fail "missing photo fails"
expect "missing photo" "$(jget data.fail_reason)" photo_pull_failed
photo "DIRECT POST" "[\"$M/p1.jpg\"]" 0
check "post_mode spelled with a space" 400 invalid_params
photo DIRECT_POST "[]" 0
check "no photos" 400 invalid_params
many=$(printf "\"$M/p1.jpg\",%.0s" $(seq 1 36))
photo DIRECT_POST "[${many%,}]" 0
check "36 photos" 400 invalid_params
photo DIRECT_POST "[\"$M/p1.jpg\",\"$M/p2.webp\"]" 2
check "cover index out of range" 400 invalid_params
photo DIRECT_POST "[\"$M/p1.jpg\"]"
check "missing photo_cover_index" 400 invalid_params
photo DIRECT_POST "[\"$M/p1.jpg\"]" 0 ",\"title\":\"$(printf 'x%.0s' $(seq 1 91))\""
check "title over 90 units" 400 invalid_params
photo DIRECT_POST "[\"$M/p1.jpg\"]" 0 ",\"description\":\"$(printf 'x%.0s' $(seq 1 4001))\""
check "description over 4000 units" 400 invalid_params
photo DIRECT_POST "[\"https://elsewhere.example.com/p.jpg\"]" 0
check "unverified photo URL" 403 url_ownership_unverified
login
api /v2/post/publish/content/init/ "{\"media_type\":\"VIDEO\",\"post_mode\":\"DIRECT_POST\",\"post_info\":{\"privacy_level\":\"SELF_ONLY\"},\"source_info\":{\"source\":\"PULL_FROM_URL\",\"photo_images\":[\"$M/p1.jpg\"],\"photo_cover_index\":0}}"
check "media_type other than PHOTO" 400 invalid_params
api /v2/post/publish/content/init/ "{\"media_type\":\"PHOTO\",\"post_mode\":\"DIRECT_POST\",\"post_info\":{\"privacy_level\":\"SELF_ONLY\"},\"source_info\":{\"source\":\"FILE_UPLOAD\",\"photo_images\":[\"$M/p1.jpg\"],\"photo_cover_index\":0}}"
check "photos by FILE_UPLOAD" 400 invalid_params
api /v2/post/publish/content/init/ "{\"media_type\":\"PHOTO\",\"post_mode\":\"DIRECT_POST\",\"source_info\":{\"source\":\"PULL_FROM_URL\",\"photo_images\":[\"$M/p1.jpg\"],\"photo_cover_index\":0}}"
check "direct photo without post_info" 400 invalid_params
login user.info.basic,video.upload
photo_calls=1
photo DIRECT_POST "[\"$M/p1.jpg\"]" 0
check "direct photo without video.publish" 401 scope_not_authorized
finish
