#!/usr/bin/env bash
# A forged callback: the right path, a code, but a state the client never issued.
set -eu
callback=$(python3 -c 'import sys, urllib.parse as u; print(u.parse_qs(u.urlparse(sys.argv[1]).query)["redirect_uri"][0])' "$1")
curl -s -o /dev/null "${callback}?code=forged-code&state=not-the-state&scopes=video.publish"
