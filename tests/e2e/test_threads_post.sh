#!/usr/bin/env bash
# agoras threads post, video, share and delete against the sandbox, from the environment alone (a CI
# run): text (link as link_attachment), one image, a carousel of 2-4, reply control, a video by URL;
# every refusal before anything is sent (length, links, local paths); a container in ERROR; the quota
# spent; share and delete.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/client_lib.sh"
source "$(dirname "$0")/threads_lib.sh"

mkdir -p "$T/media"
ffmpeg -loglevel error -y -f lavfi -i testsrc=size=320x240 -frames:v 1 "$T/media/p.jpg"
ffmpeg -loglevel error -y -f lavfi -i testsrc=size=320x240 -frames:v 1 "$T/media/q.png"
gen_video "$T/media/v.mp4" 2 320x240 25
sbx_start --media-dir "$T/media"
th_env
th_env_token
M=$SBX_URL/media

th_mark
run_agoras threads post --text "hello threads" --link https://example.com/a
assert_rc "text and link" 0
id=$(out_id)
expect "one line on stdout" "$(wc -l <"$OUT")" 1
expect "text: published" "$(th_post "$id" "p['text']")" "hello threads"
expect "link: link_attachment" "$(th_post "$id" "p.get('link_attachment')")" "https://example.com/a"
expect "quota read first" "$(th_sent limit)" 1
expect "one publish" "$(th_sent publish)" 1
expect "a fresh env token is not refreshed" "$(th_sent refresh)" 0

THREADS_WHO_CAN_REPLY=mentioned_only run_agoras threads post --text "quiet" --image-1 "$M/p.jpg"
assert_rc "one image" 0
id=$(out_id)
expect "image: IMAGE" "$(th_post "$id" "p['media_type']")" IMAGE
expect "reply control from the env" "$(th_post "$id" "p['reply_control']")" mentioned_only

th_mark
run_agoras threads post --text "two" --image-1 "$M/p.jpg" --image-2 "$M/q.png" --link https://example.com/b
assert_rc "carousel" 0
id=$(out_id)
expect "carousel: read back as an album" "$(th_post "$id" "p['media_type']")" CAROUSEL_ALBUM
expect "carousel: the link after the text" "$(th_post "$id" "p['text']")" "two https://example.com/b"
expect "carousel: three containers" "$(th_sent create)" 3
expect "carousel: one publish" "$(th_sent publish)" 1

# Refusals before anything is sent.
th_mark
run_agoras threads post --text "$(printf 'a%.0s' $(seq 501))"
assert_rc "501 characters" 4
run_agoras threads post --text "$(printf '%.0s😀' $(seq 126))"
assert_rc "126 emojis (504 bytes as Threads counts)" 4
run_agoras threads post --text "https://1.e https://2.e https://3.e https://4.e https://5.e" --link https://6.e
assert_rc "six links" 4
assert_err "six links: said" "6 links"
run_agoras threads post --image-1 "$T/media/p.jpg"
assert_rc "a local image" 2
assert_err "a local image: the fix" "public http(s) URLs"
run_agoras threads video --video-file "$T/media/v.mp4"
assert_rc "a local video" 2
run_agoras threads post
assert_rc "nothing to post" 2
THREADS_WHO_CAN_REPLY=nobody run_agoras threads post --text x
assert_rc "bad reply control" 2
expect "refusals: nothing sent" "$(requests_count threads:create "$MARK")$(th_sent limit)" 00

# Threads cannot fetch the image: the container is ERROR, nothing published.
th_mark
run_agoras threads post --image-1 "$M/missing.jpg"
assert_rc "unreachable image" 1
assert_err "unreachable image: ERROR said" "ERROR"
expect "unreachable image: no publish" "$(th_sent publish)" 0

# Video by URL with title and text, polled to FINISHED.
THREADS_VIDEO_TITLE="My title" run_agoras threads video --video-url "$M/v.mp4" --text "more"
assert_rc "video" 0
id=$(out_id)
expect "video: VIDEO" "$(th_post "$id" "p['media_type']")" VIDEO
expect "video: title then text" "$(th_post "$id" "p['text']")" "My title
more"
run_agoras threads video --video-url "$M/v.mp4" --wait-timeout 1
assert_rc "video: timed out waiting" 6
assert_err "video timeout: not published" "was not published"

# Share and delete.
run_agoras threads share --post-id 18000000000000000
assert_rc "share" 0
expect "share: the repost is published" "$(th_post "$(out_id)" "p['user_id']")" "$TH_USER"
THREADS_POST_ID=$id run_agoras threads delete
assert_rc "delete (id from the env)" 0
expect "delete: the id printed" "$(out_id)" "$id"
run_agoras threads delete --post-id 18000000000000000
assert_rc "delete someone else's post (Threads' code 10: permission)" 3
run_agoras threads delete --post-id "1;rm"
assert_rc "delete: a bad id" 2

# The publishing quota spent: exit 5 before any container.
cat >"$T/state.json" <<'JSON'
{"threads": {"post_quota": 0}}
JSON
sbx_start --state "$T/state.json" --media-dir "$T/media"
th_env
th_env_token
th_mark
run_agoras threads post --text "over quota"
assert_rc "quota spent" 5
assert_err "quota spent: when" "24 h"
expect "quota spent: no container" "$(th_sent create)" 0

assert_no_secrets "$TH_APP_SECRET" "$TH_LONG"
finish
