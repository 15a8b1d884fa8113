/*
 * Unit tests for cli/options.c, the declarative option engine, against test-local tables:
 * parsing forms, --no-<bool>, env fallback and precedence, store filling, validation messages,
 * usage errors, -h, -l, secret wiping, re-entrancy, and the help / machine-readable output.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "cli/options.h"
#include "cli/tables.h"
#include "net/account.h"
#include "platforms/registry.h"
#include "core/log.h"

static const char *const colours[] = {"red", "green", "blue", NULL};

struct test_opts {
    const char *title;
    bool comments, verbose;
    int64_t count;
    const char *colour;
    int64_t timeout;
    struct ag_list tag;
    const char *secret, *video_file, *old_name;
};

#define T struct test_opts
static const struct ag_option test_options[] = {
    AG_OPT_STR(T, title, .name = "title", .short_name = 't', .env = "T_TITLE", .metavar = "TEXT",
               .help = "the title"),
    AG_OPT_FLAG(T, comments, .name = "comments", .env = "T_COMMENTS", .def = "true",
                .help = "allow comments"),
    AG_OPT_FLAG(T, verbose, .name = "verbose", .short_name = 'v', .help = "say more"),
    AG_OPT_NUM(T, count, .name = "count", .short_name = 'n', .env = "T_COUNT", .def = "3", .min = 1,
               .max = 10, .help = "how many"),
    AG_OPT_CHOICE(T, colour, .name = "colour", .env = "T_COLOUR", .def = "red", .choices = colours,
                  .help = "which colour"),
    AG_OPT_SECS(T, timeout, .name = "timeout", .def = "60", .min = 1, .max = 3600, .help = "how long"),
    AG_OPT_MANY(T, tag, .name = "tag", .env = "T_TAG", .metavar = "TAG", .help = "a tag"),
    AG_OPT_STR(T, secret, .name = "secret", .short_name = 's', .env = "T_SECRET", .flags = AG_OPT_SECRET,
               .metavar = "SECRET", .help = "the secret"),
    AG_OPT_FILEPATH(T, video_file, .name = "video-file", .help = "a file"),
    AG_OPT_STR(T, old_name, .name = "old-name", .flags = AG_OPT_HIDDEN, .help = "compatibility alias"),
    {0},
};
#undef T

struct required_opts {
    const char *name, *id;
};
static const struct ag_option required_options[] = {
    AG_OPT_STR(struct required_opts, name, .name = "name", .env = "T_NAME", .flags = AG_OPT_REQUIRED,
               .metavar = "NAME", .help = "who"),
    AG_OPT_STR(struct required_opts, id, .name = "id", .flags = AG_OPT_REQUIRED, .metavar = "ID",
               .help = "which"),
    {0},
};

static const struct ag_option no_options[] = {{0}};

static int run_nothing(struct ag_args *args, struct ag_error *err)
{
    (void)args;
    (void)err;
    return 0;
}

static const struct ag_action test_action = {.name = "act",
                                             .summary = "A test action.",
                                             .options = test_options,
                                             .opts_size = sizeof(struct test_opts),
                                             .run = run_nothing};
static const struct ag_action required_action = {.name = "req",
                                                 .summary = "Needs things.",
                                                 .options = required_options,
                                                 .opts_size = sizeof(struct required_opts),
                                                 .run = run_nothing};
static const struct ag_action empty_action = {
    .name = "empty", .summary = "No options.", .options = no_options, .run = run_nothing};

/* The engine's record of one row, by name (tests may look inside; handlers read their struct). */
static const struct ag_value *value_of(const struct ag_args *a, const char *name)
{
    for (size_t i = 0; i < a->n_values; i++)
        if (strcmp(a->action->options[i].name, name) == 0)
            return &a->values[i];
    fail_msg("no row '%s'", name);
    return NULL;
}
static const char *ag_args_str(const struct ag_args *a, const char *name)
{
    return value_of(a, name)->str;
}
static int64_t ag_args_num(const struct ag_args *a, const char *name)
{
    return value_of(a, name)->num;
}
static enum ag_src ag_args_source(const struct ag_args *a, const char *name)
{
    return value_of(a, name)->src;
}
static int ag_args_is_set(const struct ag_args *a, const char *name)
{
    return ag_args_source(a, name) != AG_SRC_UNSET;
}
static char *const *ag_args_list(const struct ag_args *a, const char *name, size_t *n)
{
    *n = value_of(a, name)->n_items;
    return value_of(a, name)->items;
}

static const char *const test_envs[] = {"T_TITLE", "T_COMMENTS", "T_COUNT", "T_COLOUR",
                                        "T_TAG",   "T_SECRET",   "T_NAME",  NULL};

static int setup(void **state)
{
    (void)state;
    for (size_t i = 0; test_envs[i]; i++)
        unsetenv(test_envs[i]);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    setup(state);
    ag_log_clear_secrets();
    ag_log_set_level(AG_LOG_INFO);
    return 0;
}

/* The network whose account record the store step reads (NULL: none). */
static const struct ag_network *parse_net;

/* Parse a NULL-terminated word list (argv[0] = action name) from writable copies, as main() would. */
static int parse_words(const struct ag_action *action, struct ag_args *args, struct ag_error *err,
                       const char *const *words)
{
    char *argv[64];
    int argc = 0;
    for (; words[argc]; argc++) {
        assert_true(argc < 63);
        argv[argc] = strdup(words[argc]);
        assert_non_null(argv[argc]);
    }
    argv[argc] = NULL;
    ag_error_clear(err);
    int rc = ag_args_parse(parse_net, action, argc, argv, args, err);
    for (int i = 0; i < argc; i++)
        free(argv[i]);
    return rc;
}

#define PARSE(action, args, err, ...)                                                                        \
    parse_words(action, args, err, (const char *const[]){"act", __VA_ARGS__, NULL})
#define PARSE0(action, args, err) parse_words(action, args, err, (const char *const[]){"act", NULL})

/* Expect a usage error with exactly this message. */
static void expect_usage(int rc, const struct ag_error *err, const char *msg)
{
    assert_int_equal(rc, -AG_EUSAGE);
    assert_int_equal(err->code, AG_EUSAGE);
    assert_string_equal(err->msg, msg);
}

/* ---- parsing forms ---- */

static void test_defaults_only(void **state)
{
    (void)state;
    struct ag_args a;
    struct ag_error err = {0};
    assert_int_equal(PARSE0(&test_action, &a, &err), 0);
    assert_null(ag_args_str(&a, "title"));
    assert_false(ag_args_is_set(&a, "title"));
    assert_int_equal(ag_args_source(&a, "title"), AG_SRC_UNSET);
    assert_int_equal(ag_args_num(&a, "comments"), 1);
    assert_int_equal(ag_args_source(&a, "comments"), AG_SRC_DEFAULT);
    assert_int_equal(ag_args_num(&a, "verbose"), 0);
    assert_false(ag_args_is_set(&a, "verbose"));
    assert_int_equal(ag_args_num(&a, "count"), 3);
    assert_string_equal(ag_args_str(&a, "count"), "3");
    assert_string_equal(ag_args_str(&a, "colour"), "red");
    assert_int_equal(ag_args_num(&a, "timeout"), 60);
    size_t n = 99;
    assert_null(ag_args_list(&a, "tag", &n));
    assert_int_equal(n, 0);
    assert_null(ag_args_str(&a, "secret"));
    ag_args_free(&a);
    ag_args_free(&a); /* a second free is harmless */

    assert_int_equal(PARSE0(&empty_action, &a, &err), 0);
    assert_int_equal(a.n_values, 0);
    ag_args_free(&a);
}

static void test_flag_forms(void **state)
{
    (void)state;
    struct ag_args a;
    struct ag_error err = {0};
    int rc = PARSE(&test_action, &a, &err, "--title", "hello world", "--count=5", "--colour", "blue",
                   "--timeout=30", "--tag", "a", "--tag=b", "--tag", "", "--video-file", "clip.mp4",
                   "--old-name", "legacy");
    assert_int_equal(rc, 0);
    assert_string_equal(ag_args_str(&a, "title"), "hello world");
    assert_int_equal(ag_args_source(&a, "title"), AG_SRC_FLAG);
    assert_int_equal(ag_args_num(&a, "count"), 5);
    assert_int_equal(ag_args_source(&a, "count"), AG_SRC_FLAG);
    assert_string_equal(ag_args_str(&a, "colour"), "blue");
    assert_int_equal(ag_args_num(&a, "timeout"), 30);
    size_t n;
    char *const *tags = ag_args_list(&a, "tag", &n);
    assert_int_equal(n, 3);
    assert_string_equal(tags[0], "a");
    assert_string_equal(tags[1], "b");
    assert_string_equal(tags[2], "");
    assert_int_equal(ag_args_source(&a, "tag"), AG_SRC_FLAG);
    assert_string_equal(ag_args_str(&a, "video-file"), "clip.mp4");
    assert_string_equal(ag_args_str(&a, "old-name"), "legacy"); /* hidden rows still parse */

    /* The handler's view: every value in its typed field, sources by field. */
    const struct test_opts *o = a.opts;
    assert_string_equal(o->title, "hello world");
    assert_true(o->comments); /* the default */
    assert_false(o->verbose);
    assert_int_equal(o->count, 5);
    assert_string_equal(o->colour, "blue");
    assert_int_equal(o->timeout, 30);
    assert_int_equal(o->tag.n, 3);
    assert_string_equal(o->tag.items[1], "b");
    assert_null(o->secret);
    assert_string_equal(o->video_file, "clip.mp4");
    assert_string_equal(o->old_name, "legacy");
    assert_int_equal(ag_args_src(&a, &o->title), AG_SRC_FLAG);
    assert_int_equal(ag_args_src(&a, &o->comments), AG_SRC_DEFAULT);
    assert_int_equal(ag_args_src(&a, &o->secret), AG_SRC_UNSET);
    assert_int_equal(ag_args_src(&a, &o->tag), AG_SRC_FLAG);
    ag_args_free(&a);

    /* Short options, separate and attached values, bundled booleans. */
    assert_int_equal(PARSE(&test_action, &a, &err, "-t", "short", "-n7", "-v"), 0);
    assert_string_equal(ag_args_str(&a, "title"), "short");
    assert_int_equal(ag_args_num(&a, "count"), 7);
    assert_int_equal(ag_args_num(&a, "verbose"), 1);
    assert_int_equal(ag_args_source(&a, "verbose"), AG_SRC_FLAG);
    ag_args_free(&a);
    assert_int_equal(PARSE(&test_action, &a, &err, "-vn", "2"), 0);
    assert_int_equal(ag_args_num(&a, "verbose"), 1);
    assert_int_equal(ag_args_num(&a, "count"), 2);
    ag_args_free(&a);

    /* The word after a long option is its value, whatever it looks like; the last occurrence wins. */
    assert_int_equal(
        PARSE(&test_action, &a, &err, "--title", "--count", "--title", "-x", "--count", "-v", "--count", "4"),
        -AG_EUSAGE);
    assert_string_equal(err.msg, "invalid value '-v' for --count: expected an integer from 1 to 10");
    assert_int_equal(PARSE(&test_action, &a, &err, "--title", "--count", "--title", "-x", "--count", "4"), 0);
    assert_string_equal(ag_args_str(&a, "title"), "-x");
    assert_int_equal(ag_args_num(&a, "count"), 4);
    ag_args_free(&a);
}

static void test_bool_negation(void **state)
{
    (void)state;
    struct ag_args a;
    struct ag_error err = {0};
    assert_int_equal(PARSE(&test_action, &a, &err, "--no-comments"), 0);
    assert_int_equal(ag_args_num(&a, "comments"), 0);
    assert_string_equal(ag_args_str(&a, "comments"), "false");
    assert_int_equal(ag_args_source(&a, "comments"), AG_SRC_FLAG);
    ag_args_free(&a);

    assert_int_equal(
        PARSE(&test_action, &a, &err, "--no-comments", "--comments", "--verbose", "--no-verbose"), 0);
    assert_int_equal(ag_args_num(&a, "comments"), 1);
    assert_int_equal(ag_args_num(&a, "verbose"), 0);
    assert_true(ag_args_is_set(&a, "verbose"));
    ag_args_free(&a);

    /* Booleans take no value, and only booleans have a --no- form. */
    expect_usage(PARSE(&test_action, &a, &err, "--comments=yes"), &err, "option '--comments' takes no value");
    expect_usage(PARSE(&test_action, &a, &err, "--no-comments=1"), &err,
                 "option '--comments' takes no value");
    expect_usage(PARSE(&test_action, &a, &err, "--no-title"), &err, "unknown option '--no-title'");
    expect_usage(PARSE(&test_action, &a, &err, "--no-comment"), &err, "unknown option '--no-comment'");
}

/* ---- env and precedence ---- */

static void test_env_fallback_and_precedence(void **state)
{
    (void)state;
    struct ag_args a;
    struct ag_error err = {0};
    setenv("T_TITLE", "from env", 1);
    setenv("T_COUNT", "5", 1);
    setenv("T_COMMENTS", "no", 1);
    setenv("T_COLOUR", "green", 1);
    setenv("T_TAG", "envtag", 1);

    /* env beats the default (Python Agoras got this wrong). */
    assert_int_equal(PARSE0(&test_action, &a, &err), 0);
    assert_string_equal(ag_args_str(&a, "title"), "from env");
    assert_int_equal(ag_args_source(&a, "title"), AG_SRC_ENV);
    assert_int_equal(ag_args_num(&a, "count"), 5);
    assert_int_equal(ag_args_source(&a, "count"), AG_SRC_ENV);
    assert_int_equal(ag_args_num(&a, "comments"), 0);
    assert_int_equal(ag_args_source(&a, "comments"), AG_SRC_ENV);
    assert_string_equal(ag_args_str(&a, "colour"), "green");
    size_t n;
    char *const *tags = ag_args_list(&a, "tag", &n);
    assert_int_equal(n, 1);
    assert_string_equal(tags[0], "envtag");
    assert_int_equal(ag_args_source(&a, "tag"), AG_SRC_ENV);
    ag_args_free(&a);

    /* A flag beats env. */
    assert_int_equal(PARSE(&test_action, &a, &err, "--title", "from flag", "--count", "8", "--comments",
                           "--colour", "blue", "--tag", "flagtag"),
                     0);
    assert_string_equal(ag_args_str(&a, "title"), "from flag");
    assert_int_equal(ag_args_source(&a, "title"), AG_SRC_FLAG);
    assert_int_equal(ag_args_num(&a, "count"), 8);
    assert_int_equal(ag_args_num(&a, "comments"), 1);
    assert_string_equal(ag_args_str(&a, "colour"), "blue");
    tags = ag_args_list(&a, "tag", &n);
    assert_int_equal(n, 1);
    assert_string_equal(tags[0], "flagtag");
    ag_args_free(&a);

    /* An empty flag value counts as absent: env is used; an empty env counts as absent: default. */
    setenv("T_COLOUR", "", 1);
    assert_int_equal(PARSE(&test_action, &a, &err, "--count", "", "--title="), 0);
    assert_int_equal(ag_args_num(&a, "count"), 5);
    assert_int_equal(ag_args_source(&a, "count"), AG_SRC_ENV);
    assert_string_equal(ag_args_str(&a, "title"), "from env");
    assert_string_equal(ag_args_str(&a, "colour"), "red");
    assert_int_equal(ag_args_source(&a, "colour"), AG_SRC_DEFAULT);
    ag_args_free(&a);

    /* Env booleans in any case. */
    setenv("T_COMMENTS", "ON", 1);
    assert_int_equal(PARSE0(&test_action, &a, &err), 0);
    assert_int_equal(ag_args_num(&a, "comments"), 1);
    ag_args_free(&a);
}

/* The store step: rows with a store_field come from the account record when flag and env are unset. */
struct cred_opts {
    const char *token, *chat, *mode;
};
static const struct ag_option cred_options[] = {
    AG_OPT_STR(struct cred_opts, token, .name = "bot-token", .env = "T_FAKE_TOKEN",
               .store_field = "bot_token", .flags = AG_OPT_REQUIRED | AG_OPT_SECRET | AG_OPT_NO_FLAG,
               .help = "the bot's token"),
    AG_OPT_STR(struct cred_opts, chat, .name = "chat-id", .env = "T_FAKE_CHAT", .store_field = "chat_id",
               .flags = AG_OPT_REQUIRED, .help = "the chat"),
    AG_OPT_STR(struct cred_opts, mode, .name = "mode", .store_field = "mode", .def = "plain",
               .help = "a mode"),
    {0},
};
static const struct ag_action cred_action = {.name = "act",
                                             .summary = "Uses stored credentials.",
                                             .options = cred_options,
                                             .opts_size = sizeof(struct cred_opts),
                                             .run = run_nothing};
static const struct ag_credential fake_credentials[] = {
    {.flag = "bot-token",
     .env = "T_FAKE_TOKEN",
     .store_field = "bot_token",
     .flags = AG_CRED_SECRET | AG_CRED_TOKEN,
     .help = "the bot's token"},
    {.flag = "chat-id",
     .env = "T_FAKE_CHAT",
     .store_field = "chat_id",
     .flags = AG_CRED_ID,
     .help = "the chat"},
    {0},
};
static const struct ag_network fake_net = {
    .name = "fakenet", .display = "FakeNet", .credentials = fake_credentials};

static void test_store_step(void **state)
{
    (void)state;
    char dir[] = "/tmp/agoras-options-XXXXXX";
    assert_non_null(mkdtemp(dir));
    setenv("AGORAS_STORAGE_DIR", dir, 1);
    unsetenv("AGORAS_STORAGE_KEY");
    unsetenv("T_FAKE_TOKEN");
    unsetenv("T_FAKE_CHAT");
    struct ag_args a;
    struct ag_error err = {0};
    parse_net = &fake_net;

    /* Nothing stored: the missing credential is named with its env variable and the fix. */
    assert_int_equal(PARSE0(&cred_action, &a, &err), -AG_EAUTH); /* a missing credential is exit 3 */
    assert_string_equal(err.msg,
                        "missing T_FAKE_TOKEN: set it, or run 'agoras fakenet authorize' to store it");
    /* A NO_FLAG row has no --flag. */
    expect_usage(PARSE(&cred_action, &a, &err, "--bot-token", "x"), &err, "unknown option '--bot-token'");

    json_t *rec = json_pack("{s:s, s:I, s:s}", "bot_token", "123:stored-token-value", "chat_id",
                            (json_int_t)-100042, "mode", "HTML");
    assert_int_equal(ag_account_save(&fake_net, "-100042", rec, 0, &err), 0);
    json_decref(rec);

    /* Store below flag and env, above the default; integers read as text; stored secrets are redacted. */
    assert_int_equal(PARSE0(&cred_action, &a, &err), 0);
    const struct cred_opts *o = a.opts;
    assert_string_equal(o->token, "123:stored-token-value");
    assert_string_equal(o->chat, "-100042");
    assert_string_equal(o->mode, "HTML");
    assert_int_equal(ag_args_src(&a, &o->token), AG_SRC_STORE);
    assert_int_equal(ag_args_src(&a, &o->mode), AG_SRC_STORE);
    char line[128] = "token 123:stored-token-value";
    ag_log_redact(line);
    assert_null(strstr(line, "stored-token-value"));
    ag_args_free(&a);

    setenv("T_FAKE_TOKEN", "456:env-token", 1);
    assert_int_equal(PARSE(&cred_action, &a, &err, "--chat-id", "@flagchat", "--mode", "MarkdownV2"), 0);
    o = a.opts;
    assert_string_equal(o->token, "456:env-token");
    assert_int_equal(ag_args_src(&a, &o->token), AG_SRC_ENV);
    assert_string_equal(o->chat, "@flagchat");
    assert_int_equal(ag_args_src(&a, &o->chat), AG_SRC_FLAG);
    assert_string_equal(o->mode, "MarkdownV2");
    ag_args_free(&a);

    /* Every store row set by flag or env: the store is never read (a corrupt one does not matter). */
    setenv("AGORAS_STORAGE_DIR", "/nonexistent/agoras-options", 1);
    assert_int_equal(PARSE(&cred_action, &a, &err, "--chat-id", "7", "--mode", "x"), 0);
    ag_args_free(&a);

    /* Without a network the store step is skipped. */
    parse_net = NULL;
    unsetenv("T_FAKE_TOKEN");
    assert_int_equal(PARSE(&cred_action, &a, &err, "--chat-id", "7"), -AG_EAUTH);
    assert_string_equal(err.msg, "missing T_FAKE_TOKEN: set it, or run 'agoras  authorize' to store it");
    unsetenv("AGORAS_STORAGE_DIR");
    char cmd[128];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

static void test_validation_messages(void **state)
{
    (void)state;
    struct ag_args a;
    struct ag_error err = {0};
    expect_usage(PARSE(&test_action, &a, &err, "--count", "11"), &err,
                 "invalid value '11' for --count: expected an integer from 1 to 10");
    expect_usage(PARSE(&test_action, &a, &err, "-n", "0"), &err,
                 "invalid value '0' for --count: expected an integer from 1 to 10");
    expect_usage(PARSE(&test_action, &a, &err, "--count=5x"), &err,
                 "invalid value '5x' for --count: expected an integer from 1 to 10");
    expect_usage(PARSE(&test_action, &a, &err, "--count", "99999999999999999999"), &err,
                 "invalid value '99999999999999999999' for --count: expected an integer from 1 to 10");
    expect_usage(PARSE(&test_action, &a, &err, "--timeout", "0"), &err,
                 "invalid value '0' for --timeout: expected a number of seconds from 1 to 3600");
    expect_usage(PARSE(&test_action, &a, &err, "--timeout", "1.5"), &err,
                 "invalid value '1.5' for --timeout: expected a number of seconds from 1 to 3600");
    expect_usage(PARSE(&test_action, &a, &err, "--colour", "purple"), &err,
                 "invalid value 'purple' for --colour: choose from red, green, blue");
    expect_usage(PARSE(&test_action, &a, &err, "--colour", "RED"), &err,
                 "invalid value 'RED' for --colour: choose from red, green, blue");

    /* From env, the message names the variable, not the flag. */
    setenv("T_COLOUR", "Red", 1);
    expect_usage(PARSE0(&test_action, &a, &err), &err,
                 "invalid value 'Red' for T_COLOUR: choose from red, green, blue");
    unsetenv("T_COLOUR");
    setenv("T_COUNT", "-1", 1);
    expect_usage(PARSE0(&test_action, &a, &err), &err,
                 "invalid value '-1' for T_COUNT: expected an integer from 1 to 10");
    unsetenv("T_COUNT");
    setenv("T_COMMENTS", "maybe", 1);
    expect_usage(PARSE0(&test_action, &a, &err), &err,
                 "invalid value 'maybe' for T_COMMENTS: use true/false, yes/no, on/off or 1/0");
    /* A flag overrides a bad env value: env is never consulted then. */
    assert_int_equal(PARSE(&test_action, &a, &err, "--no-comments"), 0);
    assert_int_equal(ag_args_num(&a, "comments"), 0);
    ag_args_free(&a);
    /* After a failed parse, args holds nothing to free and freeing is harmless. */
    assert_int_equal(PARSE0(&test_action, &a, &err), -AG_EUSAGE);
    assert_null(a.values);
    ag_args_free(&a);
}

static void test_unknown_and_abbreviated(void **state)
{
    (void)state;
    struct ag_args a;
    struct ag_error err = {0};
    expect_usage(PARSE(&test_action, &a, &err, "--bogus"), &err, "unknown option '--bogus'");
    /* The value after '=' is not echoed (it might be a secret typed under a misspelt name). */
    expect_usage(PARSE(&test_action, &a, &err, "--secrett=hunter22"), &err, "unknown option '--secrett'");
    expect_usage(PARSE(&test_action, &a, &err, "-z"), &err, "unknown option '-z'");
    expect_usage(PARSE(&test_action, &a, &err, "-vz"), &err, "unknown option '-z'");
    /* No abbreviations, even unambiguous ones. */
    expect_usage(PARSE(&test_action, &a, &err, "--titl", "x"), &err, "unknown option '--titl'");
    expect_usage(PARSE(&test_action, &a, &err, "--titl=x"), &err, "unknown option '--titl'");
    expect_usage(PARSE(&test_action, &a, &err, "--verb"), &err, "unknown option '--verb'");
    expect_usage(PARSE(&test_action, &a, &err, "--no-comm"), &err, "unknown option '--no-comm'");
    expect_usage(PARSE(&test_action, &a, &err, "--hel"), &err, "unknown option '--hel'");
    expect_usage(PARSE(&test_action, &a, &err, "--log", "DEBUG"), &err, "unknown option '--log'");
    expect_usage(PARSE(&test_action, &a, &err, "--titles", "x"), &err, "unknown option '--titles'");
    /* A later unknown option is found even after valid ones. */
    expect_usage(PARSE(&test_action, &a, &err, "--title", "x", "-v", "--bogus"), &err,
                 "unknown option '--bogus'");
}

static void test_missing_value_and_positional(void **state)
{
    (void)state;
    struct ag_args a;
    struct ag_error err = {0};
    expect_usage(PARSE(&test_action, &a, &err, "--title"), &err, "option '--title' needs a value");
    expect_usage(PARSE(&test_action, &a, &err, "-v", "--count"), &err, "option '--count' needs a value");
    expect_usage(PARSE(&test_action, &a, &err, "-t"), &err, "option '-t' needs a value");
    expect_usage(PARSE(&test_action, &a, &err, "--loglevel"), &err, "option '--loglevel' needs a value");
    expect_usage(PARSE(&test_action, &a, &err, "-l"), &err, "option '-l' needs a value");

    expect_usage(PARSE(&test_action, &a, &err, "extra"), &err, "unexpected argument 'extra'");
    expect_usage(PARSE(&test_action, &a, &err, "--title", "x", "extra", "-v"), &err,
                 "unexpected argument 'extra'");
    expect_usage(PARSE(&test_action, &a, &err, "--", "--title"), &err, "unexpected argument '--title'");
}

static void test_required(void **state)
{
    (void)state;
    struct ag_args a;
    struct ag_error err = {0};
    expect_usage(PARSE0(&required_action, &a, &err), &err,
                 "missing required option '--name' (or set T_NAME)");
    expect_usage(PARSE(&required_action, &a, &err, "--name", "bob"), &err, "missing required option '--id'");
    /* An empty value is no value. */
    expect_usage(PARSE(&required_action, &a, &err, "--name", "", "--id", "1"), &err,
                 "missing required option '--name' (or set T_NAME)");
    setenv("T_NAME", "", 1);
    expect_usage(PARSE(&required_action, &a, &err, "--id", "1"), &err,
                 "missing required option '--name' (or set T_NAME)");

    setenv("T_NAME", "alice", 1);
    assert_int_equal(PARSE(&required_action, &a, &err, "--id", "1"), 0);
    assert_string_equal(ag_args_str(&a, "name"), "alice");
    assert_int_equal(ag_args_source(&a, "name"), AG_SRC_ENV);
    ag_args_free(&a);
    assert_int_equal(PARSE(&required_action, &a, &err, "--id", "1", "--name", "bob"), 0);
    assert_string_equal(ag_args_str(&a, "name"), "bob");
    ag_args_free(&a);
}

static void test_help(void **state)
{
    (void)state;
    struct ag_args a;
    struct ag_error err = {0};
    assert_int_equal(PARSE(&test_action, &a, &err, "-h"), 1);
    assert_null(a.values);
    ag_args_free(&a);
    assert_int_equal(PARSE(&test_action, &a, &err, "--title", "x", "--help"), 1);
    /* Help wins over missing required options: `agoras tiktok status --help` must work. */
    assert_int_equal(PARSE(&required_action, &a, &err, "--help"), 1);
    assert_int_equal(err.code, AG_OK);
    /* But an unknown option is still an error. */
    expect_usage(PARSE(&test_action, &a, &err, "--bogus", "-h"), &err, "unknown option '--bogus'");
}

static void test_loglevel_after_action(void **state)
{
    (void)state;
    struct ag_args a;
    struct ag_error err = {0};
    ag_log_set_level(AG_LOG_INFO);
    assert_int_equal(PARSE(&test_action, &a, &err, "-l", "DEBUG", "--title", "x"), 0);
    assert_int_equal(ag_log_get_level(), AG_LOG_DEBUG);
    assert_string_equal(ag_args_str(&a, "title"), "x");
    ag_args_free(&a);
    assert_int_equal(PARSE(&test_action, &a, &err, "--title", "x", "--loglevel=warning"), 0);
    assert_int_equal(ag_log_get_level(), AG_LOG_WARNING);
    ag_args_free(&a);
    assert_int_equal(PARSE(&test_action, &a, &err, "--loglevel", "ERROR"), 0);
    assert_int_equal(ag_log_get_level(), AG_LOG_ERROR);
    ag_args_free(&a);
    assert_int_equal(PARSE(&test_action, &a, &err, "-lcritical"), 0);
    assert_int_equal(ag_log_get_level(), AG_LOG_CRITICAL);
    ag_args_free(&a);

    expect_usage(PARSE(&test_action, &a, &err, "-l", "LOUD"), &err,
                 "invalid value 'LOUD' for --loglevel: choose from DEBUG, INFO, WARNING, ERROR, CRITICAL");
    expect_usage(PARSE(&test_action, &a, &err, "--loglevel=", "--title", "x"), &err,
                 "invalid value '' for --loglevel: choose from DEBUG, INFO, WARNING, ERROR, CRITICAL");
    assert_int_equal(ag_log_get_level(), AG_LOG_CRITICAL);
}

/* ---- secrets ---- */

static int all_zero(const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i])
            return 0;
    return 1;
}

static void test_secret_wiped_from_argv(void **state)
{
    (void)state;
    char w0[] = "act", w1[] = "--secret", w2[] = "S3CRETVALUE", w3[] = "--title", w4[] = "S3CRET-in-title";
    char w5[] = "--secret=S3CRETVALUE2", w6[] = "-s", w7[] = "S3CRETVALUE3";
    char *argv[] = {w0, w1, w2, w3, w4, w5, w6, w7, NULL};
    struct ag_args a;
    struct ag_error err = {0};
    assert_int_equal(ag_args_parse(NULL, &test_action, 8, argv, &a, &err), 0);
    /* The strings themselves are zeroed (getopt may reorder the pointers, not the bytes). */
    assert_true(all_zero(w2, strlen("S3CRETVALUE")));
    assert_string_equal(w5, "--secret=");
    assert_true(all_zero(w5 + 9, strlen("S3CRETVALUE2")));
    assert_true(all_zero(w7, strlen("S3CRETVALUE3")));
    /* Non-secret values are left alone. */
    assert_string_equal(w4, "S3CRET-in-title");
    assert_string_equal(w1, "--secret");
    /* The last occurrence is the value, still readable from args. */
    assert_string_equal(ag_args_str(&a, "secret"), "S3CRETVALUE3");
    assert_int_equal(ag_args_source(&a, "secret"), AG_SRC_FLAG);
    ag_args_free(&a);

    /* Every secret value seen is registered for log redaction. */
    char line[] = "x S3CRETVALUE3 y S3CRETVALUE z";
    ag_log_redact(line);
    assert_string_equal(line, "x [REDACTED] y [REDACTED] z");
}

static void test_secret_from_env_redacted(void **state)
{
    (void)state;
    struct ag_args a;
    struct ag_error err = {0};
    setenv("T_SECRET", "env-secret-value", 1);
    assert_int_equal(PARSE0(&test_action, &a, &err), 0);
    assert_string_equal(ag_args_str(&a, "secret"), "env-secret-value");
    assert_string_equal(getenv("T_SECRET"), "env-secret-value");
    ag_args_free(&a);
    char line[] = "secret=env-secret-value";
    ag_log_redact(line);
    assert_string_equal(line, "secret=[REDACTED]");
}

static void test_secret_known_before_errors(void **state)
{
    (void)state;
    struct ag_args a;
    struct ag_error err = {0};
    setenv("T_SECRET", "env-secret-value", 1);
    /* The error comes before getopt reaches the secret flag: its value must still be redactable. */
    expect_usage(
        PARSE(&test_action, &a, &err, "--count", "flag-secret-value", "--secret", "flag-secret-value"), &err,
        "invalid value 'flag-secret-value' for --count: expected an integer from 1 to 10");
    ag_log_redact(err.msg);
    assert_string_equal(err.msg, "invalid value '[REDACTED]' for --count: expected an integer from 1 to 10");
    expect_usage(
        PARSE(&test_action, &a, &err, "--count", "other-secret-value", "--secret=other-secret-value"), &err,
        "invalid value 'other-secret-value' for --count: expected an integer from 1 to 10");
    ag_log_redact(err.msg);
    assert_string_equal(err.msg, "invalid value '[REDACTED]' for --count: expected an integer from 1 to 10");
    /* And the env secret, which is only resolved after the flags. */
    expect_usage(PARSE(&test_action, &a, &err, "--title", "x", "env-secret-value"), &err,
                 "unexpected argument 'env-secret-value'");
    ag_log_redact(err.msg);
    assert_string_equal(err.msg, "unexpected argument '[REDACTED]'");
}

/* ---- re-entrancy ---- */

static void test_parse_twice(void **state)
{
    (void)state;
    struct ag_args a, b;
    struct ag_error err = {0};
    /* Leave getopt in the middle of a bundle ("-vz" stops at z), then parse again from scratch. */
    expect_usage(PARSE(&test_action, &a, &err, "-vz", "--title", "x"), &err, "unknown option '-z'");
    assert_int_equal(PARSE(&test_action, &a, &err, "-n", "4", "--title", "first"), 0);
    assert_int_equal(PARSE(&test_action, &b, &err, "--title", "second", "-v"), 0);
    assert_string_equal(ag_args_str(&a, "title"), "first");
    assert_int_equal(ag_args_num(&a, "count"), 4);
    assert_int_equal(ag_args_num(&a, "verbose"), 0);
    assert_string_equal(ag_args_str(&b, "title"), "second");
    assert_int_equal(ag_args_num(&b, "count"), 3);
    assert_int_equal(ag_args_num(&b, "verbose"), 1);
    ag_args_free(&a);
    ag_args_free(&b);
    /* A different table in between: getopt's long-option state is not reused. */
    assert_int_equal(PARSE(&required_action, &a, &err, "--name", "n", "--id", "i"), 0);
    ag_args_free(&a);
    expect_usage(PARSE(&test_action, &a, &err, "--name", "n"), &err, "unknown option '--name'");
}

/* ---- help and listing ---- */

static char *capture_help(const struct ag_action *action, int table)
{
    char *text = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&text, &size);
    assert_non_null(out);
    if (table)
        ag_options_print_table(out, "agoras test act", action);
    else
        ag_options_print_help(out, "agoras test act", action);
    assert_int_equal(fclose(out), 0);
    return text;
}

static void assert_contains(const char *haystack, const char *needle)
{
    if (!strstr(haystack, needle))
        fail_msg("expected to find\n%s\nin\n%s", needle, haystack);
}

static void test_print_help(void **state)
{
    (void)state;
    char *h = capture_help(&test_action, 0);
    char row[256];
    static const char head[] = "usage: agoras test act [options]\n\nA test action.\n\nOptions:\n";
    assert_memory_equal(h, head, strlen(head));
    snprintf(row, sizeof(row), "\n  %-30s %s\n", "-t, --title TEXT", "the title");
    assert_contains(h, row);
    snprintf(row, sizeof(row), "\n  %-30s (env: T_TITLE)\n", "");
    assert_contains(h, row);
    snprintf(row, sizeof(row), "\n  %-30s %s\n  %-30s (default: true; env: T_COMMENTS)\n", "--[no-]comments",
             "allow comments", "");
    assert_contains(h, row);
    snprintf(row, sizeof(row), "\n  %-30s %s\n  %-30s (default: 3; env: T_COUNT)\n", "-n, --count N",
             "how many", "");
    assert_contains(h, row);
    snprintf(row, sizeof(row), "\n  %-30s %s\n  %-30s one of: red,green,blue\n", "--colour VALUE",
             "which colour", "");
    assert_contains(h, row);
    snprintf(row, sizeof(row), "\n  %-30s %s\n  %-30s (default: 60)\n", "--timeout SECONDS", "how long", "");
    assert_contains(h, row);
    snprintf(row, sizeof(row), "\n  %-30s %s (repeatable)\n", "--tag TAG", "a tag");
    assert_contains(h, row);
    snprintf(row, sizeof(row), "\n  %-30s %s\n", "--video-file PATH", "a file");
    assert_contains(h, row);
    snprintf(row, sizeof(row), "\n  %-30s %s\n", "-l, --loglevel LEVEL", "logger verbosity on stderr");
    assert_contains(h, row);
    snprintf(row, sizeof(row), "\n  %-30s %s\n", "-h, --help", "show this help and exit");
    assert_contains(h, row);
    assert_contains(h, "Precedence: flag > environment variable > token store > default.");
    /* Hidden rows are not shown. */
    assert_null(strstr(h, "old-name"));
    free(h);

    h = capture_help(&required_action, 0);
    snprintf(row, sizeof(row), "\n  %-30s %s (required)\n  %-30s (env: T_NAME)\n", "--name NAME", "who", "");
    assert_contains(h, row);
    free(h);
}

static size_t count_char(const char *s, char c)
{
    size_t n = 0;
    for (; *s; s++)
        n += *s == c;
    return n;
}

static void test_print_table(void **state)
{
    (void)state;
    char *t = capture_help(&test_action, 1);
    /* One line per row, hidden ones included, ten TAB-separated fields each. */
    size_t rows = sizeof(test_options) / sizeof(test_options[0]) - 1;
    assert_int_equal(count_char(t, '\n'), rows);
    char *save = NULL;
    size_t lines = 0;
    char *copy = strdup(t);
    assert_non_null(copy);
    for (char *line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        assert_int_equal(count_char(line, '\t'), 9);
        assert_null(strstr(line, "\t\t")); /* empty fields are "-" */
        lines++;
    }
    assert_int_equal(lines, rows);
    free(copy);
    assert_contains(t, "agoras test act\ttitle\tt\tstring\tT_TITLE\t-\t-\t-\tTEXT\tthe title\n");
    assert_contains(t, "agoras test act\tcomments\t-\tbool\tT_COMMENTS\ttrue\t-\t-\t-\tallow comments\n");
    assert_contains(t, "agoras test act\tcount\tn\tint\tT_COUNT\t3\t-\t-\tN\thow many\n");
    assert_contains(
        t, "agoras test act\tcolour\t-\tenum\tT_COLOUR\tred\tred,green,blue\t-\tVALUE\twhich colour\n");
    assert_contains(t, "agoras test act\ttimeout\t-\tseconds\t-\t60\t-\t-\tSECONDS\thow long\n");
    assert_contains(t, "agoras test act\ttag\t-\tlist\tT_TAG\t-\t-\t-\tTAG\ta tag\n");
    assert_contains(t, "agoras test act\tsecret\ts\tstring\tT_SECRET\t-\t-\tsecret\tSECRET\tthe secret\n");
    assert_contains(t, "agoras test act\tvideo-file\t-\tfile\t-\t-\t-\t-\tPATH\ta file\n");
    assert_contains(t, "agoras test act\told-name\t-\tstring\t-\t-\t-\thidden\tTEXT\tcompatibility alias\n");
    free(t);

    t = capture_help(&required_action, 1);
    assert_contains(t, "agoras test act\tname\t-\tstring\tT_NAME\t-\t-\trequired\tNAME\twho\n");
    free(t);
    t = capture_help(&empty_action, 1);
    assert_string_equal(t, "");
    free(t);
}

/* Every table of the registry passes the check that debug builds run at start-up. */
static void test_registry_tables_check(void **state)
{
    (void)state;
    char msg[256] = "";
    size_t n = 0;
    for (const struct ag_network *const *p = ag_networks; *p; p++)
        for (const struct ag_action *const *a = (*p)->actions; *a; a++, n++)
            if (ag_options_check(*a, msg, sizeof(msg)) < 0)
                fail_msg("agoras %s %s: %s", (*p)->name, (*a)->name, msg);
    assert_true(n > 10);
}

/* Each kind of mistake in a table is caught and named. */
struct check_opts {
    const char *a, *b;
    int64_t n;
    bool flag;
};
#define C struct check_opts
static void test_options_check_finds_mistakes(void **state)
{
    (void)state;
    static const char *const none[] = {NULL};
    static const struct {
        struct ag_option rows[3];
        const char *expect;
    } bad[] = {
        {{AG_OPT_STR(C, a, .name = "a", .help = "x"), AG_OPT_STR(C, b, .name = "a", .help = "y")},
         "option '--a': long name used twice"},
        {{AG_OPT_STR(C, a, .name = "a", .short_name = 'a', .help = "x"),
          AG_OPT_STR(C, b, .name = "b", .short_name = 'a', .help = "y")},
         "option '--b': short name used twice"},
        {{AG_OPT_STR(C, a, .name = "a", .env = "E", .help = "x"),
          AG_OPT_STR(C, b, .name = "b", .env = "E", .help = "y")},
         "option '--b': env variable used twice"},
        {{AG_OPT_STR(C, a, .name = "a", .help = "x"), AG_OPT_STR(C, a, .name = "b", .help = "y")},
         "option '--b': field bound twice"},
        {{AG_OPT_STR(C, a, .name = "a", .help = "")}, "option '--a': no help"},
        {{AG_OPT_CHOICE(C, a, .name = "a", .choices = none, .help = "x")},
         "option '--a': enum without choices"},
        {{AG_OPT_NUM(C, n, .name = "a", .min = 5, .max = 1, .help = "x")}, "option '--a': min above max"},
        {{AG_OPT_STR(C, a, .name = "a", .def = "d", .flags = AG_OPT_REQUIRED, .help = "x")},
         "option '--a': required with a default"},
        {{AG_OPT_STR(C, a, .name = "a", .flags = AG_OPT_SECRET, .help = "x")},
         "option '--a': secret without an env variable (a flag shows in ps)"},
        {{AG_OPT_STR(C, a, .name = "a", .flags = AG_OPT_NO_FLAG, .help = "x")},
         "option '--a': no flag and no env variable"},
        {{AG_OPT_FLAG(C, flag, .name = "a", .def = "maybe", .help = "x")},
         "option '--a': default does not parse"},
        {{AG_OPT_SECS(C, n, .name = "a", .def = "0", .min = 1, .max = 10, .help = "x")},
         "option '--a': default does not parse"},
        /* A field past the struct the action declares (opts_size below) is caught. */
        {{{.name = "a", .type = AG_OPT_INT, .offset = sizeof(struct check_opts), .help = "x"}},
         "option '--a': field outside the action's options struct (opts_size)"},
    };
    char msg[256];
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        struct ag_action action = {
            .name = "t", .options = bad[i].rows, .opts_size = sizeof(struct check_opts)};
        assert_int_equal(ag_options_check(&action, msg, sizeof(msg)), -1);
        assert_string_equal(msg, bad[i].expect);
    }
    assert_int_equal(ag_options_check(&test_action, msg, sizeof(msg)), 0);
    /* The same table under a smaller struct is refused. */
    struct ag_action small = test_action;
    small.opts_size = sizeof(struct test_opts) - 1;
    assert_int_equal(ag_options_check(&small, msg, sizeof(msg)), -1);
}
#undef C

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_registry_tables_check),
        cmocka_unit_test(test_options_check_finds_mistakes),
        cmocka_unit_test_setup_teardown(test_defaults_only, setup, teardown),
        cmocka_unit_test_setup_teardown(test_flag_forms, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bool_negation, setup, teardown),
        cmocka_unit_test_setup_teardown(test_env_fallback_and_precedence, setup, teardown),
        cmocka_unit_test_setup_teardown(test_store_step, setup, teardown),
        cmocka_unit_test_setup_teardown(test_validation_messages, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unknown_and_abbreviated, setup, teardown),
        cmocka_unit_test_setup_teardown(test_missing_value_and_positional, setup, teardown),
        cmocka_unit_test_setup_teardown(test_required, setup, teardown),
        cmocka_unit_test_setup_teardown(test_help, setup, teardown),
        cmocka_unit_test_setup_teardown(test_loglevel_after_action, setup, teardown),
        cmocka_unit_test_setup_teardown(test_secret_wiped_from_argv, setup, teardown),
        cmocka_unit_test_setup_teardown(test_secret_from_env_redacted, setup, teardown),
        cmocka_unit_test_setup_teardown(test_secret_known_before_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_parse_twice, setup, teardown),
        cmocka_unit_test_setup_teardown(test_print_help, setup, teardown),
        cmocka_unit_test_setup_teardown(test_print_table, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
