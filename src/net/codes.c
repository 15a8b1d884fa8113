/* Lookups in a network's error-code tables (see codes.h). */
#include "net/codes.h"

#include <string.h>

const struct ag_code *ag_code_find(const struct ag_code *table, const char *code)
{
    for (const struct ag_code *c = table; code && c && c->code; c++)
        if (strcmp(c->code, code) == 0)
            return c;
    return NULL;
}

int ag_code_exit(const struct ag_code *row, long http, int temp_429)
{
    if (row)
        return row->exit_code;
    return (temp_429 && http == 429) || http >= 500 ? AG_ETEMP : AG_EFAIL;
}

const char *ag_code_advice(const struct ag_code *row, const char *fallback)
{
    return row ? row->advice : fallback;
}
