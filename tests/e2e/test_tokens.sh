#!/usr/bin/env bash
# agoras utils tokens list|show|delete|unattended-format against a copy of the store Python Agoras
# wrote (../shared/testdata/agoras-store): exact stdout, stderr and exit codes (reference §3.4).
set -euo pipefail

AGORAS=${AGORAS_BIN:?set AGORAS_BIN to the agoras binary}
SRC=${AGORAS_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
. "$(dirname "$0")/python_store.sh"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
FAILS=0

export HOME=$T/home AGORAS_STORAGE_DIR=$T/store
unset AGORAS_STORAGE_KEY NO_COLOR
mkdir -p "$HOME"
copy_python_store "$T/store"
TOK=$T/store/tokens

# expect RC CMD... : runs agoras with CMD, compares exit code, stdout with $OUT and stderr with $ERR exactly.
expect() {
    local want_rc=$1
    shift
    local rc=0
    "$AGORAS" "$@" >"$T/out" 2>"$T/err" || rc=$?
    printf '%s' "$OUT" >"$T/want_out"
    printf '%s' "$ERR" >"$T/want_err"
    if [[ $rc != "$want_rc" ]] || ! cmp -s "$T/out" "$T/want_out" || ! cmp -s "$T/err" "$T/want_err"; then
        echo "FAIL: agoras $* (exit $rc, want $want_rc)"
        diff -u "$T/want_out" "$T/out" | sed 's/^/  stdout /' || true
        diff -u "$T/want_err" "$T/err" | sed 's/^/  stderr /' || true
        FAILS=$((FAILS + 1))
    else
        echo "ok: agoras $*"
    fi
}

# Text with its final newline kept: set VAR <<'EOF' ... EOF
set_text() { IFS= read -r -d '' "$1" || true; }

# A record of our own, encrypted by Python's cryptography with the store's key (as Agoras would).
python_record() { # platform-identifier json
    printf '%s' "$2" | python3 "$SRC/tests/unit/fernet_check.py" encrypt "$T/store/.key" "$TOK/$1.token"
}

# ---- show: the issue's "done when" ----
set_text OUT <<'EOF'
Platform: tiktok
Identifier: myawesomehandle
Data:
  username: myawesomehandle
  client_key: aw12...abcd
  client_secret: s3cr...cret
  refresh_token: rft....1.e1
EOF
ERR=''
expect 0 utils tokens show --platform tiktok --identifier myawesomehandle

# Without --identifier: every token of the platform, sorted, separated by a blank line.
set_text OUT <<'EOF'
Platform: tiktok
Identifier: default
Data:
  username: myawesomehandle
  client_key: aw12...abcd
  client_secret: s3cr...cret
  refresh_token: rft....1.e1

Platform: tiktok
Identifier: myawesomehandle
Data:
  username: myawesomehandle
  client_key: aw12...abcd
  client_secret: s3cr...cret
  refresh_token: rft....1.e1
EOF
expect 0 utils tokens show --platform tiktok

set_text OUT <<'EOF'
{
  "platform": "x",
  "identifier": "default",
  "data": {
    "consumer_key": "ck",
    "consumer_secret": "cs",
    "oauth_token": "ot",
    "oauth_secret": "os"
  }
}
EOF
expect 0 utils tokens show --platform x --format json

OUT=$'rft.0123456789abcdefghijklmnopqrstuvwxyz!4321.e1\n'
expect 0 utils tokens show --platform tiktok --identifier default --field refresh_token
set_text OUT <<'EOF'
{
  "client_key": "aw1234567890abcd"
}
EOF
expect 0 utils tokens show --platform tiktok --identifier default --field client_key --format json

OUT=''
ERR=$'Field \'scope\' not found in token data.\nAvailable fields: username, client_key, client_secret, refresh_token\n'
expect 1 utils tokens show --platform tiktok --identifier default --field scope
ERR=$'Token not found for platform \'tiktok\' with identifier \'nobody\'.\n'
expect 1 utils tokens show --platform tiktok --identifier nobody
ERR=$'No stored tokens found for platform \'youtube\'.\n'
expect 1 utils tokens show --platform youtube
ERR=$'error: invalid identifier \'../x\': use 1-128 bytes without \'/\', \'..\' or control characters\nTry \'agoras utils tokens show --help\'.\n'
expect 2 utils tokens show --platform tiktok --identifier ../x
ERR=$'error: missing required option \'--platform\'\nTry \'agoras utils tokens show --help\'.\n'
expect 2 utils tokens show

# Masking of odd values: short, empty, None, non-string (Agoras crashes there), non-ASCII, containers.
python_record discord-srv-chan '{"bot_token": "short", "bot_token_hash": 1234567890123, "refresh_token": null, '\
'"client_secret": "", "server_name": "My Server", "channel_name": "g\u00e9n\u00e9ral", '\
'"user_info": {"id": 1}, "verified": true, "api_key": "\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9"}'
set_text OUT <<'EOF'
Platform: discord
Identifier: srv-chan
Data:
  bot_token: ***
  bot_token_hash: 1234...0123
  refresh_token: None
  client_secret: 
  server_name: My Server
  channel_name: général
  user_info: {"id": 1}
  verified: True
  api_key: éééé...éééé
EOF
ERR=''
expect 0 utils tokens show --platform discord --identifier srv-chan

# ---- list ----
set_text OUT <<'EOF'
Stored tokens:

  discord: srv-chan
  tiktok: default
  tiktok: myawesomehandle
  x: default
EOF
expect 0 utils tokens list
set_text OUT <<'EOF'
Stored tokens for platform: tiktok:

  tiktok: default
  tiktok: myawesomehandle
EOF
expect 0 utils tokens list --platform tiktok
OUT=''
ERR=$'No stored tokens found for platform \'youtube\'.\n'
expect 1 utils tokens list --platform youtube

# ---- unattended-format ----
python_record telegram-bot '{"bot_token": "123:abc", "chat_id": -100123}'
set_text OUT <<EOF
# Unattended Execution Environment Variables
# ==========================================
#
# Workflow:
#   1. Store these values as secrets of your CI system (they are credentials, in clear text)
#   2. Run agoras actions there without 'authorize': they read these variables

# AGORAS_STORAGE_DIR=$T/store

# X (Twitter) - OAuth 1.0a
TWITTER_CONSUMER_KEY=ck
TWITTER_CONSUMER_SECRET=cs
TWITTER_OAUTH_TOKEN=ot
TWITTER_OAUTH_SECRET=os

# TikTok - OAuth 2.0
TIKTOK_USERNAME=myawesomehandle
TIKTOK_CLIENT_KEY=aw1234567890abcd
TIKTOK_CLIENT_SECRET=s3cr3t-Client-Secret
TIKTOK_REFRESH_TOKEN='rft.0123456789abcdefghijklmnopqrstuvwxyz!4321.e1'

# Discord - Bot Token
DISCORD_BOT_TOKEN=short
DISCORD_SERVER_NAME='My Server'
DISCORD_CHANNEL_NAME=général

# Telegram - Bot Token
TELEGRAM_BOT_TOKEN=123:abc
TELEGRAM_CHAT_ID=-100123
EOF
ERR=$'WARNING: Output contains cleartext credentials. Do not pipe to logs or shared systems.\n'
expect 0 utils tokens unattended-format

# The user's order; unknown names ignored; a repeated name repeats; no storage-dir line without the env.
# shellcheck disable=SC2016 # a literal $HOME: the quoting must keep it from expanding
python_record discord-srv-chan '{"bot_token": "it'"'"'s", "server_name": "a.b-c:d@e/f", "channel_name": "$HOME"}'
set_text OUT <<'EOF'
# Unattended Execution Environment Variables
# ==========================================
#
# Workflow:
#   1. Store these values as secrets of your CI system (they are credentials, in clear text)
#   2. Run agoras actions there without 'authorize': they read these variables

# Discord - Bot Token
DISCORD_BOT_TOKEN='it'"'"'s'
DISCORD_SERVER_NAME=a.b-c:d@e/f
DISCORD_CHANNEL_NAME='$HOME'

# Discord - Bot Token
DISCORD_BOT_TOKEN='it'"'"'s'
DISCORD_SERVER_NAME=a.b-c:d@e/f
DISCORD_CHANNEL_NAME='$HOME'
EOF
mv "$T/store" "$HOME/.agoras" # the default base, ~/.agoras
unset AGORAS_STORAGE_DIR
expect 0 utils tokens unattended-format --platform discord --platform mastodon --platform discord
export AGORAS_STORAGE_DIR=$T/store
mv "$HOME/.agoras" "$T/store"

OUT=''
ERR=$'WARNING: Output contains cleartext credentials. Do not pipe to logs or shared systems.\nNo stored tokens found for platform(s): youtube, mastodon.\n'
expect 1 utils tokens unattended-format --platform youtube --platform mastodon

# ---- delete ----
OUT=$'Deleted token for platform \'x\' with identifier \'default\'.\n'
ERR=''
expect 0 utils tokens delete --platform x --identifier default
OUT=''
ERR=$'Token not found for platform \'x\' with identifier \'default\'.\n'
expect 1 utils tokens delete --platform x --identifier default
ERR=$'error: missing required option \'--identifier\'\nTry \'agoras utils tokens delete --help\'.\n'
expect 2 utils tokens delete --platform x

# ---- broken store: errors name the file and never read as "not found" ----
head -c 100 "$TOK/tiktok-default.token" >"$T/cut" && cp "$T/cut" "$TOK/tiktok-default.token"
OUT=''
ERR="error: '$TOK/tiktok-default.token' is corrupt (invalid fernet token: wrong length): run 'agoras tiktok authorize --force' to replace it, or 'agoras utils tokens delete --platform tiktok --identifier default'"$'\n'
expect 1 utils tokens show --platform tiktok --identifier default
AGORAS_STORAGE_KEY=cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4= \
    ERR="error: cannot decrypt '$TOK/tiktok-myawesomehandle.token': it was written with another key than the one in AGORAS_STORAGE_KEY (invalid fernet token: signature mismatch): set AGORAS_STORAGE_KEY to the key that wrote it"$'\n' \
    expect 1 utils tokens show --platform tiktok --identifier myawesomehandle
ERR=$'error: AGORAS_STORAGE_KEY is not a fernet key (44 characters of urlsafe base64)\nTry \'agoras utils tokens list --help\'.\n'
AGORAS_STORAGE_KEY=nope expect 2 utils tokens list

# ---- delete removes the default copy that mirrors the account, and only that one (issue 15) ----
copy_python_store "$T/store"
python_record tiktok-other '{"username": "other", "client_key": "ck", "client_secret": "cs", "refresh_token": "rt"}'
OUT=$'Deleted token for platform \'tiktok\' with identifier \'other\'.\n'
ERR=''
expect 0 utils tokens delete --platform tiktok --identifier other
[[ -e $TOK/tiktok-default.token ]] || { echo "FAIL: the default of another account was deleted"; FAILS=$((FAILS + 1)); }
OUT=$'Deleted token for platform \'tiktok\' with identifier \'myawesomehandle\'.\n'
ERR=$'Also deleted the token for platform \'tiktok\' with identifier \'default\': it was a copy of \'myawesomehandle\'.\n'
expect 0 utils tokens delete --platform tiktok --identifier myawesomehandle
[[ ! -e $TOK/tiktok-default.token ]] || { echo "FAIL: the mirroring default was left behind"; FAILS=$((FAILS + 1)); }
OUT=''
ERR=$'No stored tokens found for platform \'tiktok\'.\n'
expect 1 utils tokens list --platform tiktok

# ---- an empty store: nothing found, nothing created ----
export AGORAS_STORAGE_DIR=$T/empty
OUT=''
ERR=$'No stored tokens found.\n'
expect 1 utils tokens list
[[ ! -e $T/empty ]] || { echo "FAIL: listing created $T/empty"; FAILS=$((FAILS + 1)); }

if ((FAILS)); then
    echo "$FAILS failure(s)"
    exit 1
fi
echo "all tokens e2e checks passed"
