#!/usr/bin/python3
"""x_sign.py METHOD URL: an OAuth 1.0a (RFC 5849, HMAC-SHA1) Authorization header for bench/run's
curl requests to the sandbox's X emulator.  Credentials come from the environment (TWITTER_CONSUMER_KEY,
TWITTER_CONSUMER_SECRET, TWITTER_OAUTH_TOKEN, TWITTER_OAUTH_SECRET), never from the command line.
Only JSON and multipart bodies are signed here, so no body parameter enters the base string; the
URL's query string does.  Prints 'Authorization: OAuth ...' for curl -H."""
import base64
import hashlib
import hmac
import os
import secrets
import sys
import time
import urllib.parse


def enc(s):
    return urllib.parse.quote(s, safe="-._~")


def main():
    method, url = sys.argv[1].upper(), sys.argv[2]
    env = os.environ
    parts = urllib.parse.urlsplit(url)
    oauth = {
        "oauth_consumer_key": env["TWITTER_CONSUMER_KEY"],
        "oauth_nonce": secrets.token_hex(16),
        "oauth_signature_method": "HMAC-SHA1",
        "oauth_timestamp": str(int(time.time())),
        "oauth_token": env["TWITTER_OAUTH_TOKEN"],
        "oauth_version": "1.0",
    }
    pairs = list(oauth.items()) + urllib.parse.parse_qsl(parts.query, keep_blank_values=True)
    params = "&".join(f"{k}={v}" for k, v in sorted((enc(k), enc(v)) for k, v in pairs))
    base_url = f"{parts.scheme.lower()}://{parts.netloc.lower()}{parts.path}"
    base = "&".join([method, enc(base_url), enc(params)])
    key = f"{enc(env['TWITTER_CONSUMER_SECRET'])}&{enc(env['TWITTER_OAUTH_SECRET'])}"
    sig = base64.b64encode(hmac.new(key.encode(), base.encode(), hashlib.sha1).digest()).decode()
    oauth["oauth_signature"] = sig
    print("Authorization: OAuth " + ", ".join(f'{enc(k)}="{enc(v)}"' for k, v in sorted(oauth.items())))


if __name__ == "__main__":
    main()
