#include "core/opengraph.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/uri.h>

#include "core/http.h"
#include "core/url.h"

/* Preference of each source for a field: a lower rank wins. */
enum { RANK_NONE = 100 };

struct found {
    char *value[3];
    int rank[3];
};

enum { TITLE, DESCRIPTION, IMAGE };

static const struct {
    const char *key; /* property= or name= */
    int field, rank;
} tags[] = {
    {"og:title", TITLE, 0},
    {"twitter:title", TITLE, 1},
    {"og:description", DESCRIPTION, 0},
    {"twitter:description", DESCRIPTION, 1},
    {"description", DESCRIPTION, 2},
    {"og:image", IMAGE, 0},
    {"og:image:secure_url", IMAGE, 1},
    {"og:image:url", IMAGE, 1},
    {"twitter:image", IMAGE, 2},
};

/* A copy of s with runs of white space made one space and the ends trimmed; NULL if empty. */
static char *collapse(const char *s)
{
    char *out = malloc(strlen(s) + 1), *w = out;
    if (!out)
        return NULL;
    for (const char *p = s; *p; p++) {
        if (strchr(" \t\r\n\f\v", *p)) {
            if (w > out && w[-1] != ' ')
                *w++ = ' ';
        } else {
            *w++ = *p;
        }
    }
    while (w > out && w[-1] == ' ')
        w--;
    *w = '\0';
    if (!*out) {
        free(out);
        return NULL;
    }
    return out;
}

static void offer(struct found *f, int field, int rank, const char *value)
{
    if (!value || rank >= f->rank[field])
        return;
    char *v = collapse(value);
    if (!v)
        return;
    free(f->value[field]);
    f->value[field] = v;
    f->rank[field] = rank;
}

static void meta(struct found *f, xmlNode *n)
{
    xmlChar *key = xmlGetProp(n, (const xmlChar *)"property");
    if (!key)
        key = xmlGetProp(n, (const xmlChar *)"name");
    xmlChar *content = key ? xmlGetProp(n, (const xmlChar *)"content") : NULL;
    for (size_t i = 0; content && i < sizeof(tags) / sizeof(tags[0]); i++)
        if (strcasecmp((const char *)key, tags[i].key) == 0)
            offer(f, tags[i].field, tags[i].rank, (const char *)content);
    xmlFree(key);
    xmlFree(content);
}

static void walk(struct found *f, xmlNode *n)
{
    for (; n; n = n->next) {
        if (n->type == XML_ELEMENT_NODE && strcasecmp((const char *)n->name, "meta") == 0)
            meta(f, n);
        else if (n->type == XML_ELEMENT_NODE && strcasecmp((const char *)n->name, "title") == 0) {
            xmlChar *text = xmlNodeGetContent(n);
            offer(f, TITLE, 3, (const char *)text);
            xmlFree(text);
        }
        if (n->type == XML_ELEMENT_NODE && strcasecmp((const char *)n->name, "body") != 0)
            walk(f, n->children);
    }
}

/* The image URL made absolute against the page, kept only if http(s). */
static char *absolute_image(char *image, const char *page_url)
{
    if (!image)
        return NULL;
    xmlChar *abs = page_url ? xmlBuildURI((const xmlChar *)image, (const xmlChar *)page_url) : NULL;
    const char *u = abs ? (const char *)abs : image;
    char *out = NULL;
    if (strncasecmp(u, "https://", 8) == 0 || strncasecmp(u, "http://", 7) == 0)
        out = strdup(u);
    xmlFree(abs);
    free(image);
    return out;
}

void ag_og_parse(const char *html, size_t len, const char *page_url, struct ag_og *out)
{
    struct found f = {.rank = {RANK_NONE, RANK_NONE, RANK_NONE}};
    *out = (struct ag_og){0};
    if (len > (size_t)INT32_MAX)
        return;
    /* NONET: nothing fetched; no HTML_PARSE_NOENT, so no entity is substituted from outside. */
    htmlDocPtr doc = htmlReadMemory(html, (int)len, page_url, NULL,
                                    HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING);
    if (!doc)
        return;
    walk(&f, xmlDocGetRootElement(doc));
    xmlFreeDoc(doc);
    out->title = f.value[TITLE];
    out->description = f.value[DESCRIPTION];
    out->image = absolute_image(f.value[IMAGE], page_url);
}

/* HTML, or a server that does not say what it sends (no type, or application/octet-stream). */
static int html_type(const char *type)
{
    static const char *const ok[] = {"text/html", "application/xhtml", "application/octet-stream"};
    if (!*type)
        return 1;
    for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
        if (strncasecmp(type, ok[i], strlen(ok[i])) == 0)
            return 1;
    return 0;
}

int ag_og_fetch(const char *url, struct ag_og *out, struct ag_error *err)
{
    struct ag_http_request req;
    struct ag_http_response res;
    char shown[256];
    *out = (struct ag_og){0};
    ag_http_request_init(&req);
    ag_http_response_init(&res);
    req.url = url;
    req.max_response = AG_OG_MAX_BYTES;
    req.timeout_s = AG_OG_TIMEOUT_S;
    req.connect_timeout_s = AG_OG_TIMEOUT_S;
    req.low_speed_s = AG_OG_TIMEOUT_S;
    req.max_redirects = 5;
    req.public_only = 1;
    req.idempotent = 1;
    int rc = ag_http_perform(&req, &res, err);
    const char *type = res.content_type ? res.content_type : "";
    if (rc == 0 && (res.status < 200 || res.status > 299))
        rc = ag_error_set(err, AG_EFAIL, "%s answered HTTP %ld", ag_url_shown(url, shown, sizeof(shown)),
                          res.status);
    else if (rc == 0 && !html_type(type))
        rc = ag_error_set(err, AG_EFAIL, "%s is not an HTML page (%.60s)",
                          ag_url_shown(url, shown, sizeof(shown)), type);
    if (rc == 0)
        ag_og_parse(res.body.data, res.body.len, url, out);
    ag_http_response_free(&res);
    return rc;
}

void ag_og_free(struct ag_og *og)
{
    free(og->title);
    free(og->description);
    free(og->image);
    *og = (struct ag_og){0};
}
