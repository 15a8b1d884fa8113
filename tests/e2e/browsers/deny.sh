#!/usr/bin/env bash
# A "browser" that clicks Deny on the sandbox's consent page: GET the page, then submit its form
# with decision=deny and follow the redirect to agoras's callback server.
set -eu
url=$1
page=$(curl -s "$url")
consent=$(printf '%s' "$page" | sed -n 's/.*name=consent_id value="\([^"]*\)".*/\1/p')
base=${url%%/v2/*}
curl -s -o /dev/null -L "$base/v2/auth/authorize/" --data-urlencode "consent_id=$consent" \
    --data-urlencode account=sandbox_creator --data-urlencode decision=deny
