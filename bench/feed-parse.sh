#!/usr/bin/env bash
# bench/feed-parse.sh: ag_feed_parse on generated 1,000-item feeds (RSS 2.0 and Atom 1.0, each item
# with an HTML body, a date, an enclosure and Media RSS), timed by bench_feed_parse (bench/feed_parse.c,
# built with the project): median parse time and peak RSS.  Called by bench/run; alone:
#
#   BUILD=build bench/feed-parse.sh       # BUILD: the build directory (default build)
#
# The feeds are written to $BUILD/bench-data (generated once).  Exit status: 0, or 2 when it could
# not measure.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
BIN=$BUILD/bench_feed_parse
DATA=$BUILD/bench-data
ITEMS=${BENCH_FEED_ITEMS:-1000}
[ -x "$BIN" ] || { echo "bench/feed-parse.sh: build first: no $BIN" >&2; exit 2; }
mkdir -p "$DATA"

# gen FORMAT FILE: a feed of $ITEMS items in FORMAT (rss or atom).
gen() {
	python3 - "$1" "$ITEMS" >"$2" <<'PY'
import sys
fmt, n = sys.argv[1], int(sys.argv[2])
body = "&lt;p&gt;Paragraph with &lt;a href=&quot;https://example.com/&quot;&gt;a link&lt;/a&gt; and &amp;amp; text.&lt;/p&gt;" * 8
out = []
if fmt == "rss":
    out.append('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/" '
               'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Bench</title>'
               '<link>https://bench.example/</link><description>1,000 items</description>')
    for i in range(n):
        out.append(f'<item><title>Post {i} &amp;amp; more</title><link>https://bench.example/p/{i}</link>'
                   f'<guid isPermaLink="false">bench-{i}</guid><description>{body}</description>'
                   f'<content:encoded><![CDATA[<p>Full <b>body</b> {i}</p>{"<p>More text here.</p>" * 20}]]></content:encoded>'
                   f'<pubDate>Sat, 05 Dec 2026 {i % 24:02d}:00:00 +0000</pubDate>'
                   f'<enclosure url="https://bench.example/{i}.mp3" type="audio/mpeg" length="1"/>'
                   f'<media:content url="https://bench.example/{i}.jpg" medium="image"/></item>')
    out.append('</channel></rss>\n')
else:
    out.append('<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" '
               'xmlns:media="http://search.yahoo.com/mrss/" xml:base="https://bench.example/"><title>Bench</title>'
               '<id>urn:bench</id><updated>2026-12-05T00:00:00Z</updated>')
    for i in range(n):
        out.append(f'<entry><title type="html">Post {i} &amp;amp; more</title><id>urn:bench:{i}</id>'
                   f'<updated>2026-12-05T{i % 24:02d}:00:00Z</updated><published>2026-12-04T10:00:00.5+01:00</published>'
                   f'<link rel="alternate" type="text/html" href="p/{i}"/>'
                   f'<link rel="enclosure" type="video/mp4" href="v/{i}.mp4"/><summary>short</summary>'
                   f'<content type="html">{body}</content><media:thumbnail url="t/{i}.jpg"/></entry>')
    out.append('</feed>\n')
sys.stdout.write("".join(out))
PY
}

for fmt in rss atom; do
	file=$DATA/feed-$ITEMS.$fmt.xml
	[ -s "$file" ] || gen "$fmt" "$file" || { echo "bench/feed-parse.sh: cannot generate $file" >&2; exit 2; }
	printf 'feed parse, %s: ' "$fmt"
	"$BIN" "$file" 20 || { echo "bench/feed-parse.sh: $BIN failed on $file" >&2; exit 2; }
done
