#!/usr/bin/env bash
# Media URLs may not reach private, link-local or disguised loopback addresses unless
# --allow-private-urls (issue 14).  The check is on the resolved address at connect time; a URL
# that names loopback outright (http://127.0.0.1, localhost: the sandbox) stays allowed.  Every
# refused URL below is refused before a connection is made, and resolves to this host anyway.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/client_lib.sh"
source "$(dirname "$0")/video_lib.sh"

M="$T/media"
mkdir -p "$M"
gen_video "$M/clip.mp4" 1 640x360 25
ffmpeg -loglevel error -y -f lavfi -i testsrc=size=720x720:rate=1 -frames:v 1 "$M/a.jpg"
vstart --media-dir "$M"

# The flag is in the option table, so help, man page and completion have it.
run_agoras tiktok video --help
assert_out "video --help names the flag" "--[no-]allow-private-urls"
"$AGORAS_BIN" --options-table >"$OUT"
expect "flag on video and post" "$(grep -cP '^agoras tiktok (video|post)\tallow-private-urls\t' "$OUT")" 2

# Loopback named outright: allowed (the sandbox lives there).
run_agoras tiktok video --video-url "$SBX_URL/media/clip.mp4" --upload-mode file
assert_rc "explicit 127.0.0.1" 0
run_agoras tiktok video --video-url "http://localhost:$SBX_PORT/media/clip.mp4" --upload-mode file --dry-run
assert_rc "explicit localhost" 0

# Loopback in disguise (libcurl reads these as 127.0.0.1, and the plain-http rule lets loopback
# through), a name that resolves to it, 0.0.0.0, mapped IPv6: refused, nothing sent.
mark
fault /media/clip.mp4 404 # still queued at the end unless someone fetched the file
for url in {http,https}://{2130706433,0x7f000001,0177.0.0.1,127.1} https://{0.0.0.0,'[::ffff:127.0.0.1]',media.localhost}; do
    run_agoras tiktok video --video-url "$url:$SBX_PORT/media/clip.mp4?sig=url-secret" --upload-mode file
    assert_rc "$url refused" 2
    assert_err "$url: the reason" "refusing to connect to "
    assert_err "$url: the way out" "--allow-private-urls"
done
expect "refused URLs: no init sent" "$(inits)" 0
# The sandbox does not count its own /media/ host, but the fault above is still queued.
req GET "$SBX_URL/media/clip.mp4"
expect "refused URLs: TikTok's media never fetched" "$STATUS" 404

# The same for the images of a photo post (preflight), before TikTok is asked anything.
mark
run_agoras tiktok post --image-1 "$SBX_URL/media/a.jpg" --image-2 "http://2130706433:$SBX_PORT/media/a.jpg"
assert_rc "disguised image URL refused" 2
assert_err "the image is named" "image 2"
assert_err "the image's address" "refusing to connect to 127.0.0.1 (loopback address)"
expect "refused image: no content init" "$(sent $CONTENT_INIT)" 0

# --allow-private-urls lets the user mean it.
run_agoras tiktok video --video-url "http://2130706433:$SBX_PORT/media/clip.mp4" --upload-mode file --allow-private-urls
assert_rc "disguised loopback with --allow-private-urls" 0
run_agoras tiktok post --image-1 "http://0x7f000001:$SBX_PORT/media/a.jpg" --allow-private-urls --dry-run
assert_rc "image with --allow-private-urls" 0

if grep -qF url-secret "$SECRETS_LOG"; then fail "a refused URL's query was printed"; else ok; fi
finish
