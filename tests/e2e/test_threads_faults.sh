#!/usr/bin/env bash
# agoras threads against the sandbox's faults: reads and container creates retried (429, 5xx, drop,
# stall); the publish and the repost sent once whatever happens (requests counted), a lost publish
# settled by the container's status (PUBLISHED: exit 6 saying so), Threads' "not ready" refusal
# published again; failures exit with their codes.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/client_lib.sh"
source "$(dirname "$0")/threads_lib.sh"

export AGORAS_HTTP_TIMEOUT_S=2
sbx_start --stall-ms 4000 --retry-after 0
th_env
th_env_token

# Reads and creates: retried, then done.
for f in 429 503 drop; do
    th_mark
    fault threads:limit "$f"
    fault threads:create "$f"
    fault threads:status "$f"
    run_agoras threads post --text "through $f"
    assert_rc "$f on limit, create and status" 0
    expect "$f: published" "$(th_post "$(out_id)" "p['text']")" "through $f"
    expect "$f: create sent twice" "$(th_sent create)" 2
    expect "$f: one publish" "$(th_sent publish)" 1
done
th_mark
fault threads:status stall
run_agoras threads post --text "through a stall"
assert_rc "a stalled status" 0

# The publish: a 5xx or a dropped connection is never re-sent; the container says nothing was published.
for f in 500 drop; do
    th_mark
    fault threads:publish "$f"
    run_agoras threads post --text "lost $f"
    assert_rc "publish $f" 6
    expect "publish $f: sent once" "$(th_sent publish)" 1
    assert_err "publish $f: look before running again" "look at the profile"
    expect "publish $f: nothing published" "$(th_state "sum(1 for p in s['posts'] if p.get('text') == 'lost $f')")" 0
done

# Published, then the connection dropped: settled by the status (PUBLISHED), exit 6, never twice.
th_mark
fault threads:publish commit_drop
run_agoras threads post --text "committed"
assert_rc "publish commit_drop" 6
assert_err "commit_drop: published, do not post again" "do not post it again"
expect "commit_drop: sent once" "$(th_sent publish)" 1
expect "commit_drop: one post" "$(th_state "sum(1 for p in s['posts'] if p.get('text') == 'committed')")" 1

# Threads' refusals: not ready (24/4279009) published again; a 429 refused it, so again.
th_mark
fault threads:publish not_ready
run_agoras threads post --text "not ready"
assert_rc "not ready once" 0
expect "not ready: published on the second publish" "$(th_sent publish)" 2
th_mark
fault threads:publish not_ready 3
run_agoras threads post --text "never ready"
assert_rc "never ready" 5
expect "never ready: three publishes at most" "$(th_sent publish)" 3
th_mark
fault threads:publish 429
run_agoras threads post --text "after 429"
assert_rc "publish 429" 0
expect "publish 429: refused, then sent again" "$(th_sent publish)" 2

# The quota endpoint down: temporary, nothing created.
th_mark
fault threads:limit 503 3
run_agoras threads post --text "no quota"
assert_rc "quota down" 5
expect "quota down: no container" "$(th_sent create)" 0

# Repost and delete: sent once.
th_mark
fault threads:repost commit_drop
run_agoras threads share --post-id 18000000000000000
assert_rc "repost commit_drop" 6
expect "repost: sent once" "$(th_sent repost)" 1
th_mark
fault threads:delete 503
run_agoras threads delete --post-id 18000000000000000
assert_rc "delete 503" 6
expect "delete: sent once" "$(th_sent delete)" 1
fault threads:repost 400:368
run_agoras threads share --post-id 18000000000000000
assert_rc "repost refused (368)" 1
assert_err "368: the fix" "policy"

assert_no_secrets "$TH_APP_SECRET" "$TH_LONG"
finish
