# shellcheck shell=bash
# What the man page and completion tests share: an agoras that knows one network more than the real
# one, "example", through its tables only, to show that the generators serve a new network with no
# edit of theirs.  Its "post" action has a flag (--text) and an env-only row (EXAMPLE_TOKEN, noflag);
# its credentials and API base are listed by --credentials-table.  Source it.

# fake_network_binary REAL_AGORAS DIR: writes DIR/agoras, which runs REAL_AGORAS and, for the three
# tables, adds the example network's rows.  Prints its path.
fake_network_binary() {
	local real=$1 stub=$2/agoras
	cat >"$stub" <<STUB
#!/usr/bin/env bash
"$real" "\$@" || exit
case \$1 in
--commands-table)
	printf 'example\t-\tExample: a made-up network\t-\n'
	printf 'example\tpost\tPost a text.\t-\n' ;;
--options-table)
	printf 'agoras example post\ttext\t-\tstring\tEXAMPLE_TEXT\t-\t-\trequired\tTEXT\twhat to say\n'
	printf 'agoras example post\ttoken\t-\tstring\tEXAMPLE_TOKEN\t-\t-\trequired,secret,noflag\tTEXT\tthe bot token\n' ;;
--credentials-table)
	printf 'example\tExample\tcredential\tEXAMPLE_CHAT\tchat_id\t-\tid\tthe chat to post to\n'
	printf 'example\tExample\tcredential\tEXAMPLE_TOKEN\ttoken\t-\tsecret,token\tthe bot token\n'
	printf 'example\tExample\tapi-base\tAGORAS_EXAMPLE_API_BASE\tapi\t-\t-\thttps://api.example.org\n' ;;
esac
STUB
	chmod +x "$stub"
	echo "$stub"
}
