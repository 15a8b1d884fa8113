/*
 * Unit tests for platforms/discord/pick.c: a server or channel chosen by exact name or by id, an
 * ambiguous name refused listing each candidate's id, a missing one refused listing what exists
 * (bounded), channels that are not text or announcement refused naming their type.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/error.h"
#include "platforms/discord/pick.h"

static const char guilds_json[] =
    "[{\"id\":\"11\",\"name\":\"Sandbox Server\"},{\"id\":\"12\",\"name\":\"Twin\"},"
    "{\"id\":\"13\",\"name\":\"Twin\"},{\"id\":\"14\",\"name\":\"sandbox server\"}]";

static const char channels_json[] =
    "[{\"id\":\"21\",\"name\":\"general\",\"type\":0},{\"id\":\"22\",\"name\":\"announcements\",\"type\":5},"
    "{\"id\":\"23\",\"name\":\"voice-room\",\"type\":2},{\"id\":\"24\",\"name\":\"dup\",\"type\":0},"
    "{\"id\":\"25\",\"name\":\"dup\",\"type\":0},{\"id\":\"26\",\"name\":\"general\",\"type\":2},"
    "{\"id\":\"27\",\"name\":\"Stuff\",\"type\":4}]";

static void test_guild(void **state)
{
    (void)state;
    json_t *g = json_loads(guilds_json, 0, NULL);
    struct dc_place p;
    struct ag_error err = {0};
    assert_int_equal(dc_pick_guild(g, "Sandbox Server", &p, &err), 0);
    assert_string_equal(p.id, "11");
    assert_string_equal(p.name, "Sandbox Server");
    assert_int_equal(dc_pick_guild(g, "13", &p, &err), 0); /* an id */
    assert_string_equal(p.name, "Twin");

    assert_int_equal(dc_pick_guild(g, "Twin", &p, &err), -AG_EUSAGE);
    assert_non_null(strstr(err.msg, "2 servers are named 'Twin'"));
    assert_non_null(strstr(err.msg, "(id 12)"));
    assert_non_null(strstr(err.msg, "(id 13)"));

    assert_int_equal(dc_pick_guild(g, "sandbox", &p, &err), -AG_EUSAGE); /* exact only */
    assert_non_null(strstr(err.msg, "no server named 'sandbox'"));
    assert_non_null(strstr(err.msg, "'Sandbox Server'"));
    assert_int_equal(dc_pick_guild(g, "99", &p, &err), -AG_EUSAGE); /* an id not there */
    json_decref(g);
}

static void test_missing_list_bounded(void **state)
{
    (void)state;
    json_t *g = json_array();
    for (int i = 0; i < 50; i++) {
        char id[8], name[16];
        snprintf(id, sizeof(id), "%d", 100 + i);
        snprintf(name, sizeof(name), "guild %d", i);
        json_array_append_new(g, json_pack("{s:s, s:s}", "id", id, "name", name));
    }
    struct dc_place p;
    struct ag_error err = {0};
    assert_int_equal(dc_pick_guild(g, "nope", &p, &err), -AG_EUSAGE);
    assert_non_null(strstr(err.msg, "'guild 9'"));
    assert_null(strstr(err.msg, "'guild 10'"));
    assert_non_null(strstr(err.msg, "…"));
    json_decref(g);

    g = json_array();
    assert_int_equal(dc_pick_guild(g, "x", &p, &err), -AG_EUSAGE);
    assert_non_null(strstr(err.msg, "(its servers: none)"));
    json_decref(g);
}

static void test_channel(void **state)
{
    (void)state;
    json_t *c = json_loads(channels_json, 0, NULL);
    struct dc_place p;
    struct ag_error err = {0};
    /* "general" is also a voice channel's name: only the text one counts. */
    assert_int_equal(dc_pick_channel(c, "general", "S", &p, &err), 0);
    assert_string_equal(p.id, "21");
    assert_int_equal(dc_pick_channel(c, "announcements", "S", &p, &err), 0);
    assert_string_equal(p.id, "22");
    assert_int_equal(dc_pick_channel(c, "25", "S", &p, &err), 0);
    assert_string_equal(p.name, "dup");

    assert_int_equal(dc_pick_channel(c, "dup", "S", &p, &err), -AG_EUSAGE);
    assert_non_null(strstr(err.msg, "'dup' (id 24), 'dup' (id 25)"));
    assert_int_equal(dc_pick_channel(c, "voice-room", "S", &p, &err), -AG_EUSAGE);
    assert_non_null(strstr(err.msg, "a voice channel"));
    assert_int_equal(dc_pick_channel(c, "23", "S", &p, &err), -AG_EUSAGE);
    assert_non_null(strstr(err.msg, "a voice channel"));
    assert_int_equal(dc_pick_channel(c, "Stuff", "S", &p, &err), -AG_EUSAGE);
    assert_non_null(strstr(err.msg, "a category"));
    assert_int_equal(dc_pick_channel(c, "#general", "S", &p, &err), -AG_EUSAGE);
    assert_non_null(strstr(err.msg, "no text channel named '#general'"));
    assert_non_null(strstr(err.msg, "'general', 'announcements', 'dup', 'dup'"));
    assert_null(strstr(err.msg, "voice-room"));
    json_decref(c);
}

static void test_snowflake(void **state)
{
    (void)state;
    assert_true(dc_is_snowflake("1000000000000000001"));
    assert_false(dc_is_snowflake(""));
    assert_false(dc_is_snowflake("12a"));
    assert_false(dc_is_snowflake("-1"));
    assert_false(dc_is_snowflake("123456789012345678901")); /* 21 digits */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_guild),
        cmocka_unit_test(test_missing_list_bounded),
        cmocka_unit_test(test_channel),
        cmocka_unit_test(test_snowflake),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
