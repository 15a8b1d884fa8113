#!/usr/bin/env bash
# agoras telegram video against the sandbox: by URL, by upload (bytes checked in the emulator's
# state), the 50 MB limit and the choice of source checked before anything is sent.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/client_lib.sh"
source "$(dirname "$0")/telegram_lib.sh"

mkdir -p "$T/media"
gen_video "$T/media/v.mp4" 1 320x240 25
sbx_start --media-dir "$T/media"
tg_env

run_agoras telegram video --video-url "$SBX_URL/media/v.mp4" --video-title "The title"
assert_rc "video by URL" 0
id=$(out_id)
expect "by URL: a video" "$(tg_message $CHAT_NUM "$id" kind)" video
expect "by URL: the title is the caption" "$(tg_message $CHAT_NUM "$id" caption)" "The title"

VIDEO_TITLE=ignored run_agoras telegram video --video-file "$T/media/v.mp4" --text "<i>the text</i>"
assert_rc "video upload" 0
id=$(out_id)
expect "upload: bytes intact" "$(tg_message $CHAT_NUM "$id" sha256)" "$(sha256sum "$T/media/v.mp4" | cut -d' ' -f1)"
expect "upload: the text wins over the title" "$(tg_message $CHAT_NUM "$id" caption)" "the text"
VIDEO_URL=$SBX_URL/media/v.mp4 run_agoras telegram video
assert_rc "video URL from VIDEO_URL" 0

# Refused before anything is sent.
tg_mark
# 51 MB: a real MP4 followed by padding, so only the size is wrong.
cp "$T/media/v.mp4" "$T/big.mp4" && head -c $((51 * 1024 * 1024)) /dev/zero >>"$T/big.mp4"
run_agoras telegram video --video-file "$T/big.mp4"
assert_rc "video over 50 MB" 4
assert_err "over 50 MB: the limit" "at most 50MB"
run_agoras telegram video --video-file "$T/missing.mp4"
assert_rc "missing file" 4
printf 'plain text' >"$T/notes.mp4"
run_agoras telegram video --video-file "$T/notes.mp4"
assert_rc "not a video" 4
run_agoras telegram video --video-file "$T/media/v.mp4" --video-url "$SBX_URL/media/v.mp4"
assert_rc "both sources" 2
assert_err "both sources: hint" "not both"
run_agoras telegram video
assert_rc "no source" 2
run_agoras telegram video --video-url "$T/media/v.mp4"
assert_rc "a path as --video-url" 2
run_agoras telegram video --video-url "$SBX_URL/media/v.mp4" --text "$(head -c 1025 /dev/zero | tr '\0' c)"
assert_rc "caption of 1025" 4
expect "refusals: no sendVideo" "$(tg_sent sendVideo)" 0

assert_no_secrets "$TOKEN" sbx-telegram-token
finish
