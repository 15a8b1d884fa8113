/* The hidden listings (see tables.h). */
#include "cli/tables.h"

#include "cli/options.h"
#include "core/text.h"

static const char *or_dash(const char *s)
{
    return s && *s ? s : "-";
}

/* The names of the bits set in flags, comma-separated: names[i] names bit 1 << i (NULL-terminated). */
static void bit_names(unsigned flags, const char *const *names, char *out, size_t size)
{
    out[0] = '\0';
    for (unsigned i = 0; names[i]; i++)
        if (flags & 1u << i)
            ag_join_append(out, size, ",", names[i]);
}

void ag_tables_print_commands(FILE *out, const struct ag_network *const *nets)
{
    for (const struct ag_network *const *p = nets; *p; p++) {
        fprintf(out, "%s\t-\t%s\t-\n", (*p)->name, (*p)->summary);
        for (const struct ag_action *const *a = (*p)->actions; *a; a++)
            fprintf(out, "%s\t%s\t%s\t%s\n", (*p)->name, (*a)->name,
                    (*a)->run ? (*a)->summary : (*a)->unsupported, (*a)->run ? "-" : "unsupported");
    }
}

void ag_options_print_table(FILE *out, const char *command_path, const struct ag_action *action)
{
    static const char *const types[] = {"string", "bool", "int", "enum", "file", "seconds", "list"};
    /* In the order of their bits in net/opts.h. */
    static const char *const flag_names[] = {"required", "secret", "hidden", "noflag", NULL};
    char choices[512], flags[64];
    for (const struct ag_option *o = action->options; o && o->name; o++) {
        char sh[2] = {o->short_name, 0};
        ag_option_choices(o, choices, sizeof(choices));
        bit_names(o->flags, flag_names, flags, sizeof(flags));
        fprintf(out, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", command_path, o->name, or_dash(sh),
                types[o->type], or_dash(o->env), or_dash(o->def), or_dash(choices), or_dash(flags),
                o->type == AG_OPT_BOOL ? "-" : ag_option_metavar(o), o->help);
    }
}

void ag_tables_print_options(FILE *out, const struct ag_network *const *nets)
{
    char path[128];
    for (const struct ag_network *const *p = nets; *p; p++)
        for (const struct ag_action *const *a = (*p)->actions; *a; a++) {
            snprintf(path, sizeof(path), "agoras %s %s", (*p)->name, (*a)->name);
            ag_options_print_table(out, path, *a);
        }
}

void ag_tables_print_credentials(FILE *out, const struct ag_network *const *nets)
{
    /* In the order of their bits in net/network.h. */
    static const char *const flag_names[] = {"secret", "id", "refresh", "token", NULL};
    char flags[64];
    for (const struct ag_network *const *p = nets; *p; p++) {
        for (const struct ag_credential *c = (*p)->credentials; c && c->env; c++) {
            bit_names(c->flags, flag_names, flags, sizeof(flags));
            fprintf(out, "%s\t%s\tcredential\t%s\t%s\t%s\t%s\t%s\n", (*p)->name, (*p)->display, c->env,
                    or_dash(c->store_field), or_dash(c->flag), or_dash(flags), c->help);
        }
        for (const struct ag_api_base *b = (*p)->api_bases; b && b->key; b++)
            if (b->env)
                fprintf(out, "%s\t%s\tapi-base\t%s\t%s\t-\t-\t%s\n", (*p)->name, (*p)->display, b->env,
                        b->key, b->def);
    }
}
