/* Unit tests for core/browser.c with fake browsers (shell scripts that record their arguments). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/browser.h"
#include "core/error.h"

#define URL "https://example.com/auth?a=1&b=$(touch%20pwned);`id`|x' \"q\""

static char dir[64];
static char out[128];
static char saved_path[4096];

/* Each argument on its own line, then where stdin and stdout point. Written atomically. */
static const char fake[] =
    "#!/bin/sh\n"
    "PATH=/usr/bin:/bin\n"
    "fds=$(readlink /proc/$$/fd/0 /proc/$$/fd/1)\n"
    "{ for a in \"$@\"; do printf '%s\\n' \"$a\"; done; echo \"$fds\"; } > \"$FAKE_OUT.tmp\"\n"
    "mv \"$FAKE_OUT.tmp\" \"$FAKE_OUT\"\n";

static void write_file(const char *name, const char *text, mode_t mode)
{
    char path[256];
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs(text, fp);
    fclose(fp);
    assert_int_equal(chmod(path, mode), 0);
}

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof(dir), "/tmp/agoras-test-browser-XXXXXX");
    if (!mkdtemp(dir))
        return -1;
    snprintf(out, sizeof(out), "%s/out", dir);
    snprintf(saved_path, sizeof(saved_path), "%s", getenv("PATH") ? getenv("PATH") : "/usr/bin:/bin");
    setenv("FAKE_OUT", out, 1);
    char bin[128];
    snprintf(bin, sizeof(bin), "%s/bin", dir);
    mkdir(bin, 0700);
    write_file("fake", fake, 0700);
    write_file("bin/xdg-open", fake, 0700);
    write_file("noexec", fake, 0600);
    write_file("badinterp", "#!/nonexistent/interpreter\n", 0700);
    write_file("exit3", "#!/bin/sh\nexit 3\n", 0700); /* xdg-open on a machine without a browser */
    write_file("killed", "#!/bin/sh\nkill -TERM $$\n", 0700);
    write_file("envdump", "#!/bin/sh\nenv > \"$FAKE_OUT.tmp\"\nmv \"$FAKE_OUT.tmp\" \"$FAKE_OUT\"\n", 0700);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[128];
    setenv("PATH", saved_path, 1);
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

static int reset(void **state)
{
    (void)state;
    unlink(out);
    unsetenv("BROWSER");
    setenv("PATH", saved_path, 1);
    return 0;
}

/* The fake browser's record (waits for it: the browser is not waited for by the code under test). */
static char *recorded(void)
{
    static char buf[4096];
    for (int i = 0; i < 500; i++) {
        FILE *fp = fopen(out, "r");
        if (fp) {
            size_t n = fread(buf, 1, sizeof(buf) - 1, fp);
            fclose(fp);
            buf[n] = '\0';
            return buf;
        }
        struct timespec ts = {0, 10000000L};
        nanosleep(&ts, NULL);
    }
    fail_msg("the fake browser did not run");
    return NULL;
}

#define BROWSER_ENV(...)                                                                                     \
    do {                                                                                                     \
        char value_[256];                                                                                    \
        snprintf(value_, sizeof(value_), __VA_ARGS__);                                                       \
        setenv("BROWSER", value_, 1);                                                                        \
    } while (0)

static void test_placeholder_replaced(void **state)
{
    (void)state;
    BROWSER_ENV("%s/fake --new-tab %%s --x", dir);
    assert_int_equal(ag_browser_open(URL, NULL), 0);
    assert_string_equal(recorded(), "--new-tab\n" URL "\n--x\n/dev/null\n/dev/null\n");
}

static void test_url_appended(void **state)
{
    (void)state;
    BROWSER_ENV("  %s/fake\t--flag  ", dir);
    assert_int_equal(ag_browser_open(URL, NULL), 0);
    assert_string_equal(recorded(), "--flag\n" URL "\n/dev/null\n/dev/null\n");
}

static void test_placeholder_inside_argument(void **state)
{
    (void)state;
    BROWSER_ENV("%s/fake --app=%%s", dir);
    assert_int_equal(ag_browser_open("https://a.example/", NULL), 0);
    assert_string_equal(recorded(), "--app=https://a.example/\n/dev/null\n/dev/null\n");
    assert_int_equal(access("pwned", F_OK), -1); /* no shell ever saw the URL */
}

static void test_alternatives(void **state)
{
    (void)state;
    BROWSER_ENV("no-such-browser-agoras:%s/noexec:%s/fake", dir, dir);
    assert_int_equal(ag_browser_open("https://b.example/", NULL), 0);
    assert_string_equal(recorded(), "https://b.example/\n/dev/null\n/dev/null\n");
}

static void test_nothing_starts(void **state)
{
    (void)state;
    setenv("BROWSER", "no-such-browser-agoras", 1);
    assert_int_equal(ag_browser_open("https://c.example/", NULL), -AG_EFAIL);
    BROWSER_ENV("%s/badinterp", dir); /* found, but exec fails: reported through the pipe */
    assert_int_equal(ag_browser_open("https://c.example/", NULL), -AG_EFAIL);
    BROWSER_ENV("%s/noexec", dir);
    assert_int_equal(ag_browser_open("https://c.example/", NULL), -AG_EFAIL);
    assert_int_equal(ag_browser_open("", NULL), -AG_EFAIL);
}

static void test_xdg_open_from_path(void **state)
{
    (void)state;
    char path[128];
    snprintf(path, sizeof(path), "/nonexistent:%s/bin", dir);
    setenv("PATH", path, 1);
    assert_int_equal(ag_browser_open("https://d.example/", NULL), 0);
    assert_string_equal(recorded(), "https://d.example/\n/dev/null\n/dev/null\n");
    setenv("PATH", "/nonexistent", 1); /* neither xdg-open nor open */
    assert_int_equal(ag_browser_open("https://d.example/", NULL), -AG_EFAIL);
}

/* A command that fails at once is a failure, with the reason, and the next one is tried. */
static void test_failing_commands(void **state)
{
    (void)state;
    struct ag_error err = {0};
    BROWSER_ENV("%s/exit3", dir);
    assert_int_equal(ag_browser_open("https://e.example/", &err), -AG_EFAIL);
    assert_non_null(strstr(err.msg, "exit3' exited with status 3"));
    BROWSER_ENV("%s/killed", dir);
    assert_int_equal(ag_browser_open("https://e.example/", &err), -AG_EFAIL);
    assert_non_null(strstr(err.msg, "killed' was killed by signal 15"));
    BROWSER_ENV("%s/exit3:no-such-browser-agoras", dir);
    assert_int_equal(ag_browser_open("https://e.example/", &err), -AG_EFAIL);
    assert_non_null(strstr(err.msg, "exited with status 3; 'no-such-browser-agoras' not found"));
    BROWSER_ENV("%s/exit3:%s/fake", dir, dir);
    assert_int_equal(ag_browser_open("https://f.example/", &err), 0);
    assert_string_equal(recorded(), "https://f.example/\n/dev/null\n/dev/null\n");
}

/* The browser gets agoras's environment without its secrets; agoras's own is unchanged. */
static void test_environment_without_secrets(void **state)
{
    (void)state;
    setenv("AGORAS_STORAGE_KEY", "storage-key-value", 1);
    setenv("TIKTOK_CLIENT_SECRET", "client-secret-value", 1);
    setenv("DISPLAY", ":42", 1);
    setenv("XDG_ACTIVATION_TOKEN", "activation", 1);
    BROWSER_ENV("%s/envdump", dir);
    assert_int_equal(ag_browser_open("https://g.example/", NULL), 0);
    const char *env = recorded();
    assert_null(strstr(env, "storage-key-value"));
    assert_null(strstr(env, "client-secret-value"));
    assert_non_null(strstr(env, "DISPLAY=:42\n"));
    assert_non_null(strstr(env, "XDG_ACTIVATION_TOKEN=activation\n"));
    assert_string_equal(getenv("AGORAS_STORAGE_KEY"), "storage-key-value");
    assert_string_equal(getenv("TIKTOK_CLIENT_SECRET"), "client-secret-value");
    unsetenv("AGORAS_STORAGE_KEY");
    unsetenv("TIKTOK_CLIENT_SECRET");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_placeholder_replaced, reset),
        cmocka_unit_test_setup(test_url_appended, reset),
        cmocka_unit_test_setup(test_placeholder_inside_argument, reset),
        cmocka_unit_test_setup(test_alternatives, reset),
        cmocka_unit_test_setup(test_nothing_starts, reset),
        cmocka_unit_test_setup(test_xdg_open_from_path, reset),
        cmocka_unit_test_setup(test_failing_commands, reset),
        cmocka_unit_test_setup(test_environment_without_secrets, reset),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
