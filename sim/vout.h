/* SPDX-License-Identifier: GPL-2.0 */
/* daxsim --validate's output: a table or JSON lines. */
#ifndef DAXSIM_VOUT_H
#define DAXSIM_VOUT_H

#include <stddef.h>
#include <stdint.h>

enum { VM_NEW_MAPPINGS, VM_RECLAIMS, VM_HIT_RATIO, VM_N };

/* One compared quantity. Counts are in units, the hit ratio in [0, 1]. */
struct vmetric {
	int has_pred, has_meas;	/* no: null counters, or a ratio of nothing */
	double pred, meas;
	int judged;		/* both sides known: err is meaningful */
	int inf;		/* measured 0, predicted not */
	double err;		/* counts: % of measured; hit ratio: points */
	double spread;		/* of the repeats: % of their mean; points */
	int over;
};

struct vline {
	const char *workload;
	uint64_t window, range;
	size_t repeats;		/* cells with daxstat intervals in them */
	struct vmetric m[VM_N];
	double tolerance;	/* %: max(15, the largest spread) */
	int over;
};

/* Where a guest's worker timing came from: --reclaim-ns, its daxstat
 * summary's histogram of the worker's time per reclaimed range or of
 * FUSE_REMOVEMAPPING, or nowhere (the instant worker). */
enum { VW_OPTION, VW_WORKER, VW_REMOVEMAPPING, VW_NONE, VW_NSRC };

extern const char *const vworker_source_names[VW_NSRC];

struct vinfo {
	const char *dir;
	size_t guests, cells;	/* compared */
	size_t not_ok, no_daxstat, no_rec;	/* dax cells left out */
	int reclaim_given;	/* --reclaim-ns, for every guest */
	uint64_t reclaim_ns;	/* ... its value */
	int only_remove;	/* --reclaim-from removemapping */
	size_t by_source[VW_NSRC];	/* guests */
	uint64_t min_ns, max_ns;	/* of the measured ones */
};

/* A compared guest's worker: reclaim_ns 0 is the instant worker. */
struct vguest_info {
	const char *guest;
	uint64_t window, range, reclaim_ns;
	int source;		/* VW_* */
	uint64_t count, sum_ns;	/* the histogram's, when measured */
};

struct vsummary {
	const struct vinfo *in;
	size_t lines, over, no_data;
	int has_max, max_inf;
	double max_err;
};

struct vout_ops {
	void (*header)(const struct vinfo *in);
	void (*guest)(const struct vguest_info *g);	/* before its lines */
	void (*line)(const struct vline *l);
	void (*summary)(const struct vsummary *s);
};

extern const struct vout_ops vout_table, vout_json;
extern const char *const vmetric_names[VM_N];

#endif
