#!/usr/bin/env bash
# feed-publish over the feeds it meets: RSS 2.0, Atom and RSS 1.0/RDF (items, text, links and images as
# posted), broken and hostile XML (exit 1 naming the problem, the ledger untouched, nothing posted),
# permanent and temporary redirects (a 301 is remembered), conditional GET, and a huge feed refused.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/client_lib.sh"
source "$(dirname "$0")/telegram_lib.sh"
source "$(dirname "$0")/feed_lib.sh"

sbx_start
tg_env
feed_start
cp "$AGORAS_TESTDATA"/feeds/*.xml "$AGORAS_TESTDATA"/feeds/*.html "$FEEDS/"
ALL=(--network telegram --mode last --max-count 20 --post-lookback 315360000 --max-post-age 36500)
item_line() { grep -F "\"item\":\"$1\"" "$OUT"; }

# --- the three formats, read into the same items (dry run: the fixtures' media are not reachable) ---
feed_run "${ALL[@]}" --feed-url "$FEED_BASE/rss2.xml" --dry-run
assert_rc "RSS 2.0" 0
expect "RSS 2.0: dated items, oldest first" "$(grep -o '"item":"[^"]*"' "$OUT" | tr '\n' ' ')" '"item":"post-3" "item":"https://blog.example.com/second" "item":"urn:example:post-1" '
expect "RSS 2.0: a relative link made absolute" "$(item_line post-3 | grep -c "\"link\":\"$FEED_BASE/third?x=1\"")" 1
expect "RSS 2.0: title as plain text" "$(item_line https://blog.example.com/second | grep -c '"text":"AT&T news <b>bold</b>"')" 1
feed_run "${ALL[@]}" --feed-url "$FEED_BASE/atom.xml" --dry-run
assert_rc "Atom" 0
expect "Atom: four entries" "$(lines skipped)" 4
expect "Atom: the alternate link and the image" "$(item_line tag:atom.example.org,2026:2 | grep -c '"link":"https://other.example.net/x/two.html","image":"https://other.example.net/img/two.png"')" 1
feed_run "${ALL[@]}" --feed-url "$FEED_BASE/rdf.xml" --dry-run
assert_rc "RDF" 0
expect "RDF: two items" "$(lines skipped)" 2
expect "RDF: enclosure as the image" "$(item_line https://rdf.example.com/1 | grep -c '"image":"https://rdf.example.com/1.jpg"')" 1
expect "dry runs recorded nothing" "$(ledger "select count(*) from deliveries")" 0

# --- and really posted: an Atom feed and an RDF feed of our own ---
now=$(date -u +%Y-%m-%dT%H:%M:%SZ)
cat >"$FEEDS/a.xml" <<XML
<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>A</title>
<id>urn:a</id><updated>$now</updated><entry><title>Atom entry</title><id>urn:a:1</id>
<link href="https://atom.example/1"/><updated>$now</updated></entry></feed>
XML
cat >"$FEEDS/r.xml" <<XML
<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
 xmlns:dc="http://purl.org/dc/elements/1.1/"><channel rdf:about="https://rdf.example/"><title>R</title>
<link>https://rdf.example/</link><description>r</description></channel>
<item rdf:about="https://rdf.example/1"><title>RDF item</title><link>https://rdf.example/1</link><dc:date>$now</dc:date></item></rdf:RDF>
XML
tg_mark
for f in a.xml r.xml; do
    feed_run --network telegram --mode last --feed-url "$FEED_BASE/$f"
    assert_rc "$f posted" 0
    expect "$f: one published" "$(lines published)" 1
    id=$("$PY" -c "import json,sys; print(json.load(open(sys.argv[1]))['id'])" "$OUT")
    case $f in
    a.xml) expect "Atom: text and link" "$(tg_message $CHAT_NUM "$id" text)" "$(printf 'Atom entry\nhttps://atom.example/1')" ;;
    r.xml) expect "RDF: text and link" "$(tg_message $CHAT_NUM "$id" text)" "$(printf 'RDF item\nhttps://rdf.example/1')" ;;
    esac
done
expect "two messages" "$(tg_sent sendMessage)" 2

# --- broken and hostile XML: exit 1 naming the problem, nothing posted, the ledger untouched ---
before=$(ledger "select count(*) || '/' || (select count(*) from feeds) from deliveries")
for f in broken.xml html-entity.xml laughs.xml xxe.xml not-feed.html; do
    start=$(date +%s%N)
    feed_run "${ALL[@]}" --feed-url "$FEED_BASE/$f"
    took=$((($(date +%s%N) - start) / 1000000))
    assert_rc "$f" 1
    assert_err "$f: names the feed" "feed $FEED_BASE/$f: "
    expect "$f: no lines" "$(wc -c <"$OUT")" 0
    [ "$took" -lt 3000 ] && ok || fail "$f took $took ms"
done
assert_err "not a feed: says what it is" "not an RSS or Atom feed: root <html>"
feed_run "${ALL[@]}" --feed-url "$FEED_BASE/xxe.xml"
assert_err "XXE: entities refused" "the feed declares entities"
feed_run "${ALL[@]}" --feed-url "$FEED_BASE/broken.xml"
assert_err "broken: the line" "not well-formed XML at line 3"
expect "hostile and broken feeds: ledger untouched" "$(ledger "select count(*) || '/' || (select count(*) from feeds) from deliveries")" "$before"
expect "hostile and broken feeds: nothing sent" "$(tg_sent sendMessage)" 2

# --- a huge feed is refused, not read to its end ---
feed_run "${ALL[@]}" --feed-url "$FEED_BASE/huge"
assert_rc "huge feed" 1
assert_err "huge: says so" "feed $FEED_BASE/huge: "
expect "huge: ledger untouched" "$(ledger "select count(*) || '/' || (select count(*) from feeds) from deliveries")" "$before"

# --- redirects: a 301 is remembered (the next runs go straight there), a 302 is not ---
rss m.xml "m1|Moved one|60"
feed_run --network telegram --mode last --feed-url "$FEED_BASE/moved/m.xml"
assert_rc "301" 0
expect "301: posted" "$(lines published)" 1
expect "301: the new address stored" "$(ledger "select moved_to from feeds where url='$FEED_BASE/moved/m.xml'")" "$FEED_BASE/m.xml"
rss m.xml "m1|Moved one|60" "m2|Moved two|30"
feed_run --network telegram --mode last --feed-url "$FEED_BASE/moved/m.xml"
assert_rc "after 301" 0
expect "after 301: the new item" "$(grep -o 'urn:test:m[0-9]' "$OUT")" urn:test:m2
expect "after 301: the old address asked once only" "$(feed_requests /moved/m.xml)" 1
expect "keys stay under the configured URL" "$(ledger "select count(distinct source) from deliveries where item like 'urn:test:m%'")" 1
feed_run --network telegram --mode last --feed-url "$FEED_BASE/found/m.xml" --seed
assert_rc "302" 0
feed_run --network telegram --mode last --feed-url "$FEED_BASE/found/m.xml"
expect "302: not remembered" "$(ledger "select coalesce(moved_to, 'none') from feeds where url='$FEED_BASE/found/m.xml'")" none
expect "302: asked again" "$(feed_requests /found/m.xml)" 2

# --- conditional GET: the stored ETag is sent back ---
etag=$(ledger "select etag from feeds where url='$FEED_BASE/moved/m.xml'")
expect "an ETag stored" "$(printf %s "$etag" | cut -c1 )" '"'
expect "sent as If-None-Match" "$(curl -s "$FEED_BASE/_log" | "$PY" -c "import json,sys; print(json.load(sys.stdin)['if_none_match'].get('/m.xml'))")" "$etag"

assert_no_secrets "$TOKEN"
finish
