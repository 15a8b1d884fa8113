# The whole TikTok flow against agoras-sandbox with curl alone (issue 4's "done when"):
# authorize (consent page, Approve) -> token -> creator_info -> video/init FILE_UPLOAD ->
# chunked PUT -> status/fetch -> PUBLISH_COMPLETE with a 19-digit post id; then the page and
# the state endpoint show the post with the right bytes and sha256.
source "$(dirname "$0")/lib.sh"

sbx_start --complete-after 3000

# 1. authorize: the consent page, then the Approve button's form.
new_pkce
req GET "$(authorize_url)"
check "authorize page" 200
grep -q 'Sandbox Creator' "$BODY" && ok || fail "consent page names the account"
consent_id=$(sed -n 's/.*name=consent_id value="\([0-9a-f]*\)".*/\1/p' "$BODY")
form /v2/auth/authorize/ --data "consent_id=$consent_id&account=sandbox_creator&decision=approve&grant_video.upload=1&grant_video.publish=1"
check "approve redirects" 302
loc=$(header Location)
case "$loc" in "$REDIRECT"\?*) ok ;; *) fail "redirect goes to the registered URI: $loc" ;; esac
expect "state echoed" "$(query_param "$loc" state)" st123
expect "scopes granted" "$(query_param "$loc" scopes)" "user.info.basic,video.upload,video.publish"
code=$(query_param "$loc" code)

# 2. token exchange (the decoded code, the same redirect_uri, the PKCE verifier).
form /v2/oauth/token/ --data-urlencode "client_key=$CLIENT_KEY" --data-urlencode "client_secret=$CLIENT_SECRET" \
    --data-urlencode "code=$code" --data-urlencode grant_type=authorization_code \
    --data-urlencode "redirect_uri=$REDIRECT" --data-urlencode "code_verifier=$VERIFIER"
check "token" 200
ACCESS=$(jget access_token)
expect "token type" "$(jget token_type)" Bearer
expect "access lifetime" "$(jget expires_in)" 7200
case "$ACCESS" in act.*) ok ;; *) fail "access token shape" ;; esac
case "$(jget refresh_token)" in rft.*) ok ;; *) fail "refresh token shape" ;; esac

# 3. creator_info.
api /v2/post/publish/creator_info/query/ '{}'
check "creator_info" 200 ok
expect "nickname" "$(jget data.creator_nickname)" "Sandbox Creator"
expect "privacy options" "$(jget data.privacy_level_options)" '["PUBLIC_TO_EVERYONE","MUTUAL_FOLLOW_FRIENDS","SELF_ONLY"]'
expect "max duration" "$(jget data.max_video_post_duration_sec)" 600

# 4. init with the documented chunk plan: 5,000,000-byte chunks, floor count, last takes the rest.
video="$T/clip.mp4"
gen_video "$video" 1 720x1280 30 -vf noise=alls=60:allf=t -c:v libx264 -preset ultrafast -b:v 60M
size=$(stat -c %s "$video")
chunk=5000000
count=$((size / chunk))
api /v2/post/publish/video/init/ "{\"post_info\":{\"title\":\"sandbox #test\",\"privacy_level\":\"PUBLIC_TO_EVERYONE\",\"disable_duet\":false,\"disable_comment\":false,\"disable_stitch\":false,\"video_cover_timestamp_ms\":0},\"source_info\":{\"source\":\"FILE_UPLOAD\",\"video_size\":$size,\"chunk_size\":$chunk,\"total_chunk_count\":$count}}"
check "video init" 200 ok
publish_id=$(jget data.publish_id)
upload_url=$(jget data.upload_url)
case "$publish_id" in v_pub_file~v2-1.*) ok ;; *) fail "publish_id shape: $publish_id" ;; esac

# 5. chunked PUT: 206 for every chunk but the last, 201 for the last.
statuses=$(put_chunks "$upload_url" "$video" "$chunk" | tr '\n' ' ')
want=$(for ((i = 1; i < count; i++)); do printf '206 '; done; printf '201 ')
expect "chunk answers" "$statuses" "$want"
expect "final Content-Range" "$(header Content-Range)" "bytes 0-$size/$size"

# 6. status: PROCESSING_UPLOAD until processing ends, then PUBLISH_COMPLETE with one 19-digit id.
api /v2/post/publish/status/fetch/ "{\"publish_id\":\"$publish_id\"}"
check "status right after upload" 200 ok
expect "processing" "$(jget data.status)" PROCESSING_UPLOAD
wait_status "$publish_id" PUBLISH_COMPLETE && ok || fail "post reaches PUBLISH_COMPLETE"
expect "uploaded bytes" "$(jget data.uploaded_bytes)" "$size"
post_id=$(jget data.publicaly_available_post_id.0)
[[ "$post_id" =~ ^7[0-9]{18}$ ]] && ok || fail "post id is a 19-digit number: $post_id"
grep -q '"publicaly_available_post_id":\[7[0-9]\{18\}\]' "$BODY" && ok || fail "post id is a JSON number"

# 7. the state endpoint and page show the received file.
req GET "$SBX_URL/_sandbox/state"
check "state" 200
expect "sha256 of the upload" "$(jget posts.0.sha256)" "$(sha256sum "$video" | cut -d' ' -f1)"
req GET "$SBX_URL/"
check "page" 200
grep -q "<video controls preload=metadata src=\"/_sandbox/media/" "$BODY" && ok || fail "page has a playable video"
for item in sbx_client_key "Sandbox Creator" "$publish_id" PUBLISH_COMPLETE; do
    grep -qF -- "$item" "$BODY" && ok || fail "page lists $item"
done
req GET "$SBX_URL/_sandbox/media/$publish_id"
check "media served" 200
expect "served bytes" "$(stat -c %s "$BODY")" "$size"

# 8. SIGTERM ends the sandbox with status 0; its log has one line per request and no secrets.
sbx_stop && ok || fail "sandbox exits 0 on SIGTERM"
grep -q "PUT /video/ -> 201" "$T/sandbox.log" && ok || fail "requests are logged"
# The start banner's export lines give the sandbox app's own client secret on purpose (to paste):
# the request log is what must not show one.
grep -v "^  export " "$T/sandbox.log" >"$T/requests.log"
for secret in "$ACCESS" "$CLIENT_SECRET" "$code" "$VERIFIER" "${upload_url##*upload_token=}"; do
    grep -qF -- "$secret" "$T/requests.log" && fail "a secret reached the log" || ok
done
finish
