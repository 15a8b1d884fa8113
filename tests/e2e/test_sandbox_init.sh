# video/init and inbox/video/init request rules (TIKTOK_API.md §2.2–2.4): body shape, post_info
# types and limits, privacy options, and the Media Transfer Guide's chunk plan in decimal bytes.
source "$(dirname "$0")/lib.sh"

sbx_start --auto-approve
INIT=/v2/post/publish/video/init/
PI='"post_info":{"privacy_level":"SELF_ONLY"}'
calls=0
# init BODY: video/init, logging in again every 5 calls (the documented limit is 6 per minute per token).
init() {
    if [ $((calls % 5)) -eq 0 ]; then login; fi
    calls=$((calls + 1))
    api "$INIT" "$1"
}
plan() { # plan SIZE CHUNK COUNT
    init "{$PI,\"source_info\":{\"source\":\"FILE_UPLOAD\",\"video_size\":$1,\"chunk_size\":$2,\"total_chunk_count\":$3}}"
}

# --- chunk plans that TikTok accepts ---
plan 3000000 3000000 1
check "under 5 MB in one piece" 200 ok
case "$(jget data.upload_url)" in "$SBX_URL/video/?upload_id="*"&upload_token="*) ok ;; *) fail "upload_url shape" ;; esac
plan 50000123 10000000 5
check "the guide's worked example" 200 ok
plan 64000000 64000000 1
check "64,000,000 bytes in one chunk" 200 ok
plan 10000000 5000000 2
check "two 5 MB chunks" 200 ok
plan 4000000000 10000000 400
check "4 GB" 200 ok
plan 5000000 5000000 1
check "exactly 5 MB in one chunk" 200 ok
plan 4999999 4999999 1
check "just under 5 MB" 200 ok
plan 127999999 64000000 1
check "over 64 MB must be chunked" 400 invalid_params

# --- chunk plans TikTok refuses ---
plan 3000000 1000000 3
check "under 5 MB but chunked" 400 invalid_params
plan 50000123 10000000 6
check "ceil instead of floor chunk count" 400 invalid_params
plan 20000000 4999999 4
check "chunk under 5 MB" 400 invalid_params
plan 100000000 64000001 1
check "chunk over 64 MB" 400 invalid_params
plan 66000000 66000000 1
check "66 MB single chunk (64 MiB planner)" 400 invalid_params
plan 67108864 67108864 1
check "64 MiB single chunk" 400 invalid_params
plan 4000000001 10000000 400
check "over 4 GB" 400 invalid_params
plan 0 0 0
check "empty video" 400 invalid_params
init "{$PI,\"source_info\":{\"source\":\"FILE_UPLOAD\",\"video_size\":\"3000000\",\"chunk_size\":3000000,\"total_chunk_count\":1}}"
check "video_size as a string" 400 invalid_params
init "{$PI,\"source_info\":{\"source\":\"FILE_UPLOAD\",\"video_size\":3000000}}"
check "missing chunk fields" 400 invalid_params

# --- body shape and post_info ---
login
req POST "$SBX_URL$INIT" -H "Authorization: Bearer $ACCESS" -H 'Content-Type: application/x-www-form-urlencoded' --data 'a=b'
check "form body instead of JSON" 400 invalid_params
init '{"post_info":'
check "malformed JSON" 400 invalid_params
init '{"source_info":{"source":"FILE_UPLOAD","video_size":3000000,"chunk_size":3000000,"total_chunk_count":1}}'
check "missing post_info" 400 invalid_params
SRC='"source_info":{"source":"FILE_UPLOAD","video_size":3000000,"chunk_size":3000000,"total_chunk_count":1}'
init "{\"post_info\":{\"privacy_level\":\"SELF_ONLY\",\"disable_comment\":\"true\"},$SRC}"
check "boolean as a string" 400 invalid_params
init "{\"post_info\":{\"privacy_level\":\"SELF_ONLY\",\"video_cover_timestamp_ms\":1.5},$SRC}"
check "cover timestamp not an integer" 400 invalid_params
long=$(printf 'a%.0s' $(seq 1 2200))
init "{\"post_info\":{\"privacy_level\":\"SELF_ONLY\",\"title\":\"$long\"},$SRC}"
check "title of 2200 UTF-16 units" 200 ok
emoji=$(printf '\\ud83d\\ude00%.0s' $(seq 1 1101)) # 1101 code points, 2202 UTF-16 units
init "{\"post_info\":{\"privacy_level\":\"SELF_ONLY\",\"title\":\"$emoji\"},$SRC}"
check "title over 2200 UTF-16 units" 400 invalid_params
init "{\"post_info\":{\"privacy_level\":\"SELF_ONLY\"},\"source_info\":{\"source\":\"UPLOAD\"}}"
check "unknown source" 400 invalid_params
init "{\"post_info\":{\"privacy_level\":\"SELF_ONLY\"},\"source_info\":{\"source\":\"PULL_FROM_URL\",\"video_url\":\"ftp://x/y.mp4\"}}"
check "pull URL not https" 400 invalid_params
init "{\"post_info\":{\"privacy_level\":\"SELF_ONLY\"},\"source_info\":{\"source\":\"PULL_FROM_URL\",\"video_url\":\"https://unverified.example.com/v.mp4\"}}"
check "pull URL not verified" 403 url_ownership_unverified

# --- privacy_level against creator_info's options ---
init "{\"post_info\":{\"title\":\"x\"},$SRC}"
check "missing privacy_level" 403 privacy_level_option_mismatch
init "{\"post_info\":{\"privacy_level\":\"FOLLOWER_OF_CREATOR\"},$SRC}"
check "privacy not offered to a public account" 403 privacy_level_option_mismatch
init "{\"post_info\":{\"privacy_level\":\"EVERYONE\"},$SRC}"
check "unknown privacy level" 403 privacy_level_option_mismatch
init "{\"post_info\":{\"privacy_level\":\"PUBLIC_TO_EVERYONE\",\"disable_duet\":true,\"brand_organic_toggle\":true,\"is_aigc\":false},$SRC}"
check "full post_info" 200 ok
case "$(jget data.publish_id)" in v_pub_file~v2-1.*) ok ;; *) fail "direct publish_id shape" ;; esac

# --- inbox init: only source_info; scope video.upload ---
login user.info.basic,video.upload
api /v2/post/publish/inbox/video/init/ "{$SRC}"
check "inbox init" 200 ok
case "$(jget data.publish_id)" in v_inbox_file~v2.*) ok ;; *) fail "inbox publish_id shape" ;; esac
api "$INIT" "{$PI,$SRC}"
check "direct init without video.publish" 401 scope_not_authorized
api /v2/post/publish/inbox/video/init/ '{"source_info":{"source":"FILE_UPLOAD","video_size":3000000,"chunk_size":1000000,"total_chunk_count":3}}'
check "inbox init with a bad plan" 400 invalid_params
login user.info.basic,video.publish
api /v2/post/publish/inbox/video/init/ "{$SRC}"
check "inbox init without video.upload" 401 scope_not_authorized

# --- exact paths, as at TikTok ---
api /v2/post/publish/video/init "{$PI,$SRC}"
check "path without trailing slash" 404
req GET "$SBX_URL$INIT" -H "Authorization: Bearer $ACCESS"
check "GET on a POST endpoint" 405
finish
