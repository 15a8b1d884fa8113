# Helpers for the X end-to-end tests.  Source after lib.sh and client_lib.sh.
X_CK=sbx-x-consumer-key
X_CS=sbx-x-consumer-secret
X_TOKEN=1000000001-sbxWriteToken
X_SECRET=sbx-x-token-secret
X_RO_TOKEN=1000000001-sbxReadToken
X_RO_SECRET=sbx-x-read-secret
X_USER=1000000001
X_FRIEND_POST=1800000000000000001
# The record Python Agoras names after the consumer key: first 8 hex digits of its MD5.
X_ID=$(printf '%s' "$X_CK" | md5sum | cut -c1-8)

# x_env [store dir]: point agoras at the last sandbox started, with a fresh store and the sandbox's
# app and read-write token in the environment.
x_env() {
    export AGORAS_STORAGE_DIR=${1:-$T/store.$RANDOM}
    export AGORAS_X_API_BASE=$SBX_URL/x
    export TWITTER_CONSUMER_KEY=$X_CK TWITTER_CONSUMER_SECRET=$X_CS
    export TWITTER_OAUTH_TOKEN=$X_TOKEN TWITTER_OAUTH_SECRET=$X_SECRET
    unset STATUS_TEXT STATUS_LINK STATUS_IMAGE_URL_1 STATUS_IMAGE_URL_2 STATUS_IMAGE_URL_3 STATUS_IMAGE_URL_4
    unset TWITTER_VIDEO_URL TWITTER_VIDEO_TITLE TWEET_ID AGORAS_X_AUTHORIZE_URL TWITTER_CALLBACK_URL
    # A browser that clicks nothing: follow the sandbox's redirect to agoras's callback server.
    export BROWSER="curl -s -o /dev/null -L"
}

# x_mark / x_sent ROUTE: requests to x:ROUTE since the last x_mark.
x_mark() { MARK=$(requests_mark); }
x_sent() { requests_count "x:$1" "$MARK"; }

# out_id: the "id" of the result line.
out_id() { "$PY" -c "import json,sys; print(json.load(open(sys.argv[1]))['id'])" "$OUT" 2>/dev/null; }

# x_tweet ID FIELD: a field of a post in the emulator's state ("none" when there is no such post).
x_tweet() {
    curl -s "$SBX_URL/_sandbox/state?network=x" | "$PY" -c "
import json, sys
d = json.load(sys.stdin)
t = [t for t in d.get('tweets', []) if str(t.get('id')) == sys.argv[1]]
v = t[0].get(sys.argv[2]) if t else 'none'
print(json.dumps(v) if isinstance(v, (list, dict)) else v)" "$1" "$2"
}

# x_count LIST: how many items the emulator's state holds in LIST (tweets, likes, retweets, media).
x_count() {
    curl -s "$SBX_URL/_sandbox/state?network=x" | "$PY" -c "
import json, sys; print(len(json.load(sys.stdin).get(sys.argv[1], [])))" "$1"
}
