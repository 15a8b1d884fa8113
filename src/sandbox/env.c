/*
 * The lines a user pastes to point agoras at this sandbox: each network's (API base, credentials of
 * its built-in or --state world), then a token store of the sandbox's own -- so trying the sandbox
 * never replaces the real credentials in ~/.agoras (issue 15).
 */
#include "sandbox/sandbox.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* One "export NAME='value'" line, single-quoted for any shell (a ' becomes '\''). */
void sbx_export_line(FILE *out, const char *name, const char *value)
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

void sbx_print_exports(struct sbx *s, FILE *out)
{
    char dir[4096];
    for (size_t i = 0; i < sbx_n_networks; i++)
        sbx_networks[i]->print_exports(s, out);
    store_dir(s, dir, sizeof(dir));
    sbx_export_line(out, "AGORAS_STORAGE_DIR", dir);
}

void sbx_print_env(struct sbx *s, FILE *out)
{
    fputs("To point agoras at this sandbox, with a token store of its own (never ~/.agoras), paste:\n", out);
    sbx_print_exports(s, out);
    fputs("Then: agoras tiktok authorize (or agoras telegram authorize), and post. Unset these to talk to "
          "TikTok again.\n",
          out);
    fflush(out);
}
