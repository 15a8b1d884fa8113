#!/usr/bin/env bash
# agoras x like, share and delete against the sandbox: {"id":"<post id>"} on stdout, the user id from
# the store (no GET /2/users/me, which X bills) or else from /2/users/me, X's refusals with their fix
# (likes on self-serve access, someone else's post, a deleted post), bad ids refused before sending.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/client_lib.sh"
source "$(dirname "$0")/x_lib.sh"

sbx_start
x_env

# --- env only: the user id comes from /2/users/me ---
x_mark
run_agoras x share --post-id "$X_FRIEND_POST"
assert_rc "share" 0
expect "share: result" "$(cat "$OUT")" "{\"id\":\"$X_FRIEND_POST\"}"
expect "share: one repost" "$(x_sent retweets)" 1
expect "share: user id asked" "$(x_sent users_me)" 1
expect "share: in the state" "$(x_count retweets)" 1

x_mark
TWEET_ID=$X_FRIEND_POST run_agoras x like
assert_rc "like (TWEET_ID from env)" 0
expect "like: result" "$(cat "$OUT")" "{\"id\":\"$X_FRIEND_POST\"}"
expect "like: one request" "$(x_sent likes)" 1

# --- stored: the user id comes from the record ---
run_agoras x authorize
assert_rc "authorize" 0
run_agoras x post --text "to delete"
id=$(out_id)
x_mark
run_agoras twitter delete --post-id "$id"
assert_rc "delete (alias)" 0
expect "delete: result" "$(cat "$OUT")" "{\"id\":\"$id\"}"
expect "delete: gone" "$(x_tweet "$id" deleted)" True
x_mark
(unset TWITTER_OAUTH_TOKEN TWITTER_OAUTH_SECRET TWITTER_CONSUMER_KEY TWITTER_CONSUMER_SECRET
    run_agoras x share --post-id "$X_FRIEND_POST"
    expect "stored share: posted" "$RC" 0)
expect "stored: no /2/users/me" "$(x_sent users_me)" 0

# --- refusals ---
run_agoras x delete --post-id "$id"
assert_rc "delete a deleted post" 1
run_agoras x delete --post-id "$X_FRIEND_POST"
assert_rc "delete someone else's post" 1
x_mark
run_agoras x like --post-id 12ab
assert_rc "not a post id" 2
run_agoras x share
assert_rc "no --post-id" 2
run_agoras x like --post-id "$(printf '9%.0s' $(seq 25))"
assert_rc "a post id too long" 2
expect "bad ids: nothing sent" "$(x_sent likes)$(x_sent retweets)" 00
TWITTER_OAUTH_TOKEN=$X_RO_TOKEN TWITTER_OAUTH_SECRET=$X_RO_SECRET run_agoras x share --post-id "$X_FRIEND_POST"
assert_rc "share with a read-only token" 3
assert_err "read-only: the fix" "Read and Write"

# Likes on self-serve access: 403 explained.
printf '{"x": {"likes_forbidden": true}}\n' >"$T/state.json"
sbx_start --state "$T/state.json"
x_env
run_agoras x like --post-id "$X_FRIEND_POST"
assert_rc "like on self-serve access" 1
assert_err "like: the tier explained" "only Enterprise access may like posts"

assert_no_secrets "$X_CS" "$X_SECRET" "$X_RO_SECRET"
finish
