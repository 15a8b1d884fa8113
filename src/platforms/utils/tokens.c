/*
 * agoras utils tokens: list, show, delete, unattended-format (reference §3.4 formats).
 * Differences from Agoras, on purpose: output is sorted (not directory order); nothing is
 * created by merely reading; a token that cannot be decrypted is an error, not "not found";
 * masking also covers non-string values (Agoras crashes on Discord's integer hash);
 * containers and reals are printed as JSON where Agoras prints Python reprs; diagnostics
 * carry the logger's "error: "/"warning: " prefix.  Output is assembled in a buffer that is
 * wiped afterwards, since it holds secrets (best effort: ag_buf's earlier reallocations are not).
 */
#include "platforms/utils/tokens.h"

#include <jansson.h>
#include <locale.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wctype.h>

#include "core/buf.h"
#include "core/log.h"
#include "core/secret.h"
#include "core/store.h"
#include "core/text.h"
#include "platforms/registry.h"

/* One struct for the four token actions; each table binds the fields it uses. */
struct tokens_opts {
    const char *platform, *identifier, *field, *format;
    bool reveal;
    struct ag_list platforms;
};

#define JSON_OUT (JSON_INDENT(2) | JSON_ENSURE_ASCII | JSON_PRESERVE_ORDER) /* json.dumps(indent=2) */

/* ---- text helpers ---- */

/* Byte offset of the k-th character (Python counts characters, not bytes); len if there are fewer. */
static size_t char_offset(const char *s, size_t len, size_t k)
{
    size_t pos = 0;
    uint32_t cp;
    while (k-- > 0 && pos < len)
        pos += ag_utf8_decode(s + pos, len - pos, &cp);
    return pos;
}

static size_t char_count(const char *s, size_t len)
{
    size_t n = 0;
    uint32_t cp;
    for (size_t pos = 0; pos < len; n++)
        pos += ag_utf8_decode(s + pos, len - pos, &cp);
    return n;
}

/* Python's str() of a stored value as Agoras prints it (containers and reals: JSON text). */
static int append_value(struct ag_buf *out, const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_STRING:
        return ag_buf_append(out, json_string_value(v), json_string_length(v));
    case JSON_NULL:
        return ag_buf_puts(out, "None");
    case JSON_TRUE:
        return ag_buf_puts(out, "True");
    case JSON_FALSE:
        return ag_buf_puts(out, "False");
    case JSON_INTEGER:
        return ag_buf_printf(out, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
    default: {
        char *s = json_dumps(v, JSON_ENCODE_ANY | JSON_PRESERVE_ORDER);
        int rc = s ? ag_buf_puts(out, s) : -1;
        ag_secret_free(s);
        return rc;
    }
    }
}

static int is_sensitive(const char *key)
{
    static const char *const words[] = {"token", "secret", "key"};
    for (size_t i = 0; key[i]; i++)
        for (size_t w = 0; w < 3; w++) {
            size_t k = 0;
            while (words[w][k] && key[i + k] && (key[i + k] | 0x20) == words[w][k])
                k++;
            if (!words[w][k])
                return 1;
        }
    return 0;
}

/* first 4 characters + "..." + last 4, or "***" for 8 characters or fewer; empty and None as they are. */
static int append_masked(struct ag_buf *out, const json_t *v)
{
    if (json_is_null(v) || (json_is_string(v) && json_string_length(v) == 0))
        return append_value(out, v);
    struct ag_buf text;
    ag_buf_init(&text, 0);
    int rc = append_value(&text, v);
    size_t n = char_count(text.data, text.len);
    if (rc == 0 && n <= 8) {
        rc = ag_buf_puts(out, "***");
    } else if (rc == 0) {
        size_t head = char_offset(text.data, text.len, 4), tail = char_offset(text.data, text.len, n - 4);
        rc = ag_buf_append(out, text.data, head) | ag_buf_puts(out, "...") |
             ag_buf_append(out, text.data + tail, text.len - tail);
    }
    ag_buf_free_secret(&text);
    return rc;
}

/* Append doc (stolen) as indented JSON plus a newline. */
static int append_json(struct ag_buf *out, json_t *doc)
{
    char *s = doc ? json_dumps(doc, JSON_OUT) : NULL;
    int rc = s ? ag_buf_puts(out, s) | ag_buf_puts(out, "\n") : -1;
    ag_secret_free(s);
    json_decref(doc);
    return rc;
}

/* Write the assembled output (even a partial one, before an error), then wipe it. */
static int flush_out(struct ag_buf *out, int rc, struct ag_error *err)
{
    if (out->len && (fwrite(out->data, 1, out->len, stdout) != out->len || fflush(stdout) != 0) && rc == 0)
        rc = ag_error_set(err, AG_EFAIL, "cannot write to standard output");
    ag_buf_free_secret(out);
    return rc;
}

static int out_of_memory(struct ag_error *err)
{
    return ag_error_set(err, AG_EFAIL, "out of memory");
}

/* ---- tokens list ---- */

static int run_list(struct ag_args *args, struct ag_error *err)
{
    const char *platform = ((const struct tokens_opts *)args->opts)->platform;
    struct ag_store *store = NULL;
    struct ag_store_entry *entries = NULL;
    size_t n = 0;
    int rc = ag_store_open(&store, err);
    if (rc == 0)
        rc = ag_store_list(store, platform, &entries, &n, err);
    if (rc == 0 && n == 0)
        rc = platform
                 ? ag_error_set_exact(err, AG_EFAIL, "No stored tokens found for platform '%s'.", platform)
                 : ag_error_set_exact(err, AG_EFAIL, "No stored tokens found.");
    if (rc == 0) {
        if (platform)
            printf("Stored tokens for platform: %s:\n\n", platform);
        else
            printf("Stored tokens:\n\n");
        for (size_t i = 0; i < n; i++)
            printf("  %s: %s\n", entries[i].platform, entries[i].identifier);
        if (fflush(stdout) != 0)
            rc = ag_error_set(err, AG_EFAIL, "cannot write to standard output");
    }
    ag_store_entries_free(entries, n);
    ag_store_close(store);
    return rc;
}

/* ---- tokens show ---- */

/* reveal: print sensitive values in clear; *masked counts the values that were masked. */
static int show_plain(struct ag_buf *out, const char *platform, const char *id, json_t *rec, int reveal,
                      size_t *masked)
{
    const char *key;
    json_t *value;
    int rc = ag_buf_printf(out, "Platform: %s\nIdentifier: %s\nData:\n", platform, id);
    json_object_foreach(rec, key, value)
    {
        int mask = !reveal && is_sensitive(key);
        *masked += mask;
        rc |= ag_buf_printf(out, "  %s: ", key);
        rc |= mask ? append_masked(out, value) : append_value(out, value);
        rc |= ag_buf_puts(out, "\n");
    }
    return rc;
}

static int show_field(struct ag_buf *out, json_t *rec, const char *field, int json, struct ag_error *err)
{
    json_t *value = json_object_get(rec, field);
    if (!value) {
        struct ag_buf names;
        ag_buf_init(&names, 0);
        const char *key;
        json_t *v;
        json_object_foreach(rec, key, v)
        {
            ag_buf_printf(&names, "%s%s", names.len ? ", " : "", key);
        }
        int rc = ag_error_set_exact(
            err, AG_EFAIL, "Field '%s' not found in token data.\nAvailable fields: %s", field, names.data);
        ag_buf_free(&names);
        return rc;
    }
    int rc = json ? append_json(out, json_pack("{s:O}", field, value))
                  : append_value(out, value) | ag_buf_puts(out, "\n");
    return rc < 0 ? out_of_memory(err) : 0;
}

static int show_record(struct ag_buf *out, struct ag_args *args, const char *platform, const char *id,
                       json_t *rec, size_t *masked, struct ag_error *err)
{
    const struct tokens_opts *o = args->opts;
    const char *field = o->field;
    int json = strcmp(o->format, "json") == 0;
    if (field)
        return show_field(out, rec, field, json, err);
    int rc = json ? append_json(out, json_pack("{s:s, s:s, s:O}", "platform", platform, "identifier", id,
                                               "data", rec))
                  : show_plain(out, platform, id, rec, o->reveal, masked);
    return rc < 0 ? out_of_memory(err) : 0;
}

/* The identifiers to show: the one asked for, or every one of the platform. */
static int show_targets(struct ag_store *store, const char *platform, const char *id,
                        struct ag_store_entry **list, size_t *n, struct ag_error *err)
{
    if (!id)
        return ag_store_list(store, platform, list, n, err);
    *list = calloc(1, sizeof(**list));
    if (!*list || !((*list)->platform = strdup(platform)) || !((*list)->identifier = strdup(id))) {
        ag_store_entries_free(*list, 1);
        return out_of_memory(err);
    }
    *n = 1;
    return 0;
}

static int run_show(struct ag_args *args, struct ag_error *err)
{
    const struct tokens_opts *o = args->opts;
    const char *platform = o->platform, *id = o->identifier;
    struct ag_store *store = NULL;
    struct ag_store_entry *list = NULL;
    size_t n = 0, shown = 0, masked = 0;
    struct ag_buf out;
    ag_buf_init(&out, 0);
    int rc = ag_store_open(&store, err);
    if (rc == 0)
        rc = show_targets(store, platform, id, &list, &n, err);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        json_t *rec = NULL;
        rc = ag_store_load(store, platform, list[i].identifier, &rec, err);
        if (rc < 0 || !rec)
            continue; /* a token deleted since the listing is simply gone */
        if (shown++ && ag_buf_puts(&out, "\n") < 0)
            rc = out_of_memory(err);
        if (rc == 0)
            rc = show_record(&out, args, platform, list[i].identifier, rec, &masked, err);
        json_decref(rec);
    }
    if (rc == 0 && shown == 0)
        rc = id ? ag_error_set_exact(err, AG_EFAIL, "Token not found for platform '%s' with identifier '%s'.",
                                     platform, id)
                : ag_error_set_exact(err, AG_EFAIL, "No stored tokens found for platform '%s'.", platform);
    ag_store_entries_free(list, n);
    ag_store_close(store);
    rc = flush_out(&out, rc, err);
    /* For someone reading a terminal; piped output stays byte for byte what Agoras prints. */
    if (rc == 0 && masked && isatty(STDOUT_FILENO))
        fputs("note: secrets are masked; add --reveal to print them in clear (or --field NAME for one)\n",
              stderr);
    return rc;
}

/* ---- tokens delete ---- */

/*
 * Is the platform's "default" record a copy of id's record?  authorize writes the same record under both
 * names, and later runs keep them in step, so a default that is equal to it, or that names the same
 * username, mirrors it.  A record that cannot be read mirrors nothing: when in doubt, keep the default.
 */
static int default_mirrors(struct ag_store *store, const char *platform, const char *id)
{
    json_t *rec = NULL, *def = NULL;
    struct ag_error ignored;
    int mirror = 0;
    if (strcmp(id, "default") != 0 && ag_store_load(store, platform, id, &rec, &ignored) == 0 && rec &&
        ag_store_load(store, platform, "default", &def, &ignored) == 0 && def) {
        const char *a = json_string_value(json_object_get(rec, "username"));
        const char *b = json_string_value(json_object_get(def, "username"));
        mirror = json_equal(rec, def) || (a && b && strcmp(a, b) == 0);
    }
    json_decref(rec);
    json_decref(def);
    return mirror;
}

static int run_delete(struct ag_args *args, struct ag_error *err)
{
    const struct tokens_opts *o = args->opts;
    const char *platform = o->platform, *id = o->identifier;
    struct ag_store *store = NULL;
    int existed = 0, mirror = 0, mirror_existed = 0;
    int rc = ag_store_open(&store, err);
    if (rc == 0) {
        mirror = default_mirrors(store, platform, id);
        rc = ag_store_delete(store, platform, id, &existed, err);
    }
    /* Deleting an account must not leave its secrets behind in the default copy. */
    if (rc == 0 && existed && mirror)
        rc = ag_store_delete(store, platform, "default", &mirror_existed, err);
    ag_store_close(store);
    if (rc == 0 && !existed)
        return ag_error_set_exact(err, AG_EFAIL, "Token not found for platform '%s' with identifier '%s'.",
                                  platform, id);
    if (existed)
        printf("Deleted token for platform '%s' with identifier '%s'.\n", platform, id);
    if (mirror_existed)
        fprintf(
            stderr,
            "Also deleted the token for platform '%s' with identifier 'default': it was a copy of '%s'.\n",
            platform, id);
    return rc;
}

/* ---- tokens unattended-format ---- */

struct env_var {
    const char *name;
    const char *field; /* NULL: always empty */
};

struct section {
    const char *platform;
    const char *header;
    struct env_var vars[6]; /* terminated by a NULL name */
};

/* Canonical order (reference §3.4), and the contents for networks agoras does not publish to yet. */
static const struct section sections[] = {
    {"x",
     "# X (Twitter) - OAuth 1.0a",
     {{"TWITTER_CONSUMER_KEY", "consumer_key"},
      {"TWITTER_CONSUMER_SECRET", "consumer_secret"},
      {"TWITTER_OAUTH_TOKEN", "oauth_token"},
      {"TWITTER_OAUTH_SECRET", "oauth_secret"}}},
    {"facebook",
     "# Facebook - OAuth 2.0",
     {{"FACEBOOK_APP_ID", "client_id"},
      {"FACEBOOK_OBJECT_ID", "user_id"},
      {"FACEBOOK_CLIENT_ID", "client_id"},
      {"FACEBOOK_CLIENT_SECRET", "client_secret"},
      {"FACEBOOK_REFRESH_TOKEN", "refresh_token"}}},
    {"instagram",
     "# Instagram - OAuth 2.0",
     {{"INSTAGRAM_CLIENT_ID", "client_id"},
      {"INSTAGRAM_CLIENT_SECRET", "client_secret"},
      {"INSTAGRAM_OBJECT_ID", "user_id"},
      {"INSTAGRAM_REFRESH_TOKEN", "refresh_token"}}},
    {"linkedin",
     "# LinkedIn - OAuth 2.0",
     {{"LINKEDIN_CLIENT_ID", "client_id"},
      {"LINKEDIN_CLIENT_SECRET", "client_secret"},
      {"LINKEDIN_OBJECT_ID", "user_id"},
      {"LINKEDIN_REFRESH_TOKEN", "refresh_token"},
      {"LINKEDIN_ACCESS_TOKEN", "access_token"}}},
    {"youtube",
     "# YouTube - OAuth 2.0",
     {{"YOUTUBE_CLIENT_ID", "client_id"},
      {"YOUTUBE_CLIENT_SECRET", "client_secret"},
      {"YOUTUBE_REFRESH_TOKEN", "refresh_token"}}},
    {"tiktok", NULL, {{0}}}, /* registered: its section comes from its descriptor */
    {"threads",
     "# Threads - OAuth 2.0",
     {{"THREADS_APP_ID", "app_id"},
      {"THREADS_APP_SECRET", "app_secret"},
      {"THREADS_REFRESH_TOKEN", "refresh_token"},
      {"THREADS_USER_ID", "user_id"}}},
    {"discord",
     "# Discord - Bot Token",
     {{"DISCORD_BOT_TOKEN", "bot_token"},
      {"DISCORD_SERVER_NAME", "server_name"},
      {"DISCORD_CHANNEL_NAME", "channel_name"}}},
    {"telegram",
     "# Telegram - Bot Token",
     {{"TELEGRAM_BOT_TOKEN", "bot_token"}, {"TELEGRAM_CHAT_ID", "chat_id"}}},
    {"whatsapp",
     "# WhatsApp - API Token",
     {{"WHATSAPP_ACCESS_TOKEN", "access_token"},
      {"WHATSAPP_PHONE_NUMBER_ID", "phone_number_id"},
      {"WHATSAPP_RECIPIENT", NULL}}},
};
#define N_SECTIONS (sizeof(sections) / sizeof(sections[0]))

static const char env_header[] =
    "# Unattended Execution Environment Variables\n"
    "# ==========================================\n"
    "#\n"
    "# Workflow:\n"
    "#   1. Store these values as secrets of your CI system (they are credentials, "
    "in clear text)\n"
    "#   2. Run agoras actions there without 'authorize': they read these variables\n"
    "\n";

static int only_chars(const char *s, size_t len, const char *set, int ascii_word)
{
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        int word = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
        if (!(ascii_word && word) && (c == '\0' || !strchr(set, c)))
            return 0;
    }
    return 1;
}

/* Python's str.isalnum(): every character a Unicode letter or digit (C.UTF-8's classes). */
static int unicode_alnum(const char *s, size_t len, locale_t utf8)
{
    uint32_t cp;
    for (size_t pos = 0, n; pos < len; pos += n) {
        n = ag_utf8_decode(s + pos, len - pos, &cp);
        int ok = cp < 0x80 ? (cp >= '0' && cp <= '9') || ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z')
                           : cp != UINT32_MAX && utf8 && iswalnum_l((wint_t)cp, utf8);
        if (!ok)
            return 0;
    }
    return 1;
}

/* Agoras's quoting: bare if alphanumeric or only "._-:@/", else shlex.quote(). */
static int append_quoted(struct ag_buf *out, const char *s, size_t len, locale_t utf8)
{
    if (unicode_alnum(s, len, utf8) || only_chars(s, len, "._-:@/", 0) || only_chars(s, len, "@%+=:,./-", 1))
        return ag_buf_append(out, s, len);
    int rc = ag_buf_puts(out, "'");
    for (size_t i = 0; i < len; i++)
        rc |= s[i] == '\'' ? ag_buf_puts(out, "'\"'\"'") : ag_buf_append(out, s + i, 1);
    return rc | ag_buf_puts(out, "'");
}

static int append_section(struct ag_buf *out, const struct section *sec, json_t *rec, locale_t utf8)
{
    int rc = ag_buf_printf(out, "%s\n", sec->header);
    for (const struct env_var *v = sec->vars; v->name; v++) {
        json_t *value = v->field ? json_object_get(rec, v->field) : NULL;
        rc |= ag_buf_printf(out, "%s=", v->name);
        if (value && !json_is_null(value)) {
            struct ag_buf text;
            ag_buf_init(&text, 0);
            rc |= append_value(&text, value);
            if (text.len)
                rc |= append_quoted(out, text.data, text.len, utf8);
            ag_buf_free_secret(&text);
        }
        rc |= ag_buf_puts(out, "\n");
    }
    return rc;
}

/* The record a platform's section uses: its "default" token, else the first one listed. */
static int pick_record(struct ag_store *store, const char *platform, json_t **rec, struct ag_error *err)
{
    struct ag_store_entry *list = NULL;
    size_t n = 0;
    *rec = NULL;
    int rc = ag_store_load(store, platform, "default", rec, err);
    if (rc == 0 && !*rec)
        rc = ag_store_list(store, platform, &list, &n, err);
    if (rc == 0 && n > 0)
        rc = ag_store_load(store, platform, list[0].identifier, rec, err);
    ag_store_entries_free(list, n);
    return rc;
}

/*
 * A registered network's section comes from its descriptor (header and credentials in their order),
 * so a network declares its env names and store fields once.
 */
static const struct section *section_of(const struct section *canon, struct section *own)
{
    const struct ag_network *net = ag_network_find(canon->platform);
    if (!net || !net->credentials || !net->store_header)
        return canon;
    memset(own, 0, sizeof(*own));
    own->platform = canon->platform;
    own->header = net->store_header;
    size_t n = 0;
    for (const struct ag_credential *c = net->credentials;
         c->env && n + 1 < sizeof(own->vars) / sizeof(own->vars[0]); c++)
        own->vars[n++] = (struct env_var){c->env, c->store_field};
    return own;
}

static int append_sections(struct ag_buf *out, struct ag_store *store, const struct section *const *want,
                           size_t n_want, size_t *made, struct ag_error *err)
{
    locale_t utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < n_want; i++) {
        json_t *rec = NULL;
        rc = pick_record(store, want[i]->platform, &rec, err);
        if (rc == 0 && rec) {
            int sep = (*made)++ ? ag_buf_puts(out, "\n") : 0; /* one empty line between sections */
            struct section own;
            if ((sep | append_section(out, section_of(want[i], &own), rec, utf8)) < 0)
                rc = out_of_memory(err);
        }
        json_decref(rec);
    }
    if (utf8)
        freelocale(utf8);
    return rc;
}

static int no_sections_error(char *const *names, size_t n, struct ag_error *err)
{
    if (n == 0)
        return ag_error_set_exact(err, AG_EFAIL, "No stored tokens found.");
    struct ag_buf list;
    ag_buf_init(&list, 0);
    for (size_t i = 0; i < n; i++)
        ag_buf_printf(&list, "%s%s", i ? ", " : "", names[i]);
    int rc = ag_error_set_exact(err, AG_EFAIL, "No stored tokens found for platform(s): %s.", list.data);
    ag_buf_free(&list);
    return rc;
}

static int run_unattended(struct ag_args *args, struct ag_error *err)
{
    fputs("WARNING: Output contains cleartext credentials. Do not pipe to logs or shared systems.\n", stderr);
    const struct ag_list *platforms = &((const struct tokens_opts *)args->opts)->platforms;
    size_t n_names = platforms->n, n_want = 0, made = 0;
    char *const *names = platforms->items;
    const struct section **want = calloc(n_names ? n_names : N_SECTIONS, sizeof(*want));
    if (!want)
        return out_of_memory(err);
    for (size_t i = 0; i < N_SECTIONS && !n_names; i++)
        want[n_want++] = &sections[i];
    for (size_t i = 0; i < n_names; i++) /* unknown names are ignored, repeated ones repeat */
        for (size_t s = 0; s < N_SECTIONS; s++)
            if (strcmp(names[i], sections[s].platform) == 0) {
                want[n_want++] = &sections[s];
                break;
            }
    struct ag_store *store = NULL;
    struct ag_buf body, out;
    ag_buf_init(&body, 0);
    ag_buf_init(&out, 0);
    int rc = ag_store_open(&store, err);
    if (rc == 0)
        rc = append_sections(&body, store, want, n_want, &made, err);
    if (rc == 0 && made == 0)
        rc = no_sections_error(names, n_names, err);
    const char *dir = getenv("AGORAS_STORAGE_DIR");
    if (rc == 0 && (ag_buf_puts(&out, env_header) |
                    (dir && *dir ? ag_buf_printf(&out, "# AGORAS_STORAGE_DIR=%s\n\n", dir) : 0) |
                    ag_buf_append(&out, body.data, body.len)))
        rc = out_of_memory(err);
    ag_buf_free_secret(&body);
    ag_store_close(store);
    free(want);
    return flush_out(&out, rc, err);
}

/* ---- option tables ---- */

static const char *const formats[] = {"plain", "json", NULL};

#define T struct tokens_opts
static const struct ag_option list_options[] = {
    AG_OPT_STR(T, platform, .name = "platform", .metavar = "NAME",
               .help = "only the tokens of this platform"),
    {0},
};

static const struct ag_option show_options[] = {
    AG_OPT_STR(T, platform, .name = "platform", .flags = AG_OPT_REQUIRED, .metavar = "NAME",
               .help = "platform of the token"),
    AG_OPT_STR(T, identifier, .name = "identifier", .metavar = "ID",
               .help = "which token (default: all of the platform)"),
    AG_OPT_STR(T, field, .name = "field", .metavar = "NAME", .help = "print only this field, unmasked"),
    AG_OPT_CHOICE(T, format, .name = "format", .def = "plain", .choices = formats, .metavar = "FORMAT",
                  .help = "plain (secrets masked unless --reveal) or json (cleartext)"),
    AG_OPT_FLAG(T, reveal, .name = "reveal", .def = "false",
                .help = "print secrets in clear in the plain format (for copying a refresh token into CI)"),
    {0},
};

static const struct ag_option delete_options[] = {
    AG_OPT_STR(T, platform, .name = "platform", .flags = AG_OPT_REQUIRED, .metavar = "NAME",
               .help = "platform of the token"),
    AG_OPT_STR(T, identifier, .name = "identifier", .flags = AG_OPT_REQUIRED, .metavar = "ID",
               .help = "identifier of the token"),
    {0},
};

static const struct ag_option unattended_options[] = {
    AG_OPT_MANY(T, platforms, .name = "platform", .metavar = "NAME",
                .help = "only this platform, in this order"),
    {0},
};
#undef T

const struct ag_action ag_action_tokens_list = {.name = "tokens list",
                                                .summary = "List stored tokens (sorted).",
                                                .options = list_options,
                                                .opts_size = sizeof(struct tokens_opts),
                                                .run = run_list};
const struct ag_action ag_action_tokens_show = {
    .name = "tokens show",
    .summary = "Show stored tokens (secrets masked unless --reveal, --format json or --field).",
    .options = show_options,
    .opts_size = sizeof(struct tokens_opts),
    .run = run_show};
const struct ag_action ag_action_tokens_delete = {.name = "tokens delete",
                                                  .summary = "Delete a stored token.",
                                                  .options = delete_options,
                                                  .opts_size = sizeof(struct tokens_opts),
                                                  .run = run_delete};
const struct ag_action ag_action_tokens_unattended = {
    .name = "tokens unattended-format",
    .summary = "Export stored credentials as unattended.env variables (cleartext).",
    .options = unattended_options,
    .opts_size = sizeof(struct tokens_opts),
    .run = run_unattended};
