#!/usr/bin/env bash
# agoras tiktok video: every refusal before sending (exit 4, the sandbox sees no init), creator
# info errors sent with HTTP 200, and refusals at init (caps, unaudited client).
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/client_lib.sh"
source "$(dirname "$0")/video_lib.sh"

SMALL="$T/small.mp4"
gen_video "$SMALL" 2 720x1280 30
gen_video "$T/fps61.mp4" 1 720x1280 61
gen_video "$T/tiny.mp4" 1 200x200 30
gen_video "$T/long.mp4" 6 480x640 30
ffmpeg -loglevel error -y -f lavfi -i testsrc=size=720x1280 -frames:v 1 "$T/photo.jpg"
cp "$T/photo.jpg" "$T/photo.mp4"

# --- refusals before anything is sent ---------------------------------------------------------------
vstart
run_agoras tiktok video --video-file "$SMALL" --privacy FOLLOWER_OF_CREATOR
assert_refused "privacy not offered" "this account allows: PUBLIC_TO_EVERYONE, MUTUAL_FOLLOW_FRIENDS, SELF_ONLY"
run_agoras tiktok video --video-file "$SMALL" --brand-content --privacy SELF_ONLY
assert_refused "branded content cannot be private" "branded content (--brand-content) cannot be private"
TIKTOK_PRIVACY_STATUS=SELF_ONLY TIKTOK_BRAND_CONTENT=true run_agoras tiktok video --video-file "$SMALL"
assert_refused "branded content private, from env" "cannot be private"
run_agoras tiktok video --video-file "$SMALL" --auto-add-music
assert_refused "--auto-add-music" "--auto-add-music is for photo posts only"
# 2199 ASCII characters and one emoji (a surrogate pair: 2 UTF-16 units) = 2201 units.
TITLE=$(printf 'a%.0s' $(seq 1 2199))$'\xf0\x9f\x98\x80'
run_agoras tiktok video --video-file "$SMALL" --title "$TITLE"
assert_refused "title of 2201 UTF-16 units" "2201 UTF-16 units"
run_agoras tiktok video --video-file "$SMALL" --title "${TITLE:1}" --dry-run
assert_rc "title of exactly 2200 UTF-16 units" 0
run_agoras tiktok video --video-file "$SMALL" --title $'bad \xff utf-8'
assert_refused "title not UTF-8" "not valid UTF-8"
run_agoras tiktok video --video-file "$T/photo.mp4"
assert_refused "a JPEG named .mp4" "photo.mp4"
run_agoras tiktok video --video-file "$T/fps61.mp4"
assert_refused "61 fps" "fps"
run_agoras tiktok video --video-file "$T/tiny.mp4"
assert_refused "200x200" "200x200"
: >"$T/empty.mp4"
run_agoras tiktok video --video-file "$T/empty.mp4"
assert_refused "empty file" "empty.mp4"
# Missing or unreadable, the file is the user's content caught before sending: exit 4 both (issue 15).
run_agoras tiktok video --video-file "$T/no-such.mp4"
assert_refused "missing file" "cannot read '$T/no-such.mp4'"
mkdir "$T/locked" && cp "$SMALL" "$T/locked/clip.mp4" && chmod 000 "$T/locked/clip.mp4"
AS_USER=() # root reads anything: run agoras as nobody, for whom the file is unreadable
[ "$(id -u)" -eq 0 ] && AS_USER=(setpriv --reuid=65534 --regid=65534 --clear-groups)
"${AS_USER[@]}" "$AGORAS_BIN" tiktok video --video-file "$T/locked/clip.mp4" >"$OUT" 2>"$ERR" </dev/null && RC=0 || RC=$?
assert_refused "unreadable file" "Permission denied"
expect "refusals: the sandbox saw no upload" "$(sent $UPLOAD)" 0

# The creator's own limits: maximum duration, and interactions turned off in the app.
vstart --account '"max_video_post_duration_sec":5,"comment_disabled":true,"duet_disabled":true'
run_agoras tiktok video --video-file "$T/long.mp4"
assert_refused "longer than the creator's maximum" "5"
run_agoras tiktok video --video-file "$SMALL" --privacy PUBLIC_TO_EVERYONE
assert_rc "toggles the creator disabled" 0
assert_err "comments turned off is said" "comments are turned off for this account"
assert_err "duets turned off is said" "duets are turned off for this account"
expect "disable_comment sent" "$(last_post disable_comment)" true
expect "disable_duet sent" "$(last_post disable_duet)" true
expect "disable_stitch left as asked" "$(last_post disable_stitch)" false

# --- creator info says the creator cannot post now, with HTTP 200 --------------------------------------
for code in spam_risk_too_many_posts reached_active_user_cap spam_risk_user_banned_from_posting; do
    collect_secrets
    sbx_start --auto-approve --state "$(state_file "{\"accounts\":[$(account_json "\"creator_info_error\":\"$code\"")]}")"
    client_env
    login
    mark
    TIKTOK_REFRESH_TOKEN=$REFRESH run_agoras tiktok video --video-file "$SMALL"
    assert_rc "creator_info $code" 1
    assert_err "creator_info $code names the code" "$code"
    case $code in
    spam_risk_user_banned_from_posting) assert_err "creator_info $code advice" "do not retry" ;;
    *) assert_err "creator_info $code advice" "try again in 24 h" ;;
    esac
    expect "creator_info $code: no init" "$(inits)" 0
    expect "creator_info $code: no upload" "$(sent $UPLOAD)" 0
done

# --- refusals at init ---------------------------------------------------------------------------------
# Five drafts wait in the inbox: the sixth is refused at init.
vstart
for i in 1 2 3 4 5; do run_agoras tiktok video --video-file "$SMALL" --draft --no-wait; done
assert_rc "fifth pending draft" 0
mark
run_agoras tiktok video --video-file "$SMALL" --draft --no-wait
assert_rc "sixth pending draft" 1
assert_err "pending share advice" "5 drafts are already waiting"
assert_err "pending share code" "spam_risk_too_many_pending_share"
expect "sixth draft: refused at init" "$(sent $INBOX_INIT)" 1
expect "sixth draft: no upload" "$(sent $UPLOAD)" 0

# The daily post cap: once reached, creator info says so (HTTP 200) and nothing more is sent.
vstart --account '"daily_post_cap":1'
run_agoras tiktok video --video-file "$SMALL" --no-wait
assert_rc "first post under the cap" 0
mark
run_agoras tiktok video --video-file "$SMALL" --no-wait
assert_rc "over the daily cap" 1
assert_err "daily cap advice" "try again in 24 h"
assert_err "daily cap code" "spam_risk_too_many_posts"
expect "daily cap: no init" "$(inits)" 0

# The same cap met at init (another app posted meanwhile): 403, exit 1, same advice.
vstart
curl -s -o /dev/null "$SBX_URL/_sandbox/fault" --data 'path=/v2/post/publish/video/init/&codes=403:spam_risk_too_many_posts'
run_agoras tiktok video --video-file "$SMALL"
assert_rc "daily cap at init" 1
assert_err "daily cap at init advice" "try again in 24 h"
expect "daily cap at init: no upload" "$(sent $UPLOAD)" 0

# An unaudited client: only SELF_ONLY posts to a private account; explain both halves.
vstart --unaudited
run_agoras tiktok video --video-file "$SMALL" --privacy SELF_ONLY
assert_rc "unaudited client, public account" 1
assert_err "unaudited: code" "unaudited_client_can_only_post_to_private_accounts"
assert_err "unaudited: SELF_ONLY" "SELF_ONLY"
assert_err "unaudited: private account" "set the account to private"
expect "unaudited: no post" "$(posts_count)" 0
vstart --unaudited --account '"private_account":true'
run_agoras tiktok video --video-file "$SMALL" --privacy SELF_ONLY
assert_rc "unaudited client, private account, SELF_ONLY" 0

video_finish
