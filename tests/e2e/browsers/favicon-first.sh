#!/usr/bin/env bash
# A browser that first asks the callback server for /favicon.ico (as real browsers do) and for a
# wrong path, then follows the authorization redirects.  Both stray requests must not end the wait.
set -eu
url=$1
callback=$(python3 -c 'import sys, urllib.parse as u; print(u.parse_qs(u.urlparse(sys.argv[1]).query)["redirect_uri"][0])' "$url")
origin=${callback%/callback/}
curl -s -o /dev/null "$origin/favicon.ico"
curl -s -o /dev/null "$origin/other-path"
curl -s -o /dev/null -L "$url"
