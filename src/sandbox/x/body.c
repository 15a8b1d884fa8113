/*
 * The body of an X request.  JSON and form bodies are kept in memory (at most BODY_MAX); on the
 * upload routes (append, one-shot) a multipart/form-data body goes through libmicrohttpd's post
 * processor as it arrives: the `media` part streams to a file in the media directory, hashed on
 * the way (constant memory whatever the chunk size), other fields collect in memory up to
 * FIELDS_MAX.  Without a socket (the fuzz target) there is no post processor: multipart is then
 * refused.
 */
#include "sandbox/x/x.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/log.h"
#include "core/text.h"

#define BODY_MAX   ((size_t)1 << 20)
#define FIELDS_MAX ((size_t)64 << 10)
#define PP_BUFFER  65536

static bool upload_route(struct x_call *c)
{
    return strcmp(c->key, "media_append") == 0 || strcmp(c->key, "media_upload") == 0;
}

static void part_end(struct x_call *c)
{
    if (c->in_file) {
        unsigned char md[EVP_MAX_MD_SIZE];
        unsigned n = 0;
        if (c->md && EVP_DigestFinal_ex(c->md, md, &n))
            ag_hex_encode(md, n, c->sha256);
        if (c->fd >= 0 && close(c->fd) != 0)
            c->error = "the upload could not be stored";
        c->fd = -1;
        EVP_MD_CTX_free(c->md);
        c->md = NULL;
        c->in_file = false;
    } else if (c->part_name && !c->error) {
        if (json_object_get(c->fields, c->part_name))
            c->error = "a field is given twice";
        else
            json_object_set_new(c->fields, c->part_name, json_stringn(c->part_value.data, c->part_value.len));
    }
    free(c->part_name);
    c->part_name = NULL;
    ag_buf_reset(&c->part_value);
}

static void file_start(struct x_call *c)
{
    struct sbx *s = c->r->sbx;
    char hex[33];
    if (c->file_path) {
        c->error = "the media field is given twice";
        return;
    }
    sbx_random_hex(hex, 16);
    size_t n = strlen(s->data_dir) + 48;
    c->file_path = malloc(n);
    if (!c->file_path) {
        c->error = "the upload could not be stored";
        return;
    }
    snprintf(c->file_path, n, "%s/x-%s", s->data_dir, hex);
    c->in_file = true;
    c->fd = open(c->file_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    c->md = EVP_MD_CTX_new();
    if (c->fd < 0 || !c->md || !EVP_DigestInit_ex(c->md, EVP_sha256(), NULL)) {
        ag_err("cannot store an upload in '%s': %s", s->data_dir, strerror(errno));
        c->error = "the upload could not be stored";
    }
}

static void file_bytes(struct x_call *c, const char *data, size_t size)
{
    c->file_size += (long long)size;
    if (c->file_size > X_VIDEO_MAX) { /* larger than any media: stop writing */
        c->too_big = true;
        return;
    }
    EVP_DigestUpdate(c->md, data, size);
    while (size > 0) {
        ssize_t n = write(c->fd, data, size);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            c->error = "the upload could not be stored";
            return;
        }
        data += n;
        size -= (size_t)n;
    }
}

static enum MHD_Result on_part(void *cls, enum MHD_ValueKind kind, const char *key, const char *filename,
                               const char *content_type, const char *transfer_encoding, const char *data,
                               uint64_t off, size_t size)
{
    struct x_call *c = cls;
    (void)kind, (void)filename, (void)content_type, (void)transfer_encoding;
    if (c->error || c->too_big)
        return MHD_YES; /* refused already: drain the rest */
    if (off == 0) {
        bool same = c->in_file ? strcmp(key, "media") == 0 : c->part_name && strcmp(c->part_name, key) == 0;
        /* an empty first call may come before a part's bytes, at offset 0 too */
        if (!(same && (c->in_file ? c->file_size == 0 : c->part_value.len == 0))) {
            part_end(c);
            if (strcmp(key, "media") == 0)
                file_start(c);
            else
                c->part_name = strdup(key);
        }
    }
    if (c->error || size == 0)
        return MHD_YES;
    if (c->in_file)
        file_bytes(c, data, size);
    else if (ag_buf_append(&c->part_value, data, size) < 0)
        c->too_big = true;
    return MHD_YES;
}

void x_body_begin(struct x_call *c)
{
    struct sbx_req *r = c->r;
    c->fd = -1;
    c->fields = json_object();
    ag_buf_init(&c->body, BODY_MAX);
    ag_buf_init(&c->part_value, FIELDS_MAX);
    if (!sbx_header(r, MHD_HTTP_HEADER_CONTENT_TYPE))
        c->kind = X_BODY_NONE;
    else if (sbx_media_type_is(r, "application/x-www-form-urlencoded"))
        c->kind = X_BODY_FORM;
    else if (sbx_media_type_is(r, "application/json"))
        c->kind = X_BODY_JSON;
    else if (sbx_media_type_is(r, "multipart/form-data"))
        c->kind = X_BODY_MULTIPART;
    else
        c->kind = X_BODY_OTHER;
    if (c->kind == X_BODY_MULTIPART && upload_route(c)) {
        c->pp = r->conn ? MHD_create_post_processor(r->conn, PP_BUFFER, on_part, c) : NULL;
        if (!c->pp)
            c->error = "the multipart body has no boundary";
    }
}

void x_body_data(struct x_call *c, const char *data, size_t len)
{
    if (c->error || c->too_big)
        return;
    if (c->pp) {
        if (MHD_post_process(c->pp, data, len) != MHD_YES && !c->error && !c->too_big)
            c->error = "the multipart body is malformed";
    } else if (ag_buf_append(&c->body, data, len) < 0)
        c->too_big = true;
}

bool x_body_end(struct x_call *c)
{
    if (c->pp) {
        if (MHD_destroy_post_processor(c->pp) != MHD_YES && !c->error && !c->too_big)
            c->error = "the multipart body is malformed";
        c->pp = NULL;
        part_end(c);
    }
    if (c->too_big)
        x_problem(c->r, 413, "Payload Too Large", "about:blank", "The request body is too large.", NULL);
    else if (c->error)
        x_problem(c->r, 400, "Invalid Request", "https://api.twitter.com/2/problems/invalid-request",
                  c->error, NULL);
    return !c->too_big && !c->error;
}

json_t *x_body_json(struct x_call *c)
{
    json_error_t jerr;
    if (c->kind != X_BODY_JSON) {
        x_problem(c->r, 400, "Invalid Request", "https://api.twitter.com/2/problems/invalid-request",
                  "Requests with bodies must have content-type of application/json.", NULL);
        return NULL;
    }
    json_t *obj = json_loadb(c->body.data, c->body.len, JSON_REJECT_DUPLICATES, &jerr);
    if (!json_is_object(obj)) {
        json_decref(obj);
        x_problem(c->r, 400, "Invalid Request", "https://api.twitter.com/2/problems/invalid-request",
                  "The request body is not a JSON object.", NULL);
        return NULL;
    }
    return obj;
}

const char *x_field(struct x_call *c, const char *name)
{
    return json_string_value(json_object_get(c->fields, name));
}

void x_body_free(struct x_call *c)
{
    if (c->pp)
        MHD_destroy_post_processor(c->pp);
    part_end(c);
    if (c->file_path && !c->file_kept)
        unlink(c->file_path);
    free(c->file_path);
    json_decref(c->fields);
    ag_buf_free(&c->body);
    ag_buf_free(&c->part_value);
}
