/*
 * The lines a user pastes to point agoras at this sandbox: the API and consent page bases, the first
 * app's client key and secret, the first account, and a token store of the sandbox's own -- so trying
 * the sandbox never replaces the real credentials in ~/.agoras (issue 15).
 */
#include "sandbox/sandbox.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* One "export NAME='value'" line, single-quoted for any shell (a ' becomes '\''). */
static void export_line(FILE *out, const char *name, const char *value)
{
    fprintf(out, "  export %s='", name);
    for (const char *c = value; *c; c++)
        if (*c == '\'')
            fputs("'\\''", out);
        else
            fputc(*c, out);
    fputs("'\n", out);
}

/* FILE.store next to --state FILE (as FILE.media), else $XDG_STATE_HOME/agoras-sandbox/store. */
static void store_dir(const struct sbx *s, char *out, size_t size)
{
    const char *xdg = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
    char cwd[2048] = "";
    if (s->cfg.state_path && s->cfg.state_path[0] != '/' && !getcwd(cwd, sizeof(cwd)))
        cwd[0] = '\0';
    if (s->cfg.state_path)
        snprintf(out, size, "%s%s%s.store", cwd, *cwd ? "/" : "", s->cfg.state_path);
    else if (xdg && *xdg == '/')
        snprintf(out, size, "%s/agoras-sandbox/store", xdg);
    else
        snprintf(out, size, "%s/.local/state/agoras-sandbox/store", home && *home ? home : "/tmp");
}

static const char *first(const json_t *state, const char *section, const char *field)
{
    const char *v =
        json_string_value(json_object_get(json_array_get(json_object_get(state, section), 0), field));
    return v ? v : "";
}

void sbx_print_exports(struct sbx *s, FILE *out)
{
    char url[160], dir[4096];
    store_dir(s, dir, sizeof(dir));
    export_line(out, "AGORAS_TIKTOK_API_BASE", s->base_url);
    snprintf(url, sizeof(url), "%s/v2/auth/authorize/", s->base_url);
    export_line(out, "AGORAS_TIKTOK_AUTHORIZE_URL", url);
    pthread_mutex_lock(&s->lock);
    export_line(out, "TIKTOK_CLIENT_KEY", first(s->state, "apps", "client_key"));
    export_line(out, "TIKTOK_CLIENT_SECRET", first(s->state, "apps", "client_secret"));
    export_line(out, "TIKTOK_USERNAME", first(s->state, "accounts", "username"));
    pthread_mutex_unlock(&s->lock);
    export_line(out, "AGORAS_STORAGE_DIR", dir);
}

void sbx_print_env(struct sbx *s, FILE *out)
{
    fputs("To point agoras at this sandbox, with a token store of its own (never ~/.agoras), paste:\n", out);
    sbx_print_exports(s, out);
    fputs("Then: agoras tiktok authorize, and post. Unset these to talk to TikTok again.\n", out);
    fflush(out);
}
