#!/usr/bin/env bash
# Documentation items of issue 15 (grep level): the TikTok guide warns at its platform step that the
# seed's "Web" does not work, and what the user sees if they followed it; the README's sandbox block
# keeps the sandbox's tokens out of ~/.agoras.
set -u
SRC=${AGORAS_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
GUIDE=$SRC/docs/credentials/tiktok.md
FAILS=0
fail() { echo "FAIL: $*"; FAILS=$((FAILS + 1)); }

# The "Create the app" step, where the seed says "Platform: Web".
step=$(awk '/^## 2\. Create the app/ { inside = 1; next } inside && /^## / { exit } inside' "$GUIDE")
grep -q 'Platform\*\*: choose \*\*Desktop\*\*' <<<"$step" || fail "step 2 does not say to choose Desktop"
grep -q 'Not Web' <<<"$step" || fail "step 2 does not warn against Web"
grep -q 'http://127.0.0.1:3456/callback/' <<<"$step" || fail "step 2 does not name the seed's redirect URI"
grep -q 'https://' <<<"$step" || fail "step 2 does not say Web needs https redirects"
grep -q 'redirect_uri' <<<"$step" || fail "step 2 does not say what TikTok shows on a redirect mismatch"
grep -q 'invalid_grant' <<<"$step" || fail "step 2 does not name the mismatch error of the token request"

# The sandbox: its own store, in the guide and in the README.
for doc in "$GUIDE" "$SRC/README.md"; do
    grep -q "export AGORAS_STORAGE_DIR='.*agoras-sandbox/store'" "$doc" || fail "$doc: the sandbox block has no store of its own"
done

[ "$FAILS" -eq 0 ] && echo "docs checks passed"
[ "$FAILS" -eq 0 ]
