#!/usr/bin/env bash
# Faults on every X request: a 429 is waited (x-rate-limit-reset within 60 s) and sent again; a create
# (post, repost, like, delete) that got a 5xx, no answer or a stall is exit 6 and went out exactly once,
# as does the post X created before hanging up; reads and media uploads are retried; a reset far away
# is exit 5 naming it; no secret printed, even at DEBUG.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/client_lib.sh"
source "$(dirname "$0")/x_lib.sh"

mkdir -p "$T/media"
ffmpeg -loglevel error -y -f lavfi -i testsrc=size=320x240 -frames:v 1 "$T/media/p.jpg"
ffmpeg -loglevel error -y -f lavfi -i testsrc=size=320x240:rate=25 -t 1 -pix_fmt yuv420p "$T/media/v.mp4"
sbx_start --media-dir "$T/media" --stall-ms 4000 --auto-approve
x_env

# run_kind KIND: run the action that makes request KIND (at DEBUG, so the log is checked too).
run_kind() {
    case $1 in
    tweets) run_agoras x post --text "post $RANDOM$RANDOM" -l DEBUG ;;
    retweets) run_agoras x share --post-id "$X_FRIEND_POST" -l DEBUG ;;
    likes) run_agoras x like --post-id "$X_FRIEND_POST" -l DEBUG ;;
    delete)
        run_agoras x post --text "to delete $RANDOM$RANDOM"
        local id
        id=$(out_id)
        x_mark
        run_agoras x delete --post-id "$id" -l DEBUG
        ;;
    users_me) run_agoras x share --post-id "$X_FRIEND_POST" -l DEBUG ;;
    media_upload) run_agoras x post --text "img $RANDOM$RANDOM" --image-1 "$T/media/p.jpg" -l DEBUG ;;
    media_*) run_agoras x video --video-file "$T/media/v.mp4" --text "vid $RANDOM$RANDOM" -l DEBUG ;;
    request_token) BROWSER="curl -s -o /dev/null -L" run_agoras x authorize --callback-url "http://127.0.0.1:$(free_port)/callback" --timeout 10 -l DEBUG ;;
    esac
}

for kind in tweets retweets likes delete; do
    fault "x:$kind" 429
    x_mark
    run_kind $kind
    assert_rc "$kind 429 then success" 0
    expect "$kind 429: sent twice" "$(x_sent $kind)" 2
    for f in 500 503 drop stall; do
        fault "x:$kind" $f
        x_mark
        AGORAS_HTTP_TIMEOUT_S=2 run_kind $kind
        assert_rc "$kind $f: outcome unknown" 6
        assert_err "$kind $f: says so" "may have been"
        expect "$kind $f: sent exactly once" "$(x_sent $kind)" 1
    done
done

# The post is created, then X hangs up: exit 6, and it exists exactly once.
before=$(x_count tweets)
fault x:tweets commit_drop
x_mark
run_agoras x post --text "committed then dropped"
assert_rc "commit then hang up" 6
assert_err "commit_drop: look before retrying" "look at your profile before running this again"
expect "commit_drop: sent once" "$(x_sent tweets)" 1
expect "commit_drop: created once" "$(x_count tweets)" $((before + 1))

# Reads and uploads are retried: each fault is followed by a success.
for kind in users_me media_upload media_initialize media_append media_finalize media_status; do
    for f in 429 500 drop stall; do
        fault "x:$kind" $f
        x_mark
        AGORAS_HTTP_TIMEOUT_S=2 run_kind $kind
        assert_rc "$kind $f then success" 0
        created=tweets
        [ $kind = users_me ] && created=retweets
        expect "$kind $f: one create" "$(x_sent $created)" 1
    done
done
fault x:media_append 500 3
x_mark
run_kind media_append
assert_rc "append failing 3 times" 5
expect "append failing: no post" "$(x_sent tweets)" 0

# OAuth legs: request_token is retried; the verifier is single-use, so access_token is not.
unset TWITTER_OAUTH_TOKEN TWITTER_OAUTH_SECRET
fault x:request_token 500
x_mark
run_kind request_token
assert_rc "request_token 500 then success" 0
expect "request_token: twice" "$(x_sent request_token)" 2
fault x:access_token 500
x_mark
run_kind request_token
assert_rc "access_token 500" 5
expect "access_token: once" "$(x_sent access_token)" 1
assert_err "access_token: start again" "run 'agoras x authorize' again"
export TWITTER_OAUTH_TOKEN=$X_TOKEN TWITTER_OAUTH_SECRET=$X_SECRET

# A rate-limit reset far away: not waited, exit 5 naming the reset.
sbx_start --retry-after 600
x_env
fault x:tweets 429
x_mark
run_agoras x post --text "far reset"
assert_rc "429 with a far reset" 5
assert_err "far reset: when" "rate limit is exhausted until it resets at"
expect "far reset: sent once" "$(x_sent tweets)" 1

assert_no_secrets "$X_CS" "$X_SECRET"
finish
