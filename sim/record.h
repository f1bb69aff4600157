/* SPDX-License-Identifier: GPL-2.0 */
/* Reading daxrec1 recordings (the format is in README.md). */
#ifndef DAXSIM_RECORD_H
#define DAXSIM_RECORD_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define DAXREC_FORMAT "daxrec1"

enum rec_op { REC_READ, REC_WRITE, REC_EVICT };
enum rec_path { REC_FAULT, REC_IOMAP };

struct rec {
	uint64_t time_ns;
	uint64_t granule;	/* granule index (offset / granule bytes) */
	uint32_t inode;		/* dense id of INO, 0.. */
	uint8_t op;		/* enum rec_op */
	uint8_t path;		/* enum rec_path */
};

struct trace {
	/* Header. window and range are 0 when the header does not give them. */
	uint64_t granule, sample_unit, window, range;
	double sample_rate;
	/* CLOCK_REALTIME - CLOCK_BOOTTIME when recording began (daxstat
	 * --record), to line TIME_NS up with wall-clock times; 0 if absent. */
	int64_t realtime_offset_ns;
	int has_realtime_offset;

	struct rec *recs;	/* the selected device's records, in order */
	size_t nrecs;
	uint32_t ninodes;
	char *dev;		/* the device of the records kept */
};

/*
 * Reads a whole recording. dev selects one device (NULL: the recording must
 * hold one only). Returns 0, or -1 with "NAME:LINE: what" (or "NAME: what")
 * in err, or -2 on I/O or memory errors with the reason in err.
 */
int trace_read(struct trace *t, FILE *f, const char *name, const char *dev,
	       char *err, size_t errlen);
void trace_free(struct trace *t);

/* r continues prev's iomap extent inside the same model range: the
 * recorder writes one line per granule of an extent, all with the extent's
 * time. In the kernel the whole extent is one fuse_iomap_begin(), so the
 * model sees one reference per (extent, range). */
int rec_same_extent(const struct rec *prev, const struct rec *r, unsigned shift);

/* Distinct (inode, granule >> shift) among the reads and writes. */
uint64_t trace_footprint(const struct trace *t, unsigned shift);

/* The sampling hash of (INO, unit index) and the keep test. */
uint64_t daxrec_hash(uint64_t ino, uint64_t unit);
int daxrec_keep(uint64_t hash, double rate);

#endif
