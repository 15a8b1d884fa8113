#!/usr/bin/env bash
# Fault injection (issue 11): every request of the video flow (token refresh, creator_info,
# video/init, the chunk PUT, status/fetch) and of the photo flow (creator_info, content/init,
# status/fetch) answered once with a 429, a 500, a dropped connection and a stall.  Each run must
# end in a correct retry (exit 0, one post), or a clear error with the right exit code (SPEC §1: 5
# temporary, 6 outcome unknown) — never a crash, never two posts, and the token file must still
# decrypt and hold the sandbox's current refresh token.
#
# Stalls: the sandbox waits --stall-ms (1.5 s here instead of a real 30 s) and the client's timeouts
# are capped at 1 s with AGORAS_HTTP_TIMEOUT_S (core/http.h), so the client gives up first.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/client_lib.sh"

STALL_MS=1500
M=$T/media
mkdir -p "$M"
gen_video "$M/clip.mp4" 1 640x360 25
ffmpeg -loglevel error -y -f lavfi -i testsrc=size=720x720:rate=1 -frames:v 1 "$M/a.jpg"

# Every run refreshes (the access token from authorize is revoked before each case, so the run's
# first call gets a 401 and refreshes), and a high post cap keeps the sandbox's daily limit out of
# the way.
# Each case gets its own sandbox and authorization: a fault a failing case did not consume cannot
# leak into the next one, and TikTok's per-grant rate limits (6 inits a minute) stay out of the way.
STATE=$T/state.json
echo '{"accounts":[{"username":"sandbox_creator","nickname":"Sandbox Creator","daily_post_cap":1000}]}' >"$STATE"
fresh() {
    [ -n "${SBX_PID:-}" ] && { sbx_stop || fail "sandbox exited with status $? on SIGTERM"; }
    sbx_start --auto-approve --access-ttl 60 --stall-ms "$STALL_MS" --complete-after 100 --media-dir "$M" \
        --state "$STATE"
    client_env
    authorize_ok
    curl -s -o /dev/null "$SBX_URL/_sandbox/expire" --data-urlencode token=access \
        --data-urlencode "value=$(stored_field access_token)"
}

fault() {
    curl -s -o /dev/null -w '%{http_code}' "$SBX_URL/_sandbox/fault" --data-urlencode "path=$1" \
        --data-urlencode "codes=$2" | grep -q 200 || fail "could not queue fault $2 on $1"
}
posts() { sandbox_state "len(s['posts'])"; }
current_refresh() { sandbox_state "s['grants'][-1]['refresh_token']"; }

# The token file still decrypts and holds the refresh token the sandbox accepts now.
assert_token_intact() {
    local stored
    stored=$(stored_field refresh_token)
    expect "$1: stored refresh token decrypts and is current" "${stored:-<unreadable>}" "$(current_refresh)"
}

# case NAME FLOW PATH CODES WANT_RC WANT_POSTS [stderr text]: queue CODES on PATH, run FLOW, check.
# WANT_RC may be a list like "5|6"; WANT_POSTS is how many posts the run may create.
run_case() {
    local name=$1 flow=$2 path=$3 codes=$4 want_rc=$5 want_posts=$6 text=${7:-} before after
    fresh
    before=$(posts)
    fault "$path" "$codes"
    if [ "$flow" = video ]; then
        AGORAS_HTTP_TIMEOUT_S=1 run_agoras tiktok video --video-file "$M/clip.mp4" --title "fault $name" \
            --wait-timeout 30
    else
        AGORAS_HTTP_TIMEOUT_S=1 run_agoras tiktok post --image-1 "$SBX_URL/media/a.jpg" --title "fault $name" \
            --wait-timeout 30
    fi
    case "|$want_rc|" in
    *"|$RC|"*) ok ;;
    *) fail "$name: exit code $RC, expected $want_rc (stderr: $(tail -c 400 "$ERR"))" ;;
    esac
    [ "$RC" -lt 128 ] && ok || fail "$name: killed by a signal ($RC)"
    # A stalled request is still being served after the client gave up: count once it is done.
    case ",$codes," in *,stall,*) sleep "$((STALL_MS / 1000 + 1))" ;; esac
    after=$(posts)
    expect "$name: posts created" "$((after - before))" "$want_posts"
    [ -n "$text" ] && assert_err "$name: message" "$text"
    if [ "$RC" -eq 0 ]; then
        assert_out "$name: result line" '"status":"PUBLISH_COMPLETE"'
    else
        expect "$name: one-line error on stderr" "$(grep -c '^error: ' "$ERR")" 1
    fi
    if [ "$path" = /v2/oauth/token/ ] && [ "$codes" = stall ]; then
        # The sandbox rotated the refresh token after the client had given up: TikTok's rotation
        # makes that grant unusable, whatever the client does.  The file must still decrypt, and the
        # next run must say clearly what to do.
        [ -n "$(stored_field refresh_token)" ] && ok || fail "$name: token file unreadable"
        run_agoras tiktok whoami
        assert_rc "$name: next run" 3
        assert_err "$name: next run says" "run 'agoras tiktok authorize'"
    else
        assert_token_intact "$name"
    fi
}

TOKEN=/v2/oauth/token/
CREATOR=/v2/post/publish/creator_info/query/
VINIT=/v2/post/publish/video/init/
STATUS=/v2/post/publish/status/fetch/
PINIT=/v2/post/publish/content/init/

# -- video flow --
for f in 429 500 drop stall; do
    # A refresh is not idempotent (it rotates the token): no answer after sending it is exit 6.
    case $f in
    429) run_case "video token $f" video $TOKEN $f 0 1 ;;
    500) run_case "video token $f" video $TOKEN $f 5 0 ;;
    *) run_case "video token $f" video $TOKEN $f 6 0 "it may have been carried out" ;;
    esac
    run_case "video creator_info $f" video $CREATOR $f 0 1
    case $f in
    429) run_case "video init $f" video $VINIT $f 0 1 ;;
    500) run_case "video init $f" video $VINIT $f 6 0 "may or may not have created the post" ;;
    drop) run_case "video init $f" video $VINIT $f 6 0 "it may have been carried out" ;;
    stall) run_case "video init $f" video $VINIT $f 6 1 "it may have been carried out" ;;
    esac
    run_case "video chunk PUT $f" video upload $f 0 1
    run_case "video status $f" video $STATUS $f 0 1
done
# status/fetch failing past every retry: the post exists, its state is unknown (exit 6).
run_case "video status 500 x8" video $STATUS 500,500,500,500,500,500,500,500 6 1 "was created but its status could not be read"

# -- photo flow --
for f in 429 500 drop stall; do
    run_case "photo creator_info $f" photo $CREATOR $f 0 1
    case $f in
    429) run_case "photo init $f" photo $PINIT $f 0 1 ;;
    500) run_case "photo init $f" photo $PINIT $f 6 0 "may or may not have created the post" ;;
    drop) run_case "photo init $f" photo $PINIT $f 6 0 "it may have been carried out" ;;
    stall) run_case "photo init $f" photo $PINIT $f 6 1 "it may have been carried out" ;;
    esac
    run_case "photo status $f" photo $STATUS $f 0 1
done

assert_no_secrets "$CLIENT_SECRET"
finish
