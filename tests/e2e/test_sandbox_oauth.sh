# OAuth rules of TIKTOK_API.md §1 against agoras-sandbox: every wrong authorize/token/refresh/revoke
# request gets TikTok's documented answer, and the happy paths work (consent, rotation, revoke).
source "$(dirname "$0")/lib.sh"

sbx_start

# authorize_with "query overrides": GET the authorize URL with one parameter replaced or added.
authorize_with() {
    new_pkce
    req GET "$(authorize_url)&$1"
}
# approve [form fields]: answer the consent page on BODY; sets LOC and CODE.
approve() {
    local id
    id=$(sed -n 's/.*name=consent_id value="\([0-9a-f]*\)".*/\1/p' "$BODY")
    form /v2/auth/authorize/ --data "consent_id=$id&account=sandbox_creator&${1:-decision=approve&grant_video.upload=1&grant_video.publish=1}"
    LOC=$(header Location)
    CODE=$(query_param "$LOC" code)
}
exchange() { # exchange [overrides as curl args]
    form /v2/oauth/token/ --data-urlencode "client_key=$CLIENT_KEY" --data-urlencode "client_secret=$CLIENT_SECRET" \
        --data-urlencode grant_type=authorization_code --data-urlencode "redirect_uri=$REDIRECT" "$@"
}
redirect_error() { # redirect_error NAME WANTED_ERROR
    check "$1" 302
    expect "$1: error" "$(query_param "$(header Location)" error)" "$2"
}

# --- authorize: errors shown on TikTok's page (nowhere safe to redirect) ---
req GET "$SBX_URL/v2/auth/authorize/?client_key=nope&scope=user.info.basic&redirect_uri=$(urlencode "$REDIRECT")&state=s&response_type=code&code_challenge=$(printf '%064d' 0)&code_challenge_method=S256"
check "unknown client_key" 400
new_pkce
for uri in "http://127.0.0.1:3456/callback" "http://127.0.0.1:3456/other/" "http://localhost:3456/callback/" \
    "https://127.0.0.1:3456/callback/" "http://127.0.0.1:3456/callback/?x=1"; do
    req GET "$(authorize_url | sed "s|redirect_uri=[^&]*|redirect_uri=$(urlencode "$uri")|")"
    check "unregistered redirect_uri $uri" 400
done

# --- authorize: errors redirected back with error, error_description and state ---
authorize_with "response_type=token"
redirect_error "repeated parameter" invalid_request
req GET "$(authorize_url | sed 's/response_type=code/response_type=token/')"
redirect_error "response_type token" unsupported_response_type
req GET "$(authorize_url "user.info.basic%20video.publish")"
redirect_error "space-separated scopes" invalid_scope
req GET "$(authorize_url "user.info.basic,video.list")"
redirect_error "scope not approved for the app" invalid_scope
req GET "$(authorize_url | sed 's/&state=st123//')"
redirect_error "missing state" invalid_request
b64=$(printf '%s' "$VERIFIER" | openssl dgst -sha256 -binary | base64 | tr '+/' '-_' | tr -d '=')
req GET "$(authorize_url | sed "s/code_challenge=[0-9a-f]*/code_challenge=$b64/")"
redirect_error "base64url challenge (RFC form, not TikTok's hex)" invalid_request
req GET "$(authorize_url | sed "s/code_challenge=\([0-9a-f]*\)/code_challenge=\U\1/")"
redirect_error "uppercase hex challenge" invalid_request
req GET "$(authorize_url | sed 's/&code_challenge=[0-9a-f]*//')"
redirect_error "missing code_challenge" invalid_request
req GET "$(authorize_url | sed 's/code_challenge_method=S256/code_challenge_method=plain/')"
redirect_error "plain challenge method" invalid_request

# --- consent page: deny, scope toggles, wildcard port ---
new_pkce
req GET "$(authorize_url)"
check "consent page" 200
approve "decision=deny"
check "deny" 302
expect "deny error" "$(query_param "$LOC" error)" access_denied
expect "deny keeps state" "$(query_param "$LOC" state)" st123

saved=$REDIRECT
REDIRECT="http://127.0.0.1:45678/callback/"
new_pkce
req GET "$(authorize_url)"
check "wildcard-port redirect URI accepted" 200
approve
case "$LOC" in "$REDIRECT"\?code=*) ok ;; *) fail "redirect to the wildcard-port URI: $LOC" ;; esac
REDIRECT=$saved

new_pkce
req GET "$(authorize_url)"
approve "decision=approve&grant_video.upload=1"
expect "unticked scope is not granted" "$(query_param "$LOC" scopes)" "user.info.basic,video.upload"
exchange --data-urlencode "code=$CODE" --data-urlencode "code_verifier=$VERIFIER"
check "token with partial scopes" 200
expect "token scope" "$(jget scope)" "user.info.basic,video.upload"
api /v2/post/publish/creator_info/query/ '{}' "$(jget access_token)"
check "creator_info without video.publish" 401 scope_not_authorized

# --- token endpoint ---
new_pkce
req GET "$(authorize_url)"
approve
case "$CODE" in *'*'*'!'*) ok ;; *) fail "codes need URL-decoding like TikTok's" ;; esac
req POST "$SBX_URL/v2/oauth/token/" -H 'Content-Type: application/json' \
    --data "{\"client_key\":\"$CLIENT_KEY\",\"client_secret\":\"$CLIENT_SECRET\",\"code\":\"$CODE\",\"grant_type\":\"authorization_code\"}"
check "JSON body refused" 400 invalid_request
exchange --data-urlencode "code=$CODE" --data-urlencode "code_verifier=$VERIFIER" --data-urlencode "client_secret=wrong"
check "repeated form field is refused" 400 invalid_request
form /v2/oauth/token/ --data-urlencode "client_key=$CLIENT_KEY" --data-urlencode "client_secret=wrong" \
    --data-urlencode grant_type=authorization_code --data-urlencode "code=$CODE"
check "wrong client_secret" 401 invalid_client
form /v2/oauth/token/ --data-urlencode "client_key=$CLIENT_KEY" --data-urlencode "client_secret=$CLIENT_SECRET" \
    --data-urlencode grant_type=password
check "unsupported grant_type" 400 unsupported_grant_type
exchange --data-urlencode "code=$CODE"
check "missing code_verifier" 400 invalid_request
exchange --data-urlencode "code=$CODE" --data-urlencode "code_verifier=${VERIFIER}x"
check "wrong code_verifier" 400 invalid_request
expect "PKCE error text" "$(jget error_description)" "Code verifier or code challenge is invalid."
exchange --data "code=$(urlencode "$(urlencode "$CODE")")" --data-urlencode "code_verifier=$VERIFIER"
check "code sent still URL-encoded" 400 invalid_grant
form /v2/oauth/token/ --data-urlencode "client_key=$CLIENT_KEY" --data-urlencode "client_secret=$CLIENT_SECRET" \
    --data-urlencode grant_type=authorization_code --data-urlencode "redirect_uri=http://127.0.0.1:3457/callback/" \
    --data-urlencode "code=$CODE" --data-urlencode "code_verifier=$VERIFIER"
check "redirect_uri differs from authorize" 400 invalid_grant
exchange --data-urlencode "code=$CODE" --data-urlencode "code_verifier=$VERIFIER"
check "code exchange" 200
ACCESS=$(jget access_token)
REFRESH=$(jget refresh_token)
expect "refresh lifetime" "$(jget refresh_expires_in)" 15552000
exchange --data-urlencode "code=$CODE" --data-urlencode "code_verifier=$VERIFIER"
check "code is single-use" 400 invalid_grant

new_pkce
req GET "$(authorize_url)"
approve
form /_sandbox/expire --data-urlencode token=code --data-urlencode "value=$CODE"
check "expire code" 200
exchange --data-urlencode "code=$CODE" --data-urlencode "code_verifier=$VERIFIER"
check "expired code" 400 invalid_grant

# --- refresh rotation ---
refresh() {
    form /v2/oauth/token/ --data-urlencode "client_key=$CLIENT_KEY" --data-urlencode "client_secret=$CLIENT_SECRET" \
        --data-urlencode grant_type=refresh_token --data-urlencode "refresh_token=$1"
}
refresh "$REFRESH"
check "refresh" 200
NEW_REFRESH=$(jget refresh_token)
NEW_ACCESS=$(jget access_token)
[ "$NEW_REFRESH" != "$REFRESH" ] && ok || fail "refresh token rotated"
refresh "$REFRESH"
check "old refresh token stops working" 400 invalid_grant
api /v2/post/publish/creator_info/query/ '{}' "$NEW_ACCESS"
check "new access token works" 200 ok
req GET "$SBX_URL/_sandbox/state"
expect "state shows the current refresh token" "$(jget grants.1.refresh_token)" "$NEW_REFRESH"
refresh ""
check "empty refresh_token" 400 invalid_grant
form /_sandbox/expire --data-urlencode token=access --data-urlencode "value=$NEW_ACCESS"
api /v2/post/publish/creator_info/query/ '{}' "$NEW_ACCESS"
check "expired access token" 401 access_token_invalid
api /v2/post/publish/creator_info/query/ '{}' "act.unknown"
check "unknown access token" 401 access_token_invalid
req POST "$SBX_URL/v2/post/publish/creator_info/query/" -H 'Content-Type: application/json' --data '{}'
check "no Authorization header" 401 access_token_invalid
refresh "$NEW_REFRESH"
check "refresh after access expiry" 200
ACCESS=$(jget access_token)
REFRESH=$(jget refresh_token)

# --- revoke ---
form /v2/oauth/revoke/ --data-urlencode "client_key=$CLIENT_KEY" --data-urlencode "token=$ACCESS"
check "revoke without client_secret" 400 invalid_request
form /v2/oauth/revoke/ --data-urlencode "client_key=$CLIENT_KEY" --data-urlencode "client_secret=$CLIENT_SECRET" \
    --data-urlencode "token=act.nothing"
check "revoke unknown token" 400 invalid_grant
form /v2/oauth/revoke/ --data-urlencode "client_key=$CLIENT_KEY" --data-urlencode "client_secret=$CLIENT_SECRET" \
    --data-urlencode "token=$ACCESS"
check "revoke" 200
expect "revoke body" "$(cat "$BODY")" "{}"
api /v2/post/publish/creator_info/query/ '{}'
check "revoked access token" 401 access_token_invalid
refresh "$REFRESH"
check "revoked refresh token" 400 invalid_grant

# --- expiry settings: --refresh-ttl ---
sbx_start --auto-approve --refresh-ttl 1 --access-ttl 1
login
expect "access-ttl honoured" "$(jget expires_in)" 1
sleep 1.2
refresh "$REFRESH"
check "refresh token past --refresh-ttl" 400 invalid_grant
finish
