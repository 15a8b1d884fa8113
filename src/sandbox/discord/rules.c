/*
 * §3.3's rules for a create's payload, as JSON fields (a form's fields are strings): content
 * <= 2000 characters (Unicode code points), at most 10 embeds with the per-embed limits and 6000
 * characters in all, the settable flags, nonce (a string of at most 25 characters, or an
 * integer), attachments entries naming files[n] parts, attachment://NAME in an embed naming an
 * uploaded file.  Every broken rule is one entry of 50035's nested errors, at the field's path.
 *
 * Embeds are normalised as Discord stores them: strings trimmed, type "rich", only settable fields
 * kept (provider, video and image sizes dropped).
 */
#include "sandbox/discord/discord.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* SUPPRESS_EMBEDS, SUPPRESS_NOTIFICATIONS, IS_VOICE_MESSAGE, IS_COMPONENTS_V2 */
#define FLAGS_SETTABLE ((1LL << 2) | (1LL << 12) | (1LL << 13) | (1LL << 15))

static size_t chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

static void error_at(json_t *errors, const char *code, const char *message, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void error_at(json_t *errors, const char *code, const char *message, const char *fmt, ...)
{
    char path[96];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(path, sizeof(path), fmt, ap);
    va_end(ap);
    dc_error_at(errors, path, code, message);
}

/* A string of at most max characters at path (NULL: absent, fine unless required); its length. */
static size_t text_rule(json_t *errors, const char *path, json_t *v, size_t max, bool required)
{
    char msg[48];
    if (!v || json_is_null(v)) {
        if (required)
            dc_error_at(errors, path, "BASE_TYPE_REQUIRED", "This field is required");
        return 0;
    }
    if (!json_is_string(v)) {
        dc_error_at(errors, path, "BASE_TYPE_STRING", "Must be a string.");
        return 0;
    }
    size_t n = chars(json_string_value(v));
    if (n > max) {
        snprintf(msg, sizeof(msg), "Must be %zu or fewer in length.", max);
        dc_error_at(errors, path, "BASE_TYPE_MAX_LENGTH", msg);
    }
    return n;
}

/* v trimmed of leading and trailing whitespace, as a new string (or a new reference if not a string). */
static json_t *trimmed(json_t *v)
{
    if (!json_is_string(v))
        return json_incref(v);
    const char *s = json_string_value(v), *e = s + strlen(s);
    while (*s && isspace((unsigned char)*s))
        s++;
    while (e > s && isspace((unsigned char)e[-1]))
        e--;
    return json_stringn(s, (size_t)(e - s));
}

static bool file_named(struct dc_file *files, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(files[i].filename, name) == 0)
            return true;
    return false;
}

/* Copy the listed keys of in (trimmed) into a new object. */
static json_t *pick(json_t *in, const char *const *keys)
{
    json_t *out = json_object();
    for (const char *const *k = keys; *k; k++)
        if (json_object_get(in, *k) && !json_is_null(json_object_get(in, *k)))
            json_object_set_new(out, *k, trimmed(json_object_get(in, *k)));
    return out;
}

/* image or thumbnail: {url}, attachment://NAME naming an uploaded file. */
static void check_media(json_t *embed, const char *name, const char *at, struct dc_file *files,
                        size_t n_files, json_t *errors)
{
    static const char *const keys[] = {"url", NULL};
    char path[96];
    json_t *v = json_object_get(embed, name);
    if (!v)
        return;
    snprintf(path, sizeof(path), "%s.%s", at, name);
    if (!json_is_object(v)) {
        dc_error_at(errors, path, "MODEL_TYPE_CONVERT", "Only dictionaries may be used in a ModelType");
        return;
    }
    json_t *out = pick(v, keys);
    json_object_set_new(embed, name, out);
    snprintf(path, sizeof(path), "%s.%s.url", at, name);
    text_rule(errors, path, json_object_get(out, "url"), 2048, true);
    const char *url = sbx_str(out, "url");
    if (url && strncmp(url, "attachment://", 13) == 0 && !file_named(files, n_files, url + 13))
        dc_error_at(errors, path, "ATTACHMENT_NOT_FOUND", "attachment:// names no uploaded file.");
}

/* footer or author: an object whose text_key is required and limited. */
static size_t check_part(json_t *embed, const char *name, const char *text_key, size_t max,
                         const char *const *keys, const char *at, json_t *errors)
{
    char path[96];
    json_t *v = json_object_get(embed, name);
    if (!v)
        return 0;
    snprintf(path, sizeof(path), "%s.%s", at, name);
    if (!json_is_object(v)) {
        dc_error_at(errors, path, "MODEL_TYPE_CONVERT", "Only dictionaries may be used in a ModelType");
        return 0;
    }
    json_t *out = pick(v, keys);
    json_object_set_new(embed, name, out);
    snprintf(path, sizeof(path), "%s.%s.%s", at, name, text_key);
    return text_rule(errors, path, json_object_get(out, text_key), max, true);
}

static size_t check_fields(json_t *embed, const char *at, json_t *errors)
{
    static const char *const keys[] = {"name", "value", "inline", NULL};
    char path[96];
    size_t i, total = 0;
    json_t *f, *fields = json_object_get(embed, "fields");
    if (!fields)
        return 0;
    snprintf(path, sizeof(path), "%s.fields", at);
    if (!json_is_array(fields) || json_array_size(fields) > 25) {
        dc_error_at(errors, path, json_is_array(fields) ? "BASE_TYPE_MAX_LENGTH" : "BASE_TYPE_ARRAY",
                    json_is_array(fields) ? "Must be 25 or fewer in length." : "Must be an array.");
        return 0;
    }
    json_t *out = json_array();
    json_array_foreach(fields, i, f)
    {
        json_t *field = json_is_object(f) ? pick(f, keys) : json_object();
        snprintf(path, sizeof(path), "%s.fields.%zu.name", at, i);
        total += text_rule(errors, path, json_object_get(field, "name"), 256, true);
        snprintf(path, sizeof(path), "%s.fields.%zu.value", at, i);
        total += text_rule(errors, path, json_object_get(field, "value"), 1024, true);
        json_array_append_new(out, field);
    }
    json_object_set_new(embed, "fields", out);
    return total;
}

/* One embed, normalised into *out; its characters towards the 6000 total. */
static size_t check_embed(json_t *in, size_t index, struct dc_file *files, size_t n_files, json_t *errors,
                          json_t **out)
{
    static const char *const keys[] = {"title", "description", "url",    "timestamp", "color", "footer",
                                       "image", "thumbnail",   "author", "fields",    NULL};
    static const char *const footer_keys[] = {"text", "icon_url", NULL};
    static const char *const author_keys[] = {"name", "url", "icon_url", NULL};
    char at[32], path[96];
    snprintf(at, sizeof(at), "embeds.%zu", index);
    if (!json_is_object(in)) {
        dc_error_at(errors, at, "MODEL_TYPE_CONVERT", "Only dictionaries may be used in a ModelType");
        *out = NULL;
        return 0;
    }
    json_t *e = *out = pick(in, keys);
    json_object_set_new(e, "type", json_string("rich"));
    snprintf(path, sizeof(path), "%s.title", at);
    size_t total = text_rule(errors, path, json_object_get(e, "title"), 256, false);
    snprintf(path, sizeof(path), "%s.description", at);
    total += text_rule(errors, path, json_object_get(e, "description"), 4096, false);
    snprintf(path, sizeof(path), "%s.url", at);
    text_rule(errors, path, json_object_get(e, "url"), 2048, false);
    if (json_object_get(e, "color") && !json_is_integer(json_object_get(e, "color")))
        error_at(errors, "NUMBER_TYPE_COERCE", "Value is not int.", "%s.color", at);
    total += check_part(e, "footer", "text", 2048, footer_keys, at, errors);
    total += check_part(e, "author", "name", 256, author_keys, at, errors);
    total += check_fields(e, at, errors);
    check_media(e, "image", at, files, n_files, errors);
    check_media(e, "thumbnail", at, files, n_files, errors);
    return total;
}

static void check_embeds(json_t *payload, struct dc_file *files, size_t n_files, json_t *errors)
{
    size_t i, total = 0;
    json_t *e, *embeds = json_object_get(payload, "embeds");
    if (!embeds || json_is_null(embeds))
        return;
    if (!json_is_array(embeds) || json_array_size(embeds) > DC_EMBEDS_MAX) {
        dc_error_at(errors, "embeds", json_is_array(embeds) ? "BASE_TYPE_MAX_LENGTH" : "BASE_TYPE_ARRAY",
                    json_is_array(embeds) ? "Must be 10 or fewer in length." : "Must be an array.");
        return;
    }
    json_t *out = json_array();
    json_array_foreach(embeds, i, e)
    {
        json_t *norm;
        total += check_embed(e, i, files, n_files, errors, &norm);
        if (norm)
            json_array_append_new(out, norm);
    }
    json_object_set_new(payload, "embeds", out);
    if (total > DC_EMBED_TOTAL_MAX)
        dc_error_at(errors, "embeds", "MAX_EMBED_SIZE_EXCEEDED", "Embed size exceeds maximum size of 6000");
}

/* An attachments entry's id: an integer, or a string of digits. */
static long long entry_id(json_t *v)
{
    if (json_is_integer(v))
        return json_integer_value(v);
    const char *s = json_string_value(v);
    return s && *s && strspn(s, "0123456789") == strlen(s) && strlen(s) < 10 ? strtoll(s, NULL, 10) : -1;
}

/* §3.4: each attachments entry names a files[n] part by id (once); its filename and description apply. */
static void check_attachments(json_t *payload, struct dc_file *files, size_t n_files, json_t *errors)
{
    size_t i, j;
    json_t *a, *list = json_object_get(payload, "attachments");
    bool *claimed = calloc(n_files + 1, sizeof(*claimed));
    if (list && !json_is_array(list))
        dc_error_at(errors, "attachments", "BASE_TYPE_ARRAY", "Must be an array.");
    json_array_foreach(json_is_array(list) ? list : NULL, i, a)
    {
        long long id = entry_id(json_object_get(a, "id"));
        struct dc_file *f = NULL;
        for (j = 0; j < n_files && !f; j++)
            if (files[j].index == id && !claimed[j])
                f = &files[j], claimed[j] = true;
        if (!f) {
            error_at(errors, "ATTACHMENT_NOT_FOUND",
                     "No files[n] part has this id (or another entry took it).", "attachments.%zu.id", i);
            continue;
        }
        char path[64];
        snprintf(path, sizeof(path), "attachments.%zu.filename", i);
        json_t *name = json_object_get(a, "filename");
        if (text_rule(errors, path, name, 1024, false) > 0 && json_is_string(name)) {
            free(f->filename);
            f->filename = strdup(json_string_value(name));
        }
        snprintf(path, sizeof(path), "attachments.%zu.description", i);
        json_t *desc = json_object_get(a, "description");
        if (text_rule(errors, path, desc, 1024, false) > 0 && json_is_string(desc)) {
            free(f->description);
            f->description = strdup(json_string_value(desc));
        }
    }
    free(claimed);
}

static void check_scalars(json_t *payload, json_t *errors)
{
    json_t *nonce = json_object_get(payload, "nonce"), *flags = json_object_get(payload, "flags");
    text_rule(errors, "content", json_object_get(payload, "content"), DC_CONTENT_MAX, false);
    if (nonce && !json_is_null(nonce) && !json_is_integer(nonce))
        text_rule(errors, "nonce", nonce, DC_NONCE_MAX, false);
    static const char *const booleans[] = {"tts", "enforce_nonce", NULL};
    for (const char *const *b = booleans; *b; b++)
        if (json_object_get(payload, *b) && !json_is_boolean(json_object_get(payload, *b)))
            dc_error_at(errors, *b, "BASE_TYPE_BOOLEAN", "Must be either true or false.");
    if (flags && (!json_is_integer(flags) || (json_integer_value(flags) & ~FLAGS_SETTABLE)))
        dc_error_at(errors, "flags", "MESSAGE_FLAGS_INVALID",
                    "Only SUPPRESS_EMBEDS, SUPPRESS_NOTIFICATIONS, IS_VOICE_MESSAGE and IS_COMPONENTS_V2 can "
                    "be set.");
    static const char *const arrays[] = {"sticker_ids", "components", NULL};
    for (const char *const *a = arrays; *a; a++)
        if (json_object_get(payload, *a) && !json_is_array(json_object_get(payload, *a)))
            dc_error_at(errors, *a, "BASE_TYPE_ARRAY", "Must be an array.");
}

void dc_rules_check(json_t *payload, struct dc_file *files, size_t n_files, json_t *errors)
{
    check_scalars(payload, errors);
    check_attachments(payload, files, n_files, errors);
    check_embeds(payload, files, n_files, errors);
}

bool dc_payload_empty(json_t *payload, size_t n_files)
{
    json_t *content = json_object_get(payload, "content");
    json_t *trim = trimmed(content);
    bool text = json_is_string(trim) && json_string_length(trim) > 0;
    json_decref(trim);
    static const char *const lists[] = {"embeds", "sticker_ids", "components", NULL};
    for (const char *const *l = lists; *l; l++)
        text = text || json_array_size(json_object_get(payload, *l)) > 0;
    return !text && n_files == 0 && !json_is_object(json_object_get(payload, "poll")) &&
           !json_object_get(payload, "shared_client_theme");
}
