/* core/http.c's multipart bodies (internal): a curl_mime whose file parts stream from a range. */
#ifndef AG_HTTP_MIME_H
#define AG_HTTP_MIME_H

#include <curl/curl.h>

#include "core/http.h"

struct ag_http_mime {
    curl_mime *mime;
    struct ag_http_mime_src *srcs; /* one per file part */
};

/*
 * Build the body for parts on curl.  A file part that cannot be read sets *read_errno (errno, or
 * -1 when the file is shorter than the range) and aborts the transfer.  0, or -1 (out of memory).
 * m is usable by ag_http_mime_free either way.
 */
int ag_http_mime_build(struct ag_http_mime *m, CURL *curl, const struct ag_http_part *parts, int *read_errno);

void ag_http_mime_free(struct ag_http_mime *m);

#endif
