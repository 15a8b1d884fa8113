#!/usr/bin/env bash
# Faults on every Discord request kind.  A 429 is waited (retry_after, fractional) and the request sent
# again; reads and deletes are retried after a 5xx, a dropped connection or a stall.  A create carries
# a nonce with enforce_nonce, so after a lost answer it is sent once more with the same nonce and
# Discord answers with the message it already made: "commit then hang up" leaves exactly one message.
# Two lost answers are exit 6.  Waits over 60 s are exit 5 naming the wait; an empty bucket
# (X-RateLimit-Remaining 0) is waited before the next request of that route.  The token is never
# printed, even at DEBUG.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/client_lib.sh"
source "$(dirname "$0")/discord_lib.sh"

sbx_start --stall-ms 4000
dc_env
export AGORAS_HTTP_TIMEOUT_S=2

# run_kind KIND: run the action that makes request KIND (at DEBUG, so the log is checked too).
run_kind() {
    case $1 in
    users_me | guilds | channels) run_agoras discord authorize -l DEBUG ;;
    messages) run_agoras discord post --text "fault $2" -l DEBUG ;;
    delete)
        run_agoras discord post --text "to delete"
        DISCORD_POST_ID=$(out_id) run_agoras discord delete -l DEBUG
        ;;
    esac
}

for kind in users_me guilds channels messages delete; do
    fault "discord:$kind" 429
    dc_mark
    run_kind $kind 429
    assert_rc "$kind 429 then success" 0
    expect "$kind 429: sent twice" "$(dc_sent $kind)" 2
    assert_err "$kind 429: waited" "Discord asks to wait"

    for f in 500 drop stall; do
        fault "discord:$kind" $f
        dc_mark
        before=$(dc_count)
        run_kind $kind $f
        assert_rc "$kind $f then success" 0
        expect "$kind $f: sent again once" "$(dc_sent $kind)" 2
        [ $kind = messages ] && expect "$kind $f: one message more" "$(dc_count)" $((before + 1))
    done
    [ $kind = messages ] && continue
    fault "discord:$kind" 500 3
    run_kind $kind
    assert_rc "$kind: 5xx every time" 5
done

# Commit then hang up: the message exists, the answer is lost; the same nonce brings it back.
fault discord:messages commit_drop
dc_mark
before=$(dc_count)
run_agoras discord post --text "committed once" -l DEBUG
assert_rc "commit_drop: success" 0
assert_err "commit_drop: says it sends again" "sending again with the same nonce"
expect "commit_drop: sent twice" "$(dc_sent messages)" 2
expect "commit_drop: exactly one message" "$(dc_count "m['content'] == 'committed once'")" 1
expect "commit_drop: one message more" "$(dc_count)" $((before + 1))
expect "commit_drop: the id printed is that message" "$(dc_message "$(out_id)" "m['content']")" "committed once"

# Two lost answers: unknown outcome, exit 6, never a third send.
for f in commit_drop,drop 500,500; do
    fault discord:messages $f
    dc_mark
    run_agoras discord post --text "lost twice $f"
    assert_rc "$f twice: outcome unknown" 6
    assert_err "$f twice: says so" "may have been posted: check the channel before retrying"
    expect "$f twice: sent twice only" "$(dc_sent messages)" 2
    expect "$f twice: one message at most" "$(dc_count "m['content'] == 'lost twice $f'")" "$([ $f = 500,500 ] && echo 0 || echo 1)"
done

# A global 429 and a shared one are waited the same way.
fault discord:messages 429:global
run_agoras discord post --text global
assert_rc "global 429" 0

# Cloudflare's block (40333) is not a lost answer: exit 5, sent once.
fault discord:messages 403:40333
dc_mark
run_agoras discord post --text blocked
assert_rc "40333" 5
assert_err "40333: says so" "blocking this User-Agent or IP address"
expect "40333: sent once" "$(dc_sent messages)" 1

# A wait over 60 s is not slept: exit 5 naming it, sent once.
sbx_start --retry-after 120
dc_env
fault discord:messages 429
dc_mark
run_agoras discord post --text hi
assert_rc "retry_after 120" 5
assert_err "retry_after 120: when" "retry after 120 s"
expect "retry_after 120: sent once" "$(dc_sent messages)" 1
expect "retry_after 120: nothing posted" "$(dc_count)" 0

# Buckets: with one request per 1.5 s on the guild list, the second page waits for the reset
# instead of drawing a 429.
cat >"$T/world.json" <<'JSON'
{"discord": {"extra_guilds": 250, "rate_limits": {"guilds": {"limit": 1, "window_ms": 1500}}}}
JSON
sbx_start --state "$T/world.json"
dc_env
dc_mark
start=$(date +%s%N)
run_agoras discord authorize -l DEBUG
assert_rc "bucket: authorize" 0
expect "bucket: two pages, no 429" "$(dc_sent guilds)" 2
assert_err "bucket: no 429" "-> 200"
if grep -q -- "-> 429" "$ERR"; then fail "bucket: a 429 was drawn"; else ok; fi
expect_at_least "bucket: waited about the reset (ms)" $((($(date +%s%N) - start) / 1000000)) 1000

# A 429 from an empty bucket another run emptied: retry_after is fractional (about 1.4 s), waited.
cat >"$T/world2.json" <<'JSON'
{"discord": {"rate_limits": {"messages": {"limit": 1, "window_ms": 1500}}}}
JSON
sbx_start --state "$T/world2.json"
dc_env
run_agoras discord authorize
run_agoras discord post --text first
assert_rc "bucket of one: first" 0
dc_mark
run_agoras discord post --text second -l DEBUG
assert_rc "bucket of one: second waited" 0
expect "bucket of one: 429 then sent again" "$(dc_sent messages)" 2
if grep -qE "Discord asks to wait [0-9]\.[0-9]+ s" "$ERR"; then ok; else fail "bucket of one: no fractional wait: $(head -c 400 "$ERR")"; fi

# Nothing listening: nothing was sent, safe to retry.
AGORAS_DISCORD_API_BASE=http://127.0.0.1:$(free_port)/discord run_agoras discord post --text hi
assert_rc "connection refused" 5

assert_no_secrets "$DC_TOKEN" "sbx.discord-bot-token"
finish
