/* SPDX-License-Identifier: GPL-2.0 */
/*
 * daxstat's outputs: the table, JSON lines, CSV and the Prometheus exporter
 * are each one struct daxstat_output_ops in a file of their own
 * (daxstat_table.c, _json.c, _csv.c, _prom.c); main picks one from the
 * options and calls it at each step of a run. Below them, what the outputs
 * read of daxstat.c.
 */
#ifndef DAXSCOPE_DAXSTAT_OUTPUT_H
#define DAXSCOPE_DAXSTAT_OUTPUT_H

#include <stdbool.h>
#include <time.h>
#include <linux/types.h>

#include "../bpf/daxstat.h"
#include "devs.h"
#include "estimate_feed.h"
#include "selfcost.h"

/* The maps at one moment, or the change between two reads. */
struct snapshot {
	struct ds_stats s;
	bool conn_seen;
	long long nr_free;
	unsigned long long nr_ranges;
	struct self_cost cost;
	struct timespec ts;
};

struct daxstat_output_ops {
	const char *name;
	const char *note;	/* added to the "tracing" notice; may be NULL */
	/* Before that notice, so that it follows what can fail here. zero:
	 * the first read, which every total starts from. May be NULL. */
	void (*start)(const struct snapshot *zero);
	/* After the notice, before the first interval. May be NULL. */
	void (*header)(void);
	/* One interval: d changed over secs seconds. NULL: no rows, and the
	 * maps are read once more only, for the summary. */
	void (*row)(const struct snapshot *d, double secs);
	/* The whole run, after the last interval. */
	void (*summary)(const struct snapshot *d, double secs);
};

extern const struct daxstat_output_ops daxstat_table, daxstat_json, daxstat_csv, daxstat_prom;

/* ---- daxstat.c ------------------------------------------------------------ */

extern struct daxstat_env {
	bool json, csv, hists, partial, prom, hits, latency, faults;
	const char *mount;
	const char *probes;	/* auto, tracepoints, fentry or kprobe */
	const char *prom_addr;
	double interval;
	long count;
} env;

/* What a value needs: [functions or tracepoints][either of two sets]. */
struct need {
	unsigned int set[2][2];
};

struct counter_def {
	const char *name;	/* JSON/CSV key; Prometheus daxscope_dax_<name>_total */
	const char *label;	/* table summary */
	const char *help;	/* Prometheus HELP */
	struct need need;
};

struct hist_def {
	const char *name;
	const char *help;
	struct need need;
};

extern const struct counter_def counters[DS_NR_CNT];
extern const struct hist_def hists[DS_NR_HIST];

/* Whether the attached probes count it: what they do not is unavailable,
 * never 0. */
bool cnt_avail(int c);
bool hist_avail(int h);
bool gauges_ok(const struct snapshot *s);

/* Per traced mount that asked for DAX: devs.c's values, and the window
 * estimate with --estimate. */
struct dev_view {
	struct dev_info m;
	bool reads_known;	/* the read probe is attached: m.nondax_reads counts */
	bool est;		/* --estimate models this mount: e holds its answers */
	struct estf_view e;
};

/* Up to max (DS_MAX_DEVS at most), now; safe from the exporter's thread. */
int dev_views(struct dev_view *v, int max);

/* "slow paths", "hits + latency + faults" ... */
const char *mode_name(void);
/* probes_describe() of the attached probes. */
const char *probes_in_use(void);
/* Safe from the exporter's thread. */
void read_snapshot(struct snapshot *snap);
/* The format -j or -c chose (else the table): also the summary's under
 * --prometheus. */
const struct daxstat_output_ops *output_format(void);

#endif
