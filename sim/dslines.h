/* SPDX-License-Identifier: GPL-2.0 */
/* daxstat -j's interval lines (collectors/daxstat_json.c): the counters
 * that validate compares, with the interval's end on the wall clock. */
#ifndef DAXSIM_DSLINES_H
#define DAXSIM_DSLINES_H

#include <stddef.h>
#include <stdint.h>

enum ds_counter { DS_HITS, DS_NEW_MAPPINGS, DS_UPGRADES, DS_RECLAIM_INLINE,
		  DS_RECLAIM_BACKGROUND, DS_NCOUNTERS };

extern const char *const ds_counter_names[DS_NCOUNTERS];

struct ds_interval {
	int64_t end_ms;		/* "time": ms since the epoch, UTC */
	int64_t len_ns;		/* "interval_s" */
	uint64_t v[DS_NCOUNTERS];
	unsigned null_mask;	/* bit c: counter c was null or absent */
};

struct ds_lines {
	struct ds_interval *iv;
	size_t n;
};

/* Reads path's interval lines; other types are skipped, and so is a cut last
 * line (no newline, not JSON: the guest stopped). Returns 0, -1 with
 * "PATH:LINE: what" or "PATH: what" in err. */
int ds_lines_read(const char *path, struct ds_lines *out, char *err, size_t errlen);
void ds_lines_free(struct ds_lines *l);

/* A summary histogram's totals. */
struct ds_hist {
	int has;		/* present (not null or absent) */
	uint64_t count, sum_ns;
};

/* What the last "summary" line says of the time reclaim takes. */
struct ds_summary {
	int found;				/* a summary line */
	struct ds_hist removemapping;		/* per FUSE_REMOVEMAPPING request */
	struct ds_hist reclaim_background;	/* per range the worker freed */
};

/* Reads path's last summary line; lines that are not JSON objects are
 * skipped here (ds_lines_read() judges them). Returns 0, or -1 with
 * "PATH:LINE: what" or "PATH: what" in err. */
int ds_summary_read(const char *path, struct ds_summary *out, char *err, size_t errlen);

/* "2026-11-24T05:32:20.168Z" -> ms since the epoch; -1 if malformed. */
int64_t iso_ms(const char *s);

#endif
