/*
 * The body of a create (§3.1, §3.4): application/json, application/x-www-form-urlencoded (fields
 * as strings) or multipart/form-data; any other Content-Type is 50035.  A multipart body goes
 * through libmicrohttpd's post processor as it arrives: a `payload_json` part (the JSON fields)
 * collects in memory, each `files[n]` part (which needs a filename) streams to a file in the
 * media directory, hashed on the way, so memory stays constant whatever the upload.  Any other
 * part is refused (the doc puts every non-file field in payload_json).
 *
 * Limits: a file above upload_limit_bytes, or a request above request_limit_bytes, is 413 with
 * code 40005, answered once the body is in; writing stops at the limit.  JSON and form bodies are
 * kept in memory up to RAW_MAX (far above what the field limits allow).
 *
 * Without a socket (the fuzz target) there is no post processor: multipart is then refused.
 */
#include "sandbox/discord/discord.h"

#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/log.h"
#include "core/text.h"

#define RAW_MAX   ((size_t)1 << 20)
#define PP_BUFFER 65536

enum body_kind { BODY_NONE, BODY_JSON, BODY_FORM, BODY_MULTIPART };

struct dc_body {
    enum body_kind kind;
    struct MHD_PostProcessor *pp;
    struct ag_buf raw; /* JSON or form; payload_json of a multipart */
    bool have_payload;
    long long total, upload_limit, request_limit;
    struct dc_file *files;
    size_t n_files;
    json_t *errors; /* 50035 entries about parts */
    bool too_big, store_failed, malformed;
    /* the part being received */
    char *part_name;
    bool part_payload;
    struct dc_file *part_file;
    int part_fd;
    EVP_MD_CTX *part_md;
    long long part_bytes;
};

static const char content_types[] = "Expected \"Content-Type\" header to be one of {'application/json', "
                                    "'application/x-www-form-urlencoded', 'multipart/form-data'}.";

static void part_end(struct dc_body *b)
{
    if (b->part_file) {
        unsigned char md[EVP_MAX_MD_SIZE];
        unsigned n = 0;
        if (b->part_md && EVP_DigestFinal_ex(b->part_md, md, &n))
            ag_hex_encode(md, n, b->part_file->sha256);
        if (b->part_fd >= 0 && close(b->part_fd) != 0)
            b->store_failed = true;
    }
    EVP_MD_CTX_free(b->part_md);
    b->part_md = NULL;
    b->part_fd = -1;
    b->part_file = NULL;
    b->part_payload = false;
    b->part_bytes = 0;
    free(b->part_name);
    b->part_name = NULL;
}

/* n of "files[n]" (digits only), or -1. */
static long file_index(const char *name)
{
    if (strncmp(name, "files[", 6) != 0)
        return -1;
    size_t n = strspn(name + 6, "0123456789");
    if (n == 0 || n > 6 || strcmp(name + 6 + n, "]") != 0)
        return -1;
    return strtol(name + 6, NULL, 10);
}

static struct dc_file *file_new(struct dc_body *b, struct sbx *s, long index, const char *filename)
{
    char hex[33];
    struct dc_file *grown = realloc(b->files, (b->n_files + 1) * sizeof(*grown));
    if (!grown)
        return NULL;
    b->files = grown;
    struct dc_file *f = &b->files[b->n_files];
    memset(f, 0, sizeof(*f));
    sbx_random_hex(hex, 16);
    size_t n = strlen(s->data_dir) + 48;
    f->index = index;
    f->filename = strdup(filename);
    f->path = malloc(n);
    if (!f->filename || !f->path) {
        free(f->filename);
        free(f->path);
        return NULL;
    }
    snprintf(f->path, n, "%s/dc-%s", s->data_dir, hex);
    b->n_files++;
    return f;
}

static bool index_taken(struct dc_body *b, long index)
{
    for (size_t i = 0; i < b->n_files; i++)
        if (b->files[i].index == index)
            return true;
    return false;
}

static void part_start(struct dc_body *b, struct sbx *s, const char *key, const char *filename)
{
    long index = file_index(key);
    char field[64];
    part_end(b);
    snprintf(field, sizeof(field), "%.60s", key);
    sbx_utf8_scrub(field);
    if (strcmp(key, "payload_json") == 0) {
        if (b->have_payload)
            dc_error_at(b->errors, "payload_json", "BASE_TYPE_DUPLICATE", "payload_json is given twice.");
        b->have_payload = b->part_payload = true;
        return;
    }
    if (index < 0 || !filename || !*filename || index_taken(b, index)) {
        dc_error_at(b->errors, field, index < 0 ? "UNKNOWN_FIELD" : "FILE_UPLOAD_INVALID",
                    index < 0                 ? "Unknown part: fields go in payload_json, files in files[n]."
                    : !filename || !*filename ? "A files[n] part needs a filename."
                                              : "This files[n] is given twice.");
        return;
    }
    b->part_file = file_new(b, s, index, filename);
    b->part_fd = b->part_file ? open(b->part_file->path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600) : -1;
    b->part_md = EVP_MD_CTX_new();
    if (b->part_fd < 0 || !b->part_md || !EVP_DigestInit_ex(b->part_md, EVP_sha256(), NULL)) {
        ag_err("cannot store an upload in '%s': %s", s->data_dir, strerror(errno));
        b->store_failed = true;
    }
}

static void part_bytes(struct dc_body *b, const char *data, size_t size)
{
    if (b->part_payload) {
        if (ag_buf_append(&b->raw, data, size) < 0)
            b->too_big = true;
    } else if (b->part_file && b->part_fd >= 0) {
        struct dc_file *f = b->part_file;
        f->size += (long long)size;
        if (f->size > b->upload_limit) { /* 40005: stop writing, drain the rest */
            b->too_big = true;
            return;
        }
        if (sbx_store_part(b->part_fd, b->part_md, data, size) < 0)
            b->store_failed = true;
    }
}

static enum MHD_Result on_part(void *cls, enum MHD_ValueKind kind, const char *key, const char *filename,
                               const char *content_type, const char *transfer_encoding, const char *data,
                               uint64_t off, size_t size)
{
    struct dc_call *c = cls;
    struct dc_body *b = c->body;
    (void)kind, (void)content_type, (void)transfer_encoding;
    if (b->too_big || b->store_failed)
        return MHD_YES; /* refused already: drain the rest */
    /* A part starts at offset 0 (an empty first call may come before its bytes, at offset 0 too). */
    bool same = b->part_name && strcmp(b->part_name, key) == 0 && b->part_bytes == 0;
    if (off == 0 && !same) {
        part_start(b, c->r->sbx, key, filename);
        b->part_name = strdup(key);
    }
    if (size > 0) {
        b->part_bytes += (long long)size;
        part_bytes(b, data, size);
    }
    return MHD_YES;
}

void dc_body_begin(struct dc_call *c)
{
    struct sbx_req *r = c->r;
    struct dc_body *b = calloc(1, sizeof(*b));
    if (!b) {
        dc_reply_error(r, 500, 0, "500: Internal Server Error");
        return;
    }
    c->body = b;
    b->part_fd = -1;
    b->errors = json_object();
    ag_buf_init(&b->raw, RAW_MAX);
    pthread_mutex_lock(&r->sbx->lock);
    b->upload_limit = dc_setting(r->sbx, "upload_limit_bytes");
    b->request_limit = dc_setting(r->sbx, "request_limit_bytes");
    pthread_mutex_unlock(&r->sbx->lock);
    if (!sbx_header(r, MHD_HTTP_HEADER_CONTENT_TYPE))
        b->kind = BODY_NONE;
    else if (sbx_media_type_is(r, "application/json"))
        b->kind = BODY_JSON;
    else if (sbx_media_type_is(r, "application/x-www-form-urlencoded"))
        b->kind = BODY_FORM;
    else if (sbx_media_type_is(r, "multipart/form-data") && r->conn) {
        b->kind = BODY_MULTIPART;
        if (!(b->pp = MHD_create_post_processor(r->conn, PP_BUFFER, on_part, c)))
            b->malformed = true; /* no boundary */
    } else {
        json_t *errors = json_object();
        dc_error_at(errors, "", "CONTENT_TYPE_INVALID", content_types);
        dc_reply_invalid(r, errors);
    }
}

void dc_body_data(struct sbx_req *r, const char *data, size_t len)
{
    struct dc_call *c = r->stream;
    struct dc_body *b = c ? c->body : NULL;
    if (!b || b->too_big || b->store_failed || b->malformed)
        return;
    b->total += (long long)len;
    if (b->total > b->request_limit)
        b->too_big = true;
    else if (b->pp) {
        if (MHD_post_process(b->pp, data, len) != MHD_YES && !b->too_big && !b->store_failed)
            b->malformed = true;
    } else if (ag_buf_append(&b->raw, data, len) < 0)
        b->too_big = true;
}

/* The JSON object in raw, or NULL with a 50035 entry at field ("" for the body). */
static json_t *parse_object(struct dc_body *b, const char *field)
{
    json_error_t jerr;
    json_t *obj = json_loadb(b->raw.data ? b->raw.data : "", b->raw.len, JSON_REJECT_DUPLICATES, &jerr);
    if (json_is_object(obj))
        return obj;
    json_decref(obj);
    dc_error_at(b->errors, field, "JSON_INVALID",
                "The request body contains invalid JSON (an object is expected).");
    return NULL;
}

static json_t *payload_of(struct dc_body *b)
{
    switch (b->kind) {
    case BODY_JSON:
        return parse_object(b, "");
    case BODY_FORM: {
        json_t *form = sbx_form_parse(b->raw.data ? b->raw.data : "");
        if (!form)
            dc_error_at(b->errors, "", "FORM_INVALID", "The form body is malformed or repeats a field.");
        return form;
    }
    case BODY_MULTIPART:
        return b->have_payload ? parse_object(b, "payload_json") : json_object();
    case BODY_NONE:
        if (b->raw.len == 0)
            return json_object();
        dc_error_at(b->errors, "", "CONTENT_TYPE_INVALID", content_types);
        return NULL;
    }
    return NULL;
}

json_t *dc_body_finish(struct dc_call *c, struct dc_file **files, size_t *n_files)
{
    struct dc_body *b = c->body;
    if (!b)
        return NULL;
    if (b->pp) {
        if (MHD_destroy_post_processor(b->pp) != MHD_YES && !b->too_big && !b->store_failed)
            b->malformed = true;
        b->pp = NULL;
        part_end(b);
    }
    if (b->too_big) {
        dc_reply_error(c->r, 413, 40005, "Request entity too large");
        return NULL;
    }
    if (b->store_failed) {
        dc_reply_error(c->r, 500, 0, "500: Internal Server Error");
        return NULL;
    }
    if (b->malformed)
        dc_error_at(b->errors, "", "MULTIPART_INVALID", "The multipart/form-data body is malformed.");
    json_t *payload = b->malformed ? NULL : payload_of(b);
    if (json_object_size(b->errors) > 0) {
        json_decref(payload);
        dc_reply_invalid(c->r, json_incref(b->errors));
        return NULL;
    }
    *files = b->files;
    *n_files = b->n_files;
    return payload;
}

void dc_body_free(struct dc_call *c)
{
    struct dc_body *b = c->body;
    if (!b)
        return;
    if (b->pp)
        MHD_destroy_post_processor(b->pp);
    part_end(b);
    for (size_t i = 0; i < b->n_files; i++) {
        if (!b->files[i].kept)
            unlink(b->files[i].path);
        free(b->files[i].filename);
        free(b->files[i].description);
        free(b->files[i].path);
    }
    free(b->files);
    json_decref(b->errors);
    ag_buf_free(&b->raw);
    free(b);
    c->body = NULL;
}
