/*
 * ag_feed_parse: one safe libxml2 parse (FEEDS_SHEETS §3.5), the format by the root element, then
 * the format's reader.  The parser never loads anything: no NOENT, DTDLOAD, DTDATTR, DTDVALID,
 * HUGE or XINCLUDE, and libxml2's own I/O is never used (the bytes come from memory).  Any entity
 * declaration stops the parse at once, before an entity could be expanded or an external one read.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/globals.h>
#include <libxml/parser.h>

#include "core/feed_impl.h"

#if LIBXML_VERSION >= 21300
#define XML_OPTIONS_XXE XML_PARSE_NO_XXE
#else
#define XML_OPTIONS_XXE 0
#endif
#define XML_OPTIONS                                                                                          \
    (XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_OPTIONS_XXE)

static pthread_once_t init_once = PTHREAD_ONCE_INIT;

static void init_libxml(void)
{
    xmlInitParser();
}

int feed_push(struct ag_feed *feed, struct feed_draft *d)
{
    size_t n = feed->n_items;
    if (n == 0 || (n >= 16 && (n & (n - 1)) == 0)) { /* the array holds 16, 32, 64… items */
        struct ag_feed_item *items = realloc(feed->items, (n ? 2 * n : 16) * sizeof(*items));
        if (!items) {
            feed_draft_free(d);
            return -1;
        }
        feed->items = items;
    }
    struct ag_feed_item *item = &feed->items[feed->n_items];
    if (feed_draft_finish(d, item) < 0) {
        feed_draft_free(d);
        return -1;
    }
    item->order = feed->n_items++;
    return 0;
}

/* What the SAX hooks saw: entity declarations, and the first error (libxml2 keeps only the last). */
struct watch {
    int entities;
    int error_line;
    char error[200];
};

/* SAX hooks: any <!ENTITY …> in the internal subset ends the parse before it is used. */
static void refuse(void *ctx)
{
    xmlParserCtxtPtr ctxt = ctx;
    ((struct watch *)ctxt->_private)->entities = 1;
    xmlStopParser(ctxt);
}

static void on_entity(void *ctx, const xmlChar *name, int type, const xmlChar *public_id,
                      const xmlChar *system_id, xmlChar *content)
{
    (void)name, (void)type, (void)public_id, (void)system_id, (void)content;
    refuse(ctx);
}

static void on_unparsed_entity(void *ctx, const xmlChar *name, const xmlChar *public_id,
                               const xmlChar *system_id, const xmlChar *notation)
{
    (void)name, (void)public_id, (void)system_id, (void)notation;
    refuse(ctx);
}

/*
 * libxml2's structured error handler for the whole of one ag_feed_parse (XML and HTML parses):
 * nothing reaches stderr (libxml2 prints the errors it raises without a parser context, such as
 * encoding conversion failures), and the first error is kept for the message.
 */
static void on_error(void *ctx, xmlErrorPtr e)
{
    struct watch *w = ctx;
    if (w->error[0] || e->level < XML_ERR_ERROR)
        return;
    snprintf(w->error, sizeof(w->error), "%s", e->message ? e->message : "unknown error");
    w->error[strcspn(w->error, "\n")] = '\0';
    w->error_line = e->line;
}

static int parse_error(const struct watch *w, struct ag_error *err)
{
    const char *msg = w->error[0] ? w->error : "unknown error";
    if (strstr(msg, "depth")) /* libxml2's own message suggests XML_PARSE_HUGE: never for feeds */
        return ag_error_set(err, AG_EFAIL, "the feed nests its elements too deep to be read safely");
    if (strstr(msg, "huge") || strstr(msg, "too long"))
        return ag_error_set(err, AG_EFAIL, "the feed holds a text too large to be read safely");
    if (strstr(msg, "Document is empty"))
        return ag_error_set(err, AG_EFAIL, "the feed is empty: no XML document");
    if (w->error_line <= 0) /* an encoding error has no line */
        return ag_error_set(err, AG_EFAIL, "not well-formed XML: %s", msg);
    return ag_error_set(err, AG_EFAIL, "not well-formed XML at line %d: %s", w->error_line, msg);
}

static int declares_entities(const xmlDoc *doc)
{
    const xmlDtd *dtd = doc->intSubset;
    return dtd && (dtd->entities || dtd->pentities);
}

/* Parse with the safe options; NULL with err set. */
static xmlDocPtr read_xml(const char *data, size_t len, const char *base_url, struct watch *w,
                          struct ag_error *err)
{
    xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
    if (!ctxt) {
        ag_error_set(err, AG_EFAIL, "out of memory parsing the feed");
        return NULL;
    }
    ctxt->_private = w;
    ctxt->sax->entityDecl = on_entity;
    ctxt->sax->unparsedEntityDecl = on_unparsed_entity;
    ctxt->sax->externalSubset = NULL; /* an external DTD is never read, whatever the options */
    xmlDocPtr doc = xmlCtxtReadMemory(ctxt, data, (int)len, base_url, NULL, XML_OPTIONS);
    if (w->entities || (doc && declares_entities(doc))) {
        ag_error_set(err, AG_EFAIL,
                     "the feed declares entities (<!ENTITY …>), which are refused: feeds have no need of "
                     "them and they serve only to attack readers");
        xmlFreeDoc(doc);
        doc = NULL;
    } else if (!doc) {
        parse_error(w, err);
    }
    xmlFreeParserCtxt(ctxt);
    return doc;
}

static int read_feed(const xmlNode *root, struct ag_feed *out, struct ag_error *err)
{
    int rc;
    if (feed_is(root, NULL, "rss")) {
        out->format = AG_FEED_RSS2;
        rc = feed_read_rss(root, 0, out);
    } else if (feed_is(root, NS_ATOM, "feed")) {
        out->format = AG_FEED_ATOM;
        rc = feed_read_atom(root, out);
    } else if (feed_is(root, NS_RDF, "RDF")) {
        out->format = AG_FEED_RSS1;
        rc = feed_read_rss(root, 1, out);
    } else {
        const char *ns = root->ns && root->ns->href ? (const char *)root->ns->href : NULL;
        return ag_error_set(err, AG_EFAIL, "not an RSS or Atom feed: root <%s>%s%s%s", root->name,
                            ns ? " in namespace '" : "", ns ? ns : "", ns ? "'" : "");
    }
    return rc < 0 ? ag_error_set(err, AG_EFAIL, "out of memory reading the feed") : 0;
}

int ag_feed_parse(const char *data, size_t len, const char *base_url, struct ag_feed *out,
                  struct ag_error *err)
{
    memset(out, 0, sizeof(*out));
    if (len > AG_FEED_MAX_BYTES)
        return ag_error_set(err, AG_EFAIL, "the feed is too big: %zu bytes, more than the %zu allowed", len,
                            (size_t)AG_FEED_MAX_BYTES);
    if (!data || len == 0)
        return ag_error_set(err, AG_EFAIL, "the feed is empty: no XML document");
    pthread_once(&init_once, init_libxml);
    struct watch w = {0};
    /* Per thread in libxml2: saved and restored, so a handler set by someone else survives. */
    xmlStructuredErrorFunc saved = xmlStructuredError;
    void *saved_ctx = xmlStructuredErrorContext;
    xmlSetStructuredErrorFunc(&w, on_error);
    xmlDocPtr doc = read_xml(data, len, base_url, &w, err);
    const xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;
    int rc = !doc   ? -AG_EFAIL
             : root ? read_feed(root, out, err)
                    : ag_error_set(err, AG_EFAIL, "the feed is empty: no XML document");
    xmlFreeDoc(doc);
    xmlSetStructuredErrorFunc(saved_ctx, saved);
    if (rc < 0)
        ag_feed_free(out);
    return rc;
}

void ag_feed_free(struct ag_feed *feed)
{
    if (!feed)
        return;
    for (size_t i = 0; i < feed->n_items; i++) {
        struct ag_feed_item *it = &feed->items[i];
        free(it->key);
        free(it->link);
        free(it->title);
        free(it->body);
        free(it->image);
        free(it->video);
    }
    free(feed->items);
    free(feed->title);
    memset(feed, 0, sizeof(*feed));
}
