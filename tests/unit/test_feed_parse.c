/* Unit tests for ag_feed_parse (core/feed*.c): formats, the §2.7 precedence, text, and hostile XML. */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/feed.h"

#define BASE "https://blog.example.com/feed.xml"

static char *fixture(const char *name, size_t *len)
{
    const char *dir = getenv("AGORAS_TESTDATA");
    char path[1024];
    snprintf(path, sizeof(path), "%s/feeds/%s", dir ? dir : "tests/data", name);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char *data = malloc(1 << 20);
    assert_non_null(data);
    *len = fread(data, 1, 1 << 20, f);
    fclose(f);
    return data;
}

static int parse_fixture(const char *name, struct ag_feed *feed, struct ag_error *err)
{
    size_t len;
    char *data = fixture(name, &len);
    int rc = ag_feed_parse(data, len, BASE, feed, err);
    free(data);
    return rc;
}

static int parse_text(const char *xml, struct ag_feed *feed, struct ag_error *err)
{
    return ag_feed_parse(xml, strlen(xml), BASE, feed, err);
}

static void expect_error(const char *name, const char *needle)
{
    struct ag_feed feed;
    struct ag_error err = {0};
    assert_int_equal(parse_fixture(name, &feed, &err), -AG_EFAIL);
    if (!strstr(err.msg, needle))
        fail_msg("'%s' does not say '%s'", err.msg, needle);
    assert_int_equal(feed.n_items, 0);
    assert_null(feed.items);
}

static void test_rss2(void **state)
{
    (void)state;
    struct ag_feed f;
    struct ag_error err = {0};
    assert_int_equal(parse_fixture("rss2.xml", &f, &err), 0);
    assert_int_equal(f.format, AG_FEED_RSS2);
    assert_string_equal(f.title, "Example & Co blog");
    assert_int_equal(f.n_items, 5);
    const struct ag_feed_item *it = f.items;
    /* guid isPermaLink=false: the key, not the link; content:encoded beats description (CDATA, &nbsp;). */
    assert_string_equal(it[0].key, "urn:example:post-1");
    assert_string_equal(it[0].link, "https://blog.example.com/first");
    assert_string_equal(it[0].title, "First post");
    assert_string_equal(it[0].body, "Full HTML body & more Second paragraph");
    assert_true(it[0].dated);
    assert_int_equal(it[0].published, 1796464800);
    assert_int_equal(it[0].order, 0);
    /* A double-escaped title is decoded once more, its markup kept as text; a permalink guid is the link. */
    assert_string_equal(it[1].title, "AT&T news <b>bold</b>");
    assert_string_equal(it[1].key, "https://blog.example.com/second");
    assert_string_equal(it[1].link, "https://blog.example.com/second");
    assert_string_equal(it[1].body, "Escaped HTML \xc3\xa9t\xc3\xa9");
    assert_int_equal(it[1].published, 1796394600);
    /* A relative link resolved against the feed's URL; dc:date when there is no pubDate. */
    assert_string_equal(it[2].link, "https://blog.example.com/third?x=1");
    assert_string_equal(it[2].key, "post-3");
    assert_int_equal(it[2].published, 1796284800);
    /* No guid, no link: a hash key; BST is not silently UTC. */
    assert_null(it[3].link);
    assert_int_equal(strlen(it[3].key), 7 + 64);
    assert_memory_equal(it[3].key, "sha256:", 7);
    assert_false(it[3].dated);
    /* A guid without isPermaLink that is no URL is a key, never a link. */
    assert_string_equal(it[4].key, "post-5");
    assert_null(it[4].link);
    assert_null(it[4].title);
    assert_int_equal(it[4].order, 4);
    ag_feed_free(&f);
    assert_null(f.items);
}

static void test_hash_key_stable(void **state)
{
    (void)state;
    const char *a = "<rss><channel><item><title>T</title><pubDate>Sat, 05 Dec 2026 10:00:00 GMT</pubDate>"
                    "<enclosure url='https://x.example/a.jpg' type='image/jpeg'/></item></channel></rss>";
    const char *b = "<rss><channel><item><title>T</title><pubDate>Sat, 05 Dec 2026 10:00:00 GMT</pubDate>"
                    "<enclosure url='https://x.example/b.jpg' type='image/jpeg'/></item></channel></rss>";
    struct ag_feed f1, f2, f3;
    struct ag_error err = {0};
    assert_int_equal(parse_text(a, &f1, &err), 0);
    assert_int_equal(parse_text(a, &f2, &err), 0);
    assert_int_equal(parse_text(b, &f3, &err), 0);
    assert_string_equal(f1.items[0].key, f2.items[0].key);
    assert_string_not_equal(f1.items[0].key, f3.items[0].key);
    /* RSS without a version attribute (0.91/0.92 style) is read as RSS 2.0. */
    assert_int_equal(f1.format, AG_FEED_RSS2);
    ag_feed_free(&f1);
    ag_feed_free(&f2);
    ag_feed_free(&f3);
}

/* The §2.7 rows that the fixtures leave out, each against its runner-up in the same item. */
static void test_rss_precedence(void **state)
{
    (void)state;
    const char *xml =
        "<rss version='2.0' xmlns:dc='http://purl.org/dc/elements/1.1/'><channel>"
        /* link beats a permalink guid; dc:date after pubDate in the document still loses to it */
        "<item><guid>https://g.example/1</guid><link>https://l.example/1</link>"
        "<pubDate>Sat, 05 Dec 2026 10:00:00 GMT</pubDate><dc:date>2001-01-01T00:00:00Z</dc:date></item>"
        /* an unreadable pubDate gives way to a readable dc:date; isPermaLink=false and no link: no link */
        "<item><guid isPermaLink='false'>https://g.example/2</guid><pubDate>Sat, 05 Dec 2026 10:00:00 CEST"
        "</pubDate><dc:date>2003-12-13T18:30:02Z</dc:date></item>"
        /* description before content:encoded in the document: content:encoded still wins */
        "<item xmlns:content='http://purl.org/rss/1.0/modules/content/'><description>short</description>"
        "<content:encoded>long</content:encoded><link> https://l.example/3 </link></item>"
        /* an empty content:encoded gives way to the description */
        "<item xmlns:content='http://purl.org/rss/1.0/modules/content/'><content:encoded> </content:encoded>"
        "<description>&lt;p&gt;fallback&lt;/p&gt;</description></item>"
        "</channel></rss>";
    struct ag_feed f;
    struct ag_error err = {0};
    assert_int_equal(parse_text(xml, &f, &err), 0);
    assert_int_equal(f.n_items, 4);
    assert_string_equal(f.items[0].link, "https://l.example/1");
    assert_string_equal(f.items[0].key, "https://g.example/1");
    assert_int_equal(f.items[0].published, 1796464800);
    assert_null(f.items[1].link);
    assert_string_equal(f.items[1].key, "https://g.example/2");
    assert_true(f.items[1].dated);
    assert_int_equal(f.items[1].published, 1071340202);
    assert_string_equal(f.items[2].body, "long");
    assert_string_equal(f.items[2].link, "https://l.example/3");
    assert_string_equal(f.items[2].key, "https://l.example/3"); /* no guid: the link */
    assert_string_equal(f.items[3].body, "fallback");
    ag_feed_free(&f);
}

static void test_atom_precedence(void **state)
{
    (void)state;
    const char *xml = "<feed xmlns='http://www.w3.org/2005/Atom' xmlns:media='http://search.yahoo.com/mrss/'>"
                      "<entry><id>e1</id><updated>2001-01-01T00:00:00Z</updated>"
                      "<published>2003-12-13T18:30:02Z</published>"
                      "<media:content url='https://m.example/a.jpg' medium='image'/>"
                      "<link rel='enclosure' type='image/png' href='https://m.example/b.png'/>"
                      "<link rel='alternate' href='https://a.example/untyped'/>"
                      "<link rel='alternate' type='text/html' href='https://a.example/html'/>"
                      "<content type='text'>plain &lt;b&gt; text</content><summary>s</summary></entry>"
                      "<entry><id>e2</id><content src='https://a.example/out-of-line'/><summary>the summary"
                      "</summary></entry></feed>";
    struct ag_feed f;
    struct ag_error err = {0};
    assert_int_equal(parse_text(xml, &f, &err), 0);
    assert_int_equal(f.items[0].published, 1071340202);
    assert_string_equal(f.items[0].image, "https://m.example/b.png");
    assert_string_equal(f.items[0].link, "https://a.example/html");
    assert_string_equal(f.items[0].body, "plain <b> text"); /* type=text: markup is text */
    assert_string_equal(f.items[1].body, "the summary");    /* out-of-line content: the summary */
    ag_feed_free(&f);
}

static void test_atom(void **state)
{
    (void)state;
    struct ag_feed f;
    struct ag_error err = {0};
    assert_int_equal(parse_fixture("atom.xml", &f, &err), 0);
    assert_int_equal(f.format, AG_FEED_ATOM);
    assert_string_equal(f.title, "Atom example");
    assert_int_equal(f.n_items, 4);
    const struct ag_feed_item *e = f.items;
    /* Only updated; a relative href under the feed's xml:base; summary as the body. */
    assert_string_equal(e[0].key, "tag:atom.example.org,2026:1");
    assert_string_equal(e[0].link, "https://atom.example.org/blog/posts/one");
    assert_string_equal(e[0].title, "Only updated");
    assert_string_equal(e[0].body, "The summary");
    assert_int_equal(e[0].published, 1796495402);
    /* published > updated (fractional seconds, offset); text/html alternate beats another type and
     * rel=self; the entry's own xml:base; content > summary; an image enclosure link. */
    assert_string_equal(e[1].link, "https://other.example.net/x/two.html");
    assert_string_equal(e[1].title, "HTML title & more");
    assert_string_equal(e[1].body, "Content wins");
    assert_int_equal(e[1].published, 1796374800);
    assert_string_equal(e[1].image, "https://other.example.net/img/two.png");
    assert_null(e[1].video);
    /* xhtml title and content; a video enclosure; an audio one is neither; media:thumbnail. */
    assert_string_equal(e[2].title, "XHTML title");
    assert_string_equal(e[2].body, "Para one Para two");
    assert_string_equal(e[2].video, "https://cdn.example.org/three.mp4");
    assert_string_equal(e[2].image, "https://cdn.example.org/three.jpg");
    /* Out-of-line content has no body; media:group's video and image. */
    assert_null(e[3].body);
    assert_null(e[3].link);
    assert_string_equal(e[3].video, "https://cdn.example.org/four.webm");
    assert_string_equal(e[3].image, "https://cdn.example.org/four.png");
    ag_feed_free(&f);
}

static void test_atom_without_id(void **state)
{
    (void)state;
    const char *xml = "<feed xmlns='http://www.w3.org/2005/Atom'><entry><title>x</title>"
                      "<link href='https://a.example/1'/><link rel='alternate' type='text/html' "
                      "href='https://a.example/1.html'/></entry><entry><title>y</title></entry></feed>";
    struct ag_feed f;
    struct ag_error err = {0};
    assert_int_equal(parse_text(xml, &f, &err), 0);
    assert_int_equal(f.n_items, 2);
    assert_string_equal(f.items[0].link, "https://a.example/1.html");
    assert_string_equal(f.items[0].key, "https://a.example/1.html");
    assert_memory_equal(f.items[1].key, "sha256:", 7);
    assert_false(f.items[1].dated);
    ag_feed_free(&f);
}

static void test_rdf(void **state)
{
    (void)state;
    struct ag_feed f;
    struct ag_error err = {0};
    assert_int_equal(parse_fixture("rdf.xml", &f, &err), 0);
    assert_int_equal(f.format, AG_FEED_RSS1);
    assert_string_equal(f.title, "RDF example");
    assert_int_equal(f.n_items, 2);
    assert_string_equal(f.items[0].key, "https://rdf.example.com/1");
    assert_string_equal(f.items[0].link, "https://rdf.example.com/1");
    assert_string_equal(f.items[0].body, "Long one");
    assert_int_equal(f.items[0].published, 1796446800);
    assert_string_equal(f.items[0].image, "https://rdf.example.com/1.jpg");
    assert_string_equal(f.items[1].body, "Second");
    assert_int_equal(f.items[1].published, 1796342400); /* date only: midnight UTC */
    ag_feed_free(&f);
}

static void test_podcast(void **state)
{
    (void)state;
    struct ag_feed f;
    struct ag_error err = {0};
    assert_int_equal(parse_fixture("podcast.xml", &f, &err), 0);
    assert_int_equal(f.n_items, 2);
    /* The audio enclosure comes first and is not an image (Agoras's bug); 2-digit year, EST. */
    assert_string_equal(f.items[0].image, "https://pod.example.com/1.jpg");
    assert_null(f.items[0].video);
    assert_int_equal(f.items[0].published, 1796317200);
    /* An enclosure without url is dropped, not the item; an unreadable date leaves it undated. */
    assert_string_equal(f.items[1].video, "https://pod.example.com/2.mp4");
    assert_false(f.items[1].dated);
    assert_string_equal(f.items[1].key, "pod-2");
    ag_feed_free(&f);
}

static void test_media_rss(void **state)
{
    (void)state;
    struct ag_feed f;
    struct ag_error err = {0};
    assert_int_equal(parse_fixture("media-rss.xml", &f, &err), 0);
    assert_int_equal(f.n_items, 4);
    const struct ag_feed_item *it = f.items;
    assert_string_equal(it[0].video, "https://media.example.com/1.mp4");       /* content > enclosure */
    assert_string_equal(it[0].image, "https://media.example.com/1-thumb.jpg"); /* thumb > enclosure */
    assert_string_equal(it[1].image, "https://media.example.com/2.png");       /* content > thumb */
    assert_string_equal(it[2].image, "https://media.example.com/3.jpg");       /* no trailing slash */
    assert_string_equal(it[3].image, "https://media.example.com/4-thumb.jpg"); /* nested thumbnail */
    assert_null(it[3].video);                                                  /* medium=audio */
    ag_feed_free(&f);
}

static void test_latin1_and_public_doctype(void **state)
{
    (void)state;
    struct ag_feed f;
    struct ag_error err = {0};
    assert_int_equal(parse_fixture("latin1.xml", &f, &err), 0);
    assert_int_equal(f.format, AG_FEED_RSS2);
    assert_int_equal(f.n_items, 1);
    assert_string_equal(f.items[0].title, "Caf\xc3\xa9");
    assert_string_equal(f.items[0].body, "cr\xc3\xa8me br\xc3\xbbl\xc3\xa9"
                                         "e");
    assert_string_equal(f.items[0].link, "http://legacy.example.com/cafe");
    ag_feed_free(&f);
}

static void test_html_body(void **state)
{
    (void)state;
    const char *xml =
        "<rss version='2.0'><channel><item><title>  spaced\n\t title  </title>"
        "<link>javascript:alert(1)</link>"
        "<description>&lt;script&gt;alert(1)&lt;/script&gt;&lt;style&gt;p{}&lt;/"
        "style&gt;&lt;p&gt;Hi&lt;br&gt;"
        "there &amp;amp; "
        "&amp;#8220;you&amp;#8221;&lt;/p&gt;&lt;ul&gt;&lt;li&gt;a&lt;/li&gt;&lt;li&gt;b&lt;/li&gt;"
        "&lt;/ul&gt;</description></item></channel></rss>";
    struct ag_feed f;
    struct ag_error err = {0};
    assert_int_equal(parse_text(xml, &f, &err), 0);
    assert_string_equal(f.items[0].title, "spaced title");
    assert_string_equal(f.items[0].body, "Hi there & \xe2\x80\x9cyou\xe2\x80\x9d a b");
    assert_null(f.items[0].link); /* only http(s) links are kept */
    ag_feed_free(&f);
}

/* HTML nested n deep in a description. */
static char *deep_html_body(int n)
{
    struct ag_buf xml;
    ag_buf_init(&xml, 0);
    ag_buf_puts(&xml, "<rss><channel><item><title>t</title><description>");
    for (int i = 0; i < n; i++)
        ag_buf_puts(&xml, "&lt;div&gt;");
    ag_buf_puts(&xml, "deep</description></item></channel></rss>");
    struct ag_feed f;
    struct ag_error err = {0};
    assert_int_equal(ag_feed_parse(xml.data, xml.len, BASE, &f, &err), 0);
    ag_buf_free(&xml);
    assert_int_equal(f.n_items, 1);
    assert_string_equal(f.items[0].title, "t");
    char *body = f.items[0].body ? strdup(f.items[0].body) : NULL;
    ag_feed_free(&f);
    return body;
}

/* Nested HTML is read; HTML nested past the HTML parser's depth limit loses its body, not the item. */
static void test_deep_html_body(void **state)
{
    (void)state;
    char *body = deep_html_body(200);
    assert_string_equal(body, "deep");
    free(body);
    free(deep_html_body(20000));
}

static void test_not_xml(void **state)
{
    (void)state;
    expect_error("broken.xml", "not well-formed XML at line 3");
    expect_error("html-entity.xml", "eacute");
    expect_error("html-entity.xml", "not well-formed XML at line 3");
    expect_error("not-feed.html", "not an RSS or Atom feed: root <html>");
    struct ag_feed f;
    struct ag_error err = {0};
    assert_int_equal(ag_feed_parse("", 0, BASE, &f, &err), -AG_EFAIL);
    assert_non_null(strstr(err.msg, "empty"));
    assert_int_equal(parse_text("<feed xmlns='http://purl.org/atom/ns#'/>", &f, &err), -AG_EFAIL);
    assert_string_equal(err.msg,
                        "not an RSS or Atom feed: root <feed> in namespace 'http://purl.org/atom/ns#'");
    assert_int_equal(parse_text("{\"json\": true}", &f, &err), -AG_EFAIL);
    assert_non_null(strstr(err.msg, "not well-formed XML at line 1"));
}

/* Bad encodings are errors in the message; libxml2 prints nothing on stderr (it would without a handler). */
static void test_encoding_errors_quiet(void **state)
{
    (void)state;
    /* Parenthesised: one string split over two lines, not two elements. */
    const char *bad[] = {
        ("<?xml version='1.0' "
         "encoding='ISO-2022-JP'?><rss><channel><item><title>\x1b$B\xff\xff</title></item>"
         "</channel></rss>"),
        "<?xml version='1.0' encoding='UTF-8'?><rss><channel><title>a\xff\xfe</title></channel></rss>",
        "<?xml version='1.0' encoding='x-unknown'?><rss/>",
    };
    const char *says[] = {"input conversion failed", "not proper UTF-8", "Unsupported encoding x-unknown"};
    char path[] = "/tmp/agoras-stderr-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    fflush(stderr);
    int saved = dup(STDERR_FILENO);
    dup2(fd, STDERR_FILENO);
    char msgs[3][AG_ERROR_MSG_MAX];
    int rcs[3];
    for (int i = 0; i < 3; i++) {
        struct ag_feed f;
        struct ag_error err = {0};
        rcs[i] = parse_text(bad[i], &f, &err);
        snprintf(msgs[i], sizeof(msgs[i]), "%s", err.msg);
    }
    fflush(stderr);
    dup2(saved, STDERR_FILENO);
    close(saved);
    off_t printed = lseek(fd, 0, SEEK_END);
    close(fd);
    unlink(path);
    for (int i = 0; i < 3; i++) {
        assert_int_equal(rcs[i], -AG_EFAIL);
        if (!strstr(msgs[i], says[i]) || !strstr(msgs[i], "not well-formed XML"))
            fail_msg("'%s' does not say '%s'", msgs[i], says[i]);
    }
    assert_int_equal(printed, 0);
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void test_billion_laughs(void **state)
{
    (void)state;
    double t0 = now_s();
    expect_error("laughs.xml", "declares entities");
    assert_true(now_s() - t0 < 1.0);
}

/* An external entity naming a file: refused, and the file is never opened (watched with inotify). */
static void test_xxe(void **state)
{
    (void)state;
    expect_error("xxe.xml", "declares entities");
    char dir[] = "/tmp/agoras-xxe-XXXXXX", path[64], xml[512];
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof(path), "%s/secret", dir);
    int fd = open(path, O_WRONLY | O_CREAT, 0600);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, "SECRET", 6), 6);
    close(fd);
    int in = inotify_init1(IN_NONBLOCK);
    assert_true(in >= 0);
    assert_true(inotify_add_watch(in, path, IN_OPEN | IN_ACCESS) >= 0);
    for (int pe = 0; pe < 2; pe++) { /* a general entity, then a parameter entity used in the DTD */
        char decl[256];
        if (pe)
            snprintf(decl, sizeof(decl), "<!ENTITY %% p SYSTEM 'file://%s'> %%p;", path);
        else
            snprintf(decl, sizeof(decl), "<!ENTITY x SYSTEM 'file://%s'>", path);
        snprintf(xml, sizeof(xml),
                 "<?xml version='1.0'?><!DOCTYPE rss [ %s ]><rss><channel><title>&x;</title>"
                 "</channel></rss>",
                 decl);
        struct ag_feed f;
        struct ag_error err = {0};
        assert_int_equal(parse_text(xml, &f, &err), -AG_EFAIL);
        assert_non_null(strstr(err.msg, "declares entities"));
        assert_null(strstr(err.msg, "SECRET"));
    }
    /* An external DTD naming the file is no entity declaration: the feed is read, the DTD never is. */
    snprintf(xml, sizeof(xml),
             "<?xml version='1.0'?><!DOCTYPE rss SYSTEM 'file://%s'><rss><channel><title>t</title>"
             "</channel></rss>",
             path);
    struct ag_feed f;
    struct ag_error err = {0};
    assert_int_equal(parse_text(xml, &f, &err), 0);
    assert_string_equal(f.title, "t");
    ag_feed_free(&f);
    char ev[4096];
    assert_int_equal(read(in, ev, sizeof(ev)), -1);
    assert_int_equal(errno, EAGAIN);
    close(in);
    unlink(path);
    rmdir(dir);
}

static void test_too_big(void **state)
{
    (void)state;
    size_t len = AG_FEED_MAX_BYTES + 1;
    char *data = malloc(len);
    assert_non_null(data);
    memset(data, ' ', len);
    struct ag_feed f;
    struct ag_error err = {0};
    assert_int_equal(ag_feed_parse(data, len, BASE, &f, &err), -AG_EFAIL);
    assert_non_null(strstr(err.msg, "too big"));
    free(data);
}

static void test_huge_text(void **state)
{
    (void)state;
    size_t n = 5u << 20;
    struct ag_buf xml;
    ag_buf_init(&xml, 0);
    ag_buf_puts(&xml, "<rss><channel><item><title>big</title><description>");
    char *blob = malloc(n + 1);
    assert_non_null(blob);
    memset(blob, 'a', n);
    blob[n] = '\0';
    ag_buf_puts(&xml, blob);
    ag_buf_puts(&xml, "</description></item></channel></rss>");
    struct ag_feed f;
    struct ag_error err = {0};
    assert_int_equal(ag_feed_parse(xml.data, xml.len, BASE, &f, &err), 0);
    assert_int_equal(strlen(f.items[0].body), n);
    ag_feed_free(&f);
    ag_buf_free(&xml);
    free(blob);
}

static void test_too_deep(void **state)
{
    (void)state;
    struct ag_buf xml;
    ag_buf_init(&xml, 0);
    ag_buf_puts(&xml, "<rss><channel><item>");
    for (int i = 0; i < 5000; i++)
        ag_buf_puts(&xml, "<a>");
    struct ag_feed f;
    struct ag_error err = {0};
    assert_int_equal(ag_feed_parse(xml.data, xml.len, BASE, &f, &err), -AG_EFAIL);
    if (!strstr(err.msg, "too deep"))
        fail_msg("%s", err.msg);
    ag_buf_free(&xml);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rss2),
        cmocka_unit_test(test_hash_key_stable),
        cmocka_unit_test(test_rss_precedence),
        cmocka_unit_test(test_atom_precedence),
        cmocka_unit_test(test_atom),
        cmocka_unit_test(test_atom_without_id),
        cmocka_unit_test(test_rdf),
        cmocka_unit_test(test_podcast),
        cmocka_unit_test(test_media_rss),
        cmocka_unit_test(test_latin1_and_public_doctype),
        cmocka_unit_test(test_html_body),
        cmocka_unit_test(test_deep_html_body),
        cmocka_unit_test(test_not_xml),
        cmocka_unit_test(test_encoding_errors_quiet),
        cmocka_unit_test(test_billion_laughs),
        cmocka_unit_test(test_xxe),
        cmocka_unit_test(test_too_big),
        cmocka_unit_test(test_huge_text),
        cmocka_unit_test(test_too_deep),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
