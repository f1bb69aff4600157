/* SPDX-License-Identifier: GPL-2.0 */
/* What every DAX tool's main shares: its name in messages, one-line fatal
 * errors, libbpf's messages, and the interval loop's timer. */
#ifndef DAXSCOPE_TOOL_H
#define DAXSCOPE_TOOL_H

#include <signal.h>
#include <stdbool.h>

extern const char *tool_name;	/* set by main: prefixes every message */
extern bool tool_verbose;	/* -v: libbpf debug output */

/* "<tool>: <message>" on stderr and exit 1. */
void __attribute__((noreturn, format(printf, 1, 2))) fatal(const char *fmt, ...);
/* "<tool>: <message>" on stderr (a notice; the run goes on). */
void __attribute__((format(printf, 1, 2))) notice(const char *fmt, ...);

struct argp_state;
/* argp ARGP_KEY_ARG: "[interval [count]]", interval at least min_s. */
void tool_parse_interval(struct argp_state *state, const char *arg, double min_s,
			 double *interval, long *count);

/* Routes libbpf's messages to stderr, debug ones only with tool_verbose. */
void tool_libbpf_setup(void);

/* Blocks SIGINT and SIGTERM (before any thread starts) so that
 * tool_wait() takes them. */
void tool_block_signals(void);
/* Sleeps one interval; true when SIGINT or SIGTERM came instead. */
bool tool_wait(double interval_s);

#endif
