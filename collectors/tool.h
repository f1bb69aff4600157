/* SPDX-License-Identifier: GPL-2.0 */
/* What every DAX tool's main shares: its name in messages, one-line fatal
 * errors, libbpf's messages, the start (arguments, mounts, kernel, probes)
 * and the interval loop. */
#ifndef DAXSCOPE_TOOL_H
#define DAXSCOPE_TOOL_H

#include <signal.h>
#include <stdbool.h>
#include <linux/types.h>

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

struct argp;
struct probes;
struct probe_loader;

struct tool_start {
	const char *name;		/* tool_name */
	const struct argp *argp;
	const char *const *mount;	/* the -m option, read once parsed */
	__u32 *filter_dev;		/* set from it, for the BPF filter */
	struct probes *probes;
	const struct probe_loader *loader;
	/* After the mount and kernel checks: sets the probes' policy and
	 * want, calls probes_plan(), and checks what loading needs. */
	void (*plan)(struct probes *p);
};

/*
 * The start of every tool: parses the arguments (argp_parse's error is
 * returned, 0 goes on), routes libbpf's messages, finds the DAX mounts,
 * checks the kernel, plans, loads and attaches the probes, and blocks the
 * signals for tool_wait(). Every other failure is a one-line fatal error.
 */
int tool_start(const struct tool_start *t, int argc, char **argv);

/* Work between ticks: fn runs at least every period_s seconds (daxstat
 * --record drains its ring buffer so). */
struct tool_idle {
	void (*fn)(void);
	double period_s;
};

/*
 * Calls tick every interval until count ticks (count > 0), SIGINT or
 * SIGTERM. The probes are detached before the last tick, so that it reads
 * every event that completed. Ticks keep to a fixed schedule (CLOCK_MONOTONIC
 * deadlines), however long tick and idle take. idle may be NULL.
 */
void tool_run(double interval_s, long count, struct probes *p, volatile __u32 *stopped,
	      void (*tick)(bool last), const struct tool_idle *idle);

#endif
