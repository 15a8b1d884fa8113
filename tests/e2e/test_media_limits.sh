#!/usr/bin/env bash
# e2e: `agoras utils media-limits` output (reference §3.3 format) and the FFmpeg split:
# the publisher must not link libavformat; its helper agoras-probe (next to it) does.
# Needs AGORAS_BIN (the agoras binary).
set -u

bin=${AGORAS_BIN:?set AGORAS_BIN to the agoras binary}
failures=0

fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}

# expect_out NAME EXPECTED_STATUS EXPECTED_STDOUT -- ARGS...
expect_out() {
    local name=$1 want_rc=$2 want=$3
    shift 4
    local got rc
    got=$("$bin" "$@" 2>/dev/null)
    rc=$?
    [ "$rc" = "$want_rc" ] || fail "$name: exit $rc, expected $want_rc"
    [ "$got" = "$want" ] || fail "$name: stdout was:
$got
expected:
$want"
}

image_line='tiktok       image max=  20MB transfer=url_pull     mime=image/jpeg,image/webp'
video_line='tiktok       video max=   4GB transfer=upload_bytes mime=video/mp4,video/quicktime,video/webm'
tg_image='telegram     image max=  10MB transfer=upload_bytes mime=image/jpeg,image/png,image/webp'
tg_video='telegram     video max=  50MB transfer=upload_bytes mime=video/mp4,video/quicktime,video/webm'
x_image='x            image max=   5MB transfer=upload_bytes mime=image/gif,image/jpeg,image/png,image/webp'
x_video='x            video max= 512MB transfer=upload_bytes mime=video/mp4,video/quicktime'
dc_image='discord      image max=  10MB transfer=upload_bytes mime=image/jpeg,image/png,image/webp'
dc_video='discord      video max=  10MB transfer=upload_bytes mime=video/mp4,video/quicktime,video/webm'
th_image='threads      image max=   8MB transfer=url_pull     mime=image/jpeg,image/png'
th_video='threads      video max=   1GB transfer=url_pull     mime=video/mp4,video/quicktime'

expect_out "all rows" 0 "$image_line
$video_line
$tg_image
$tg_video
$x_image
$x_video
$dc_image
$dc_video
$th_image
$th_video" -- utils media-limits
expect_out "platform filter" 0 "$image_line
$video_line" -- utils media-limits --platform tiktok
expect_out "kind filter" 0 "$video_line
$tg_video
$x_video
$dc_video
$th_video" -- utils media-limits --kind video
expect_out "telegram" 0 "$tg_image
$tg_video" -- utils media-limits --platform telegram
expect_out "discord" 0 "$dc_image
$dc_video" -- utils media-limits --platform discord
expect_out "threads" 0 "$th_image
$th_video" -- utils media-limits --platform threads
expect_out "both filters" 0 "$image_line" -- utils media-limits --platform tiktok --kind image
# Issue 15: a platform without limits says why instead of printing nothing and succeeding.
expect_out "unknown platform" 2 "" -- utils media-limits --platform myspace
expect_out "unknown platform json" 2 "" -- utils media-limits --platform myspace --json
expect_out "known network, no limits yet" 1 "" -- utils media-limits --platform facebook
expect_out "known network, no limits yet, json" 1 "" -- utils media-limits --platform facebook --json
# expect_err NAME TEXT -- ARGS...: stderr contains TEXT.
expect_err() {
    local name=$1 want=$2
    shift 3
    "$bin" "$@" 2>&1 >/dev/null | grep -qF -- "$want" || fail "$name: stderr lacks '$want'"
}
expect_err "facebook message" "agoras does not publish to facebook yet, so it has no media limits for it (limits are known for: tiktok, telegram, x, discord, threads)" \
    -- utils media-limits --platform facebook
expect_err "myspace message" "unknown platform 'myspace': use one of " -- utils media-limits --platform myspace
expect_err "myspace try" "Try 'agoras utils media-limits --help'." -- utils media-limits --platform myspace

json=$("$bin" utils media-limits --platform tiktok --kind video --json)
want_json='[
  {
    "platform": "tiktok",
    "kind": "video",
    "mime_types": [
      "video/mp4",
      "video/quicktime",
      "video/webm"
    ],
    "max_bytes": 4294967296,
    "max_bytes_human": "4GB",
    "min_duration_s": null,
    "max_duration_s": 600,
    "max_width": 4096,
    "max_height": 4096,
    "transfer": "upload_bytes",
    "min_side": 360,
    "max_short_side": null,
    "min_fps": 23.0,
    "max_fps": 60.0
  }
]'
[ "$json" = "$want_json" ] || fail "json: got
$json"

"$bin" utils media-limits --kind audio >/dev/null 2>&1
rc=$?
[ "$rc" = 2 ] || fail "--kind audio: exit $rc, expected 2 (usage error)"

# The publisher never maps FFmpeg (it costs every start ~27 ms and ~22 MB); only agoras-probe does.
if ldd "$bin" | grep -q avformat; then
    fail "$bin links libavformat"
fi
probe="$(dirname "$bin")/agoras-probe"
if [ ! -x "$probe" ]; then
    fail "no agoras-probe next to $bin"
elif ! ldd "$probe" | grep -q avformat; then
    fail "$probe does not link libavformat"
else
    out=$("$probe" </dev/null)
    case $out in "error "*) ;; *) fail "agoras-probe on empty input said: $out" ;; esac
fi

if [ "$failures" -gt 0 ]; then
    echo "$failures failure(s)" >&2
    exit 1
fi
echo "ok: media-limits output and the FFmpeg split"
