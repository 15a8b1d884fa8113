#include "core/http_mime.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Where a file part reads from; pos is the position within the range. */
struct ag_http_mime_src {
    int fd;
    uint64_t offset, len, pos;
    int *read_errno;
};

static size_t read_part(char *dst, size_t size, size_t nitems, void *arg)
{
    struct ag_http_mime_src *s = arg;
    size_t n = size * nitems;
    if ((uint64_t)n > s->len - s->pos)
        n = (size_t)(s->len - s->pos);
    if (n == 0)
        return 0;
    ssize_t r;
    do
        r = pread(s->fd, dst, n, (off_t)(s->offset + s->pos));
    while (r < 0 && errno == EINTR);
    if (r <= 0) {
        *s->read_errno = r < 0 ? errno : -1;
        return CURL_READFUNC_ABORT;
    }
    s->pos += (uint64_t)r;
    return (size_t)r;
}

/* libcurl rewinds every part before each attempt (and for redirects). */
static int seek_part(void *arg, curl_off_t offset, int origin)
{
    struct ag_http_mime_src *s = arg;
    if (origin != SEEK_SET || offset < 0 || (uint64_t)offset > s->len)
        return CURL_SEEKFUNC_FAIL;
    s->pos = (uint64_t)offset;
    return CURL_SEEKFUNC_OK;
}

static int add_part(curl_mime *mime, const struct ag_http_part *p, struct ag_http_mime_src *src)
{
    curl_mimepart *part = curl_mime_addpart(mime);
    if (!part || curl_mime_name(part, p->name) != CURLE_OK)
        return -1;
    CURLcode cc;
    if (src)
        cc = curl_mime_data_cb(part, (curl_off_t)src->len, read_part, seek_part, NULL, src);
    else
        cc = curl_mime_data(part, p->value, p->value_len ? p->value_len : CURL_ZERO_TERMINATED);
    if (cc == CURLE_OK && p->filename)
        cc = curl_mime_filename(part, p->filename);
    if (cc == CURLE_OK && p->content_type)
        cc = curl_mime_type(part, p->content_type);
    return cc == CURLE_OK ? 0 : -1;
}

int ag_http_mime_build(struct ag_http_mime *m, CURL *curl, const struct ag_http_part *parts, int *read_errno)
{
    size_t n = 0;
    while (parts[n].name)
        n++;
    m->srcs = calloc(n ? n : 1, sizeof(*m->srcs));
    m->mime = curl_mime_init(curl);
    if (!m->srcs || !m->mime)
        return -1;
    for (size_t i = 0; i < n; i++) {
        struct ag_http_mime_src *src = NULL;
        if (!parts[i].value) { /* a file part (checked by ag_http_perform) */
            src = &m->srcs[i];
            *src = (struct ag_http_mime_src){
                .fd = parts[i].fd, .offset = parts[i].offset, .len = parts[i].len, .read_errno = read_errno};
        }
        if (add_part(m->mime, &parts[i], src) < 0)
            return -1;
    }
    return 0;
}

void ag_http_mime_free(struct ag_http_mime *m)
{
    curl_mime_free(m->mime);
    free(m->srcs);
    m->mime = NULL;
    m->srcs = NULL;
}
