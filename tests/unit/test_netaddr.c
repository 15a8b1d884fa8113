/* Unit tests for core/netaddr.c: which addresses media URLs may not reach (no network used). */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>

#include <cmocka.h>

#include "core/netaddr.h"

/* The kind ag_netaddr_nonpublic gives the textual address, "" for public. */
static const char *kind_of(const char *text)
{
    struct sockaddr_storage ss;
    memset(&ss, 0, sizeof(ss));
    struct sockaddr_in *in = (struct sockaddr_in *)&ss;
    struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&ss;
    if (inet_pton(AF_INET, text, &in->sin_addr) == 1)
        in->sin_family = AF_INET;
    else if (inet_pton(AF_INET6, text, &in6->sin6_addr) == 1)
        in6->sin6_family = AF_INET6;
    else
        fail_msg("bad test address %s", text);
    const char *kind = ag_netaddr_nonpublic((struct sockaddr *)&ss);
    return kind ? kind : "";
}

static void test_kinds(void **state)
{
    (void)state;
    static const struct {
        const char *addr, *kind;
    } cases[] = {
        {"0.0.0.0", "unspecified"},
        {"0.1.2.3", "unspecified"},
        {"10.0.0.1", "private"},
        {"10.255.255.255", "private"},
        {"100.64.0.1", "carrier-grade NAT"},
        {"100.127.255.255", "carrier-grade NAT"},
        {"127.0.0.1", "loopback"},
        {"127.255.0.9", "loopback"},
        {"169.254.169.254", "link-local"},
        {"172.16.0.1", "private"},
        {"172.31.255.255", "private"},
        {"192.0.0.8", "reserved"},
        {"192.168.1.1", "private"},
        {"198.18.0.1", "reserved"},
        {"224.0.0.1", "multicast"},
        {"240.0.0.1", "reserved"},
        {"255.255.255.255", "reserved"},
        {"::", "unspecified"},
        {"::1", "loopback"},
        {"::ffff:127.0.0.1", "loopback"},
        {"::ffff:169.254.169.254", "link-local"},
        {"::ffff:10.0.0.1", "private"},
        {"::ffff:0.0.0.0", "unspecified"},
        {"::192.168.0.1", "private"},
        {"64:ff9b::a9fe:a9fe", "link-local"},
        {"fc00::1", "unique local"},
        {"fd00::1", "unique local"},
        {"fdff:ffff::1", "unique local"},
        {"fe80::1", "link-local"},
        {"febf::1", "link-local"},
        {"fec0::1", "site-local"},
        {"ff02::1", "multicast"},
        /* Public: the neighbours of every range, and ordinary addresses. */
        {"1.1.1.1", ""},
        {"8.8.8.8", ""},
        {"9.255.255.255", ""},
        {"11.0.0.0", ""},
        {"100.63.255.255", ""},
        {"100.128.0.0", ""},
        {"126.255.255.255", ""},
        {"128.0.0.0", ""},
        {"169.253.255.255", ""},
        {"169.255.0.0", ""},
        {"172.15.255.255", ""},
        {"172.32.0.0", ""},
        {"192.167.255.255", ""},
        {"192.169.0.0", ""},
        {"223.255.255.255", ""},
        {"2606:4700:4700::1111", ""},
        {"2001:4860:4860::8888", ""},
        {"::ffff:8.8.8.8", ""},
        {"fbff::1", ""},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        if (strcmp(kind_of(cases[i].addr), cases[i].kind) != 0)
            fail_msg("%s: '%s', expected '%s'", cases[i].addr, kind_of(cases[i].addr), cases[i].kind);
}

static void test_text_and_other_families(void **state)
{
    (void)state;
    struct sockaddr_in in = {.sin_family = AF_INET};
    struct sockaddr other = {.sa_family = AF_UNIX};
    char text[INET6_ADDRSTRLEN];
    in.sin_addr.s_addr = htonl(0xa9fea9fe);
    assert_string_equal(ag_netaddr_text((struct sockaddr *)&in, text, sizeof(text)), "169.254.169.254");
    assert_string_equal(ag_netaddr_nonpublic(&other), "not IP");
    assert_string_equal(ag_netaddr_nonpublic(NULL), "not IP");
    assert_string_equal(ag_netaddr_text(&other, text, sizeof(text)), "an unknown address");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kinds),
        cmocka_unit_test(test_text_and_other_families),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
