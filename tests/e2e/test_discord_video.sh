#!/usr/bin/env bash
# agoras discord video against the sandbox: by URL (downloaded, bounded by the limit) and by file,
# uploaded as video.<ext> with a title embed (default "Video") and the text; bytes checked in the
# emulator; the size checked before any upload (exit 4 naming the limit and the size); the env names
# DISCORD_VIDEO_URL, VIDEO_URL, DISCORD_VIDEO_TITLE, VIDEO_TITLE.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/client_lib.sh"
source "$(dirname "$0")/discord_lib.sh"

mkdir -p "$T/media"
gen_video "$T/media/v.mp4" 1 320x240 25
SHA=$(sha256sum "$T/media/v.mp4" | cut -d' ' -f1)
# Over 10 MiB: a real MP4 followed by padding, so only the size is wrong.
cp "$T/media/v.mp4" "$T/media/big.mp4" && head -c $((10 * 1024 * 1024)) /dev/zero >>"$T/media/big.mp4"
sbx_start --media-dir "$T/media"
dc_env

run_agoras discord video --video-file "$T/media/v.mp4" --video-title "My clip" --text "watch"
assert_rc "video file" 0
id=$(out_id)
assert_out "result: url" "https://discord.com/channels/$DC_SERVER_ID/$DC_GENERAL_ID/$id"
expect "file: named video.mp4" "$(dc_message "$id" "m['attachments'][0]['filename']")" video.mp4
expect "file: bytes intact" "$(dc_message "$id" "m['attachments'][0]['sha256']")" "$SHA"
expect "file: title embed" "$(dc_message "$id" "m['embeds'][0]['title']")" "My clip"
expect "file: text" "$(dc_message "$id" "m['content']")" watch

# A private TMPDIR: other suites running in parallel make agoras-media files in /tmp too.
mkdir -p "$T/tmp"
TMPDIR="$T/tmp" run_agoras discord video --video-url "$SBX_URL/media/v.mp4"
assert_rc "video URL" 0
id=$(out_id)
expect "url: bytes intact" "$(dc_message "$id" "m['attachments'][0]['sha256']")" "$SHA"
expect "url: default title" "$(dc_message "$id" "m['embeds'][0]['title']")" Video
expect "url: no content" "$(dc_message "$id" "m['content']")" ""
expect "url: temp file removed" "$(find "$T/tmp" -maxdepth 1 -name 'agoras-media*' | wc -l)" 0

# Env names: DISCORD_* first, then Agoras's VIDEO_URL / VIDEO_TITLE.
VIDEO_URL=$SBX_URL/media/v.mp4 VIDEO_TITLE="from VIDEO_TITLE" run_agoras discord video
assert_rc "VIDEO_URL" 0
expect "VIDEO_TITLE" "$(dc_message "$(out_id)" "m['embeds'][0]['title']")" "from VIDEO_TITLE"
DISCORD_VIDEO_URL=$SBX_URL/media/v.mp4 DISCORD_VIDEO_TITLE="discord title" VIDEO_TITLE=other \
    VIDEO_URL=$SBX_URL/media/missing.mp4 run_agoras discord video
assert_rc "DISCORD_VIDEO_URL wins" 0
expect "DISCORD_VIDEO_TITLE wins" "$(dc_message "$(out_id)" "m['embeds'][0]['title']")" "discord title"

# Refusals before any upload.
dc_mark
run_agoras discord video --video-file "$T/media/big.mp4"
assert_rc "file over 10 MiB" 4
assert_err "over 10 MiB: the file's size" "'$T/media/big.mp4' is 10MB"
assert_err "over 10 MiB: the limit" "at most 10MB"
run_agoras discord video --video-url "$SBX_URL/media/big.mp4"
assert_rc "URL over 10 MiB" 4
assert_err "URL over 10 MiB: the limit" "Discord accepts videos of at most 10MB"
run_agoras discord video --video-file "$T/missing.mp4"
assert_rc "missing file" 4
printf 'plain text' >"$T/notes.mp4"
run_agoras discord video --video-file "$T/notes.mp4"
assert_rc "not a video" 4
run_agoras discord video --video-file "$T/media/v.mp4" --video-url "$SBX_URL/media/v.mp4"
assert_rc "both sources" 2
run_agoras discord video
assert_rc "no source" 2
assert_err "no source: the env names" "DISCORD_VIDEO_URL / VIDEO_URL"
run_agoras discord video --video-url "$T/media/v.mp4"
assert_rc "a path as URL" 2
run_agoras discord video --video-file "$T/media/v.mp4" --text "$(head -c 2001 /dev/zero | tr '\0' a)"
assert_rc "text over 2000" 4
run_agoras discord video --video-url "$SBX_URL/media/none.mp4"
assert_rc "URL not found" 1
expect "refusals: nothing uploaded" "$(dc_sent messages)" 0

# The server's own limit (a lower one set in the world): 40005 / HTTP 413 is exit 4.
cat >"$T/world.json" <<'JSON'
{"discord": {"upload_limit_bytes": 4096}}
JSON
sbx_start --media-dir "$T/media" --state "$T/world.json"
dc_env
run_agoras discord video --video-file "$T/media/v.mp4"
assert_rc "over the server's limit" 4
assert_err "server's limit: says so" "over the server's upload limit"
expect "server's limit: no message" "$(dc_count)" 0

assert_no_secrets "$DC_TOKEN" "sbx.discord-bot-token"
finish
