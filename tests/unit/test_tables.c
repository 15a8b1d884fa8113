/*
 * Unit tests for cli/tables.c, the hidden listings scripts/gen-man and scripts/gen-completion
 * read: a made-up network's commands, options (flag names, noflag rows) and credentials table.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cli/tables.h"
#include "platforms/registry.h"

struct post_opts {
    const char *text, *token;
};

static const struct ag_option post_options[] = {
    AG_OPT_STR(struct post_opts, text, .name = "text", .env = "EX_TEXT", .flags = AG_OPT_REQUIRED,
               .metavar = "TEXT", .help = "what to say"),
    AG_OPT_STR(struct post_opts, token, .name = "token", .env = "EX_TOKEN",
               .flags = AG_OPT_SECRET | AG_OPT_NO_FLAG | AG_OPT_REQUIRED, .store_field = "token",
               .help = "the bot token"),
    {0},
};

static int run_nothing(struct ag_args *args, struct ag_error *err)
{
    (void)args;
    (void)err;
    return 0;
}

static const struct ag_action post_action = {.name = "post",
                                             .summary = "Post a text.",
                                             .options = post_options,
                                             .opts_size = sizeof(struct post_opts),
                                             .run = run_nothing};
static const struct ag_action like_action = {.name = "like",
                                             .summary = "Like a post.",
                                             .options = (const struct ag_option[]){{0}},
                                             .unsupported = "example cannot like"};

static const struct ag_credential credentials[] = {
    {.env = "EX_CHAT", .store_field = "chat_id", .flags = AG_CRED_ID, .help = "the chat to post to"},
    {.flag = "token",
     .env = "EX_TOKEN",
     .store_field = "token",
     .flags = AG_CRED_SECRET | AG_CRED_TOKEN,
     .help = "the bot token"},
    {0},
};

static const struct ag_api_base api_bases[] = {
    {"api", "https://api.example.org", "AGORAS_EXAMPLE_API_BASE"},
    {"files", "https://files.example.org", NULL}, /* not overridable: not listed */
    {0},
};

static const struct ag_network example = {
    .name = "example",
    .display = "Example",
    .summary = "Example: a made-up network",
    .actions = (const struct ag_action *const[]){&post_action, &like_action, NULL},
    .credentials = credentials,
    .api_bases = api_bases,
};

/* No credentials and no API bases (like utils): no rows. */
static const struct ag_network bare = {
    .name = "bare",
    .display = "Bare",
    .summary = "nothing",
    .actions = (const struct ag_action *const[]){NULL},
};

static const struct ag_network *const nets[] = {&example, &bare, NULL};

static char *capture(void (*print)(FILE *, const struct ag_network *const *))
{
    char *text = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&text, &size);
    assert_non_null(out);
    print(out, nets);
    assert_int_equal(fclose(out), 0);
    return text;
}

static void test_commands(void **state)
{
    (void)state;
    char *t = capture(ag_tables_print_commands);
    assert_string_equal(t, "example\t-\tExample: a made-up network\t-\n"
                           "example\tpost\tPost a text.\t-\n"
                           "example\tlike\texample cannot like\tunsupported\n"
                           "bare\t-\tnothing\t-\n");
    free(t);
}

static void test_options(void **state)
{
    (void)state;
    char *t = capture(ag_tables_print_options);
    assert_string_equal(t,
                        "agoras example post\ttext\t-\tstring\tEX_TEXT\t-\t-\trequired\tTEXT\twhat to say\n"
                        "agoras example post\ttoken\t-\tstring\tEX_TOKEN\t-\t-\trequired,secret,noflag\t"
                        "TEXT\tthe bot token\n");
    free(t);
}

static void test_credentials(void **state)
{
    (void)state;
    char *t = capture(ag_tables_print_credentials);
    assert_string_equal(t,
                        "example\tExample\tcredential\tEX_CHAT\tchat_id\t-\tid\tthe chat to post to\n"
                        "example\tExample\tcredential\tEX_TOKEN\ttoken\ttoken\tsecret,token\tthe bot token\n"
                        "example\tExample\tapi-base\tAGORAS_EXAMPLE_API_BASE\tapi\t-\t-\t"
                        "https://api.example.org\n");
    free(t);
}

/* Every network of the registry: each credential row has 8 fields, none empty, and names its env. */
static void test_registry_credentials(void **state)
{
    (void)state;
    char *text = NULL;
    size_t size = 0, rows = 0;
    FILE *out = open_memstream(&text, &size);
    assert_non_null(out);
    ag_tables_print_credentials(out, ag_networks);
    assert_int_equal(fclose(out), 0);
    for (char *save = NULL, *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        size_t tabs = 0;
        for (const char *c = line; *c; c++)
            tabs += *c == '\t';
        assert_int_equal(tabs, 7);
        assert_null(strstr(line, "\t\t"));
        rows++;
    }
    assert_true(rows >= 6); /* TikTok: four credentials, two API bases */
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_commands),
        cmocka_unit_test(test_options),
        cmocka_unit_test(test_credentials),
        cmocka_unit_test(test_registry_credentials),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
