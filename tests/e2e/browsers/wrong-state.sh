#!/usr/bin/env bash
# A forged callback: the right path, a code, but a state the client never issued; with FOLLOW=1
# the real browser then follows the authorization redirects.
set -eu
callback=$(python3 -c 'import sys, urllib.parse as u; print(u.parse_qs(u.urlparse(sys.argv[1]).query)["redirect_uri"][0])' "$1")
curl -s -o /dev/null "${callback}?code=forged-code&state=not-the-state&scopes=video.publish"
curl -s -o /dev/null "${callback}?error=access_denied&state=not-the-state"
[ "${FOLLOW:-0}" = 1 ] && curl -s -o /dev/null -L "$1"
exit 0
