/*
 * A method's parameters, whichever of the four documented ways they come (§4.1): the query
 * string, application/x-www-form-urlencoded, application/json (not for uploads) or
 * multipart/form-data.  Form and multipart bodies go through libmicrohttpd's post processor as
 * they arrive: a part with a filename streams to a file in the media directory (constant memory,
 * hashed on the way), other values collect in memory up to VALUES_MAX.  Body parameters override
 * the query string's; a parameter given twice in the body is refused.
 *
 * Without a socket (the fuzz target) there is no post processor: a form body is then decoded
 * whole, and multipart is refused.
 */
#include "sandbox/telegram/telegram.h"

#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/text.h"

#include "core/log.h"

#define VALUES_MAX ((size_t)1 << 20) /* all non-file values together */
#define JSON_MAX   ((size_t)1 << 20)
#define PP_BUFFER  65536

enum body_kind { BODY_NONE, BODY_FORM, BODY_MULTIPART, BODY_JSON, BODY_OTHER };

struct tg_stream {
    struct tg_call call;
    enum body_kind kind;
    struct MHD_PostProcessor *pp;
    struct ag_buf raw; /* JSON, or a form without a post processor */
    json_t *body;      /* name -> string, from the body */
    size_t values_len;
    /* the part being received */
    char *part_name;
    struct ag_buf part_value;
    struct tg_file *part_file;
    int part_fd;
    long long part_bytes; /* bytes of the part so far */
    EVP_MD_CTX *part_md;
    const char *error; /* why the body is refused (after "Bad Request: "), NULL if fine */
    bool too_big;
};

static void part_end(struct tg_stream *st)
{
    if (st->part_file) {
        unsigned char md[EVP_MAX_MD_SIZE];
        unsigned n = 0;
        if (st->part_md && EVP_DigestFinal_ex(st->part_md, md, &n))
            ag_hex_encode(md, n, st->part_file->sha256);
        if (st->part_fd >= 0 && close(st->part_fd) != 0)
            st->error = "the upload could not be stored";
    } else if (st->part_name && !st->error) {
        if (json_object_get(st->body, st->part_name))
            st->error = "a parameter is given twice";
        else
            json_object_set_new(
                st->body, st->part_name,
                json_stringn(st->part_value.data ? st->part_value.data : "", st->part_value.len));
    }
    EVP_MD_CTX_free(st->part_md);
    st->part_md = NULL;
    st->part_bytes = 0;
    st->part_fd = -1;
    st->part_file = NULL;
    free(st->part_name);
    st->part_name = NULL;
    ag_buf_reset(&st->part_value);
}

static struct tg_file *file_new(struct tg_stream *st, struct sbx *s, const char *name)
{
    struct tg_call *c = &st->call;
    char hex[33];
    for (size_t i = 0; i < c->n_files; i++)
        if (strcmp(c->files[i].name, name) == 0)
            return NULL;
    struct tg_file *grown = realloc(c->files, (c->n_files + 1) * sizeof(*grown));
    if (!grown)
        return NULL;
    c->files = grown;
    struct tg_file *f = &c->files[c->n_files];
    memset(f, 0, sizeof(*f));
    sbx_random_hex(hex, 16);
    size_t n = strlen(s->data_dir) + 48;
    f->name = strdup(name);
    f->path = malloc(n);
    if (!f->name || !f->path) {
        free(f->name);
        free(f->path);
        return NULL;
    }
    snprintf(f->path, n, "%s/tg-%s", s->data_dir, hex);
    c->n_files++;
    return f;
}

static void part_start(struct tg_stream *st, struct sbx *s, const char *key, const char *filename)
{
    part_end(st);
    if (json_object_get(st->body, key) || tg_file_part(&st->call, key)) {
        st->error = "a parameter is given twice";
        return;
    }
    if (!filename) {
        st->part_name = strdup(key);
        return;
    }
    st->part_file = file_new(st, s, key);
    if (!st->part_file) {
        st->error = "a parameter is given twice";
        return;
    }
    st->part_fd = open(st->part_file->path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    st->part_md = EVP_MD_CTX_new();
    if (st->part_fd < 0 || !st->part_md || !EVP_DigestInit_ex(st->part_md, EVP_sha256(), NULL)) {
        ag_err("cannot store an upload in '%s': %s", s->data_dir, strerror(errno));
        st->error = "the upload could not be stored";
    }
}

static void part_bytes(struct tg_stream *st, const char *data, size_t size)
{
    if (st->part_file) {
        struct tg_file *f = st->part_file;
        f->size += (long long)size;
        if (f->size > TG_OTHER_UPLOAD) { /* no method takes a larger file: stop writing */
            st->too_big = true;
            return;
        }
        if (st->part_fd >= 0 && sbx_store_part(st->part_fd, st->part_md, data, size) < 0)
            st->error = "the upload could not be stored";
    } else if (st->part_name) {
        st->values_len += size;
        if (st->values_len > VALUES_MAX || ag_buf_append(&st->part_value, data, size) < 0)
            st->too_big = true;
    }
}

static enum MHD_Result on_part(void *cls, enum MHD_ValueKind kind, const char *key, const char *filename,
                               const char *content_type, const char *transfer_encoding, const char *data,
                               uint64_t off, size_t size)
{
    struct tg_stream *st = cls;
    (void)kind, (void)content_type, (void)transfer_encoding;
    if (st->error || st->too_big)
        return MHD_YES; /* refused already: drain the rest */
    /* A part starts at offset 0 (an empty first call may come before its bytes, at offset 0 too). */
    bool same = (st->part_name && strcmp(st->part_name, key) == 0) ||
                (st->part_file && strcmp(st->part_file->name, key) == 0);
    if (off == 0 && !(same && st->part_bytes == 0))
        part_start(st, st->call.r->sbx, key, filename);
    if (!st->error && size > 0) {
        st->part_bytes += (long long)size;
        part_bytes(st, data, size);
    }
    return MHD_YES;
}

static enum body_kind body_kind(struct sbx_req *r)
{
    if (!sbx_header(r, MHD_HTTP_HEADER_CONTENT_TYPE))
        return BODY_NONE;
    if (sbx_media_type_is(r, "application/x-www-form-urlencoded"))
        return BODY_FORM;
    if (sbx_media_type_is(r, "multipart/form-data"))
        return BODY_MULTIPART;
    if (sbx_media_type_is(r, "application/json"))
        return BODY_JSON;
    return BODY_OTHER;
}

void tg_stream_begin(struct sbx_req *r, const char *method, json_t *bot)
{
    struct tg_stream *st = calloc(1, sizeof(*st));
    if (!st) {
        tg_reply_error(r, 500, "Internal Server Error");
        return;
    }
    r->stream = st;
    st->call.r = r;
    st->call.method = method;
    st->call.bot = bot;
    st->call.params = json_object();
    st->body = json_object();
    st->part_fd = -1;
    ag_buf_init(&st->raw, JSON_MAX);
    ag_buf_init(&st->part_value, 0);
    for (size_t i = 0; i < r->args.n; i++)
        json_object_set_new(st->call.params, r->args.items[2 * i], json_string(r->args.items[2 * i + 1]));
    st->kind = body_kind(r);
    if ((st->kind == BODY_FORM || st->kind == BODY_MULTIPART) && r->conn) {
        st->pp = MHD_create_post_processor(r->conn, PP_BUFFER, on_part, st);
        if (!st->pp)
            st->error = "the multipart body has no boundary";
    } else if (st->kind == BODY_MULTIPART)
        st->error = "multipart/form-data needs a connection"; /* the fuzz target only */
}

void tg_stream_data(struct sbx_req *r, const char *data, size_t len)
{
    struct tg_stream *st = r->stream;
    if (!st || st->error || st->too_big)
        return;
    if (st->pp) {
        if (MHD_post_process(st->pp, data, len) != MHD_YES && !st->error && !st->too_big)
            st->error = "the request body is malformed";
    } else if (st->kind == BODY_OTHER)
        st->error = "parameters go in the query string, a form, JSON or multipart/form-data";
    else if (ag_buf_append(&st->raw, data, len) < 0)
        st->too_big = true;
}

/* Parameters of a JSON object body: strings as they are, other values as their JSON text. */
static const char *json_params(struct tg_stream *st)
{
    json_error_t jerr;
    const char *k;
    json_t *v;
    json_t *obj = json_loadb(st->raw.data ? st->raw.data : "", st->raw.len, JSON_REJECT_DUPLICATES, &jerr);
    if (!json_is_object(obj)) {
        json_decref(obj);
        return "the JSON body is not a JSON object";
    }
    json_object_foreach(obj, k, v)
    {
        if (json_is_null(v))
            continue;
        char *text =
            json_is_string(v) ? strdup(json_string_value(v)) : json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
        json_object_set_new(st->body, k, json_string(text ? text : ""));
        free(text);
    }
    json_decref(obj);
    return NULL;
}

struct tg_call *tg_call_finish(struct sbx_req *r)
{
    struct tg_stream *st = r->stream;
    const char *why = NULL;
    if (!st)
        return NULL;
    if (st->pp) {
        if (MHD_destroy_post_processor(st->pp) != MHD_YES && !st->error && !st->too_big)
            st->error = "the request body is malformed";
        st->pp = NULL;
        part_end(st);
    } else if (!st->error && !st->too_big && st->kind == BODY_JSON)
        why = json_params(st);
    else if (!st->error && !st->too_big && st->kind == BODY_FORM) {
        json_t *form = sbx_form_parse(st->raw.data ? st->raw.data : "");
        if (form)
            json_object_update(st->body, form);
        else
            why = "the form body is malformed";
        json_decref(form);
    }
    if (st->too_big) {
        tg_reply_error(r, 413, "Request Entity Too Large");
        return NULL;
    }
    if (st->error || why) {
        tg_reply_error(r, 400, "Bad Request: %s", st->error ? st->error : why);
        return NULL;
    }
    json_object_update(st->call.params, st->body);
    return &st->call;
}

const char *tg_param(struct tg_call *c, const char *name)
{
    return json_string_value(json_object_get(c->params, name));
}

struct tg_file *tg_file_part(struct tg_call *c, const char *name)
{
    for (size_t i = 0; i < c->n_files; i++)
        if (strcmp(c->files[i].name, name) == 0)
            return &c->files[i];
    return NULL;
}

void tg_stream_free(struct sbx_req *r)
{
    struct tg_stream *st = r->stream;
    if (!st)
        return;
    if (st->pp)
        MHD_destroy_post_processor(st->pp);
    part_end(st);
    for (size_t i = 0; i < st->call.n_files; i++) {
        if (!st->call.files[i].kept)
            unlink(st->call.files[i].path);
        free(st->call.files[i].name);
        free(st->call.files[i].path);
    }
    free(st->call.files);
    json_decref(st->call.params);
    json_decref(st->body);
    ag_buf_free(&st->raw);
    ag_buf_free(&st->part_value);
    free(st);
    r->stream = NULL;
}
