/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What a tool's own BPF programs cost, from the kernel's run-time
 * statistics (BPF_ENABLE_STATS, enabled only while the tool runs): runs and
 * nanoseconds per attached program, and the share of all CPUs they took.
 */
#ifndef DAXSCOPE_SELFCOST_H
#define DAXSCOPE_SELFCOST_H

#include <stdbool.h>
#include <stdio.h>
#include <time.h>
#include <json-c/json.h>
#include <linux/types.h>

#include "probes.h"

struct prog_cost {
	const char *name;
	__u64 runs, run_ns;
	__u64 misses;		/* runs the kernel skipped (recursion) */
};

struct self_cost {
	bool enabled;		/* the statistics are on: runs/run_ns mean something */
	int n;
	struct prog_cost prog[PROBES_MAX_PROGS];
	__u64 runs, run_ns, misses;	/* sums */
	struct timespec ts;	/* when read (CLOCK_MONOTONIC) */
};

/* Turns the statistics on for as long as this process lives; a notice
 * (and nothing reported) when the kernel refuses. */
void selfcost_enable(void);

/* Reads the attached programs of p. */
void selfcost_read(const struct probes *p, struct self_cost *c);

/* cur - prev per program (same probes, same order). */
void selfcost_delta(const struct self_cost *cur, const struct self_cost *prev,
		    struct self_cost *d);

/* Share of all online CPUs used by the programs over d's interval. */
double selfcost_cpu_share(const struct self_cost *d, double secs);

/* Output: a table block, a JSON object (null when off), Prometheus. */
void selfcost_print(const struct self_cost *d, double secs);
json_object *selfcost_json(const struct self_cost *d, double secs);
void selfcost_prom(FILE *f, const char *prefix, const struct self_cost *total, double secs);

#endif
