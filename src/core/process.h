/* Process-wide hardening done once at start-up. */
#ifndef AG_PROCESS_H
#define AG_PROCESS_H

/*
 * No core dumps: decrypted tokens and the client secret live in this process's memory, and a core
 * file (or a debugger attaching without privileges) would hand them to whoever reads it.  Sets
 * PR_SET_DUMPABLE to 0 (also keeps /proc/<pid>/mem and ptrace from other processes of the user out)
 * and RLIMIT_CORE to 0 (soft and hard, inherited by helpers we spawn).  Returns 0, or -1 if either
 * failed (errno set); the other one is still applied.
 */
int ag_process_no_core_dumps(void);

#endif
